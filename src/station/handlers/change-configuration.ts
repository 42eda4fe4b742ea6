/**
 * OCPP 1.6 §5.3 ChangeConfiguration: the store decides Accepted / Rejected / RebootRequired /
 * NotSupported from the guide's key table; listeners of the store apply accepted values at once.
 */
import type { StationFeature } from '../station.ts';

export const changeConfiguration: StationFeature = (ctx) => {
  ctx.handle('ChangeConfiguration', (req) => ({ status: ctx.configuration.change(req.key, req.value) }));
};
