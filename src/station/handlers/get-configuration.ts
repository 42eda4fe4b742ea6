/** OCPP 1.6 §5.8 GetConfiguration: answered from the profile-driven configuration store. */
import type { StationFeature } from '../station.ts';

export const getConfiguration: StationFeature = (ctx) => {
  ctx.handle('GetConfiguration', (req) => ctx.configuration.getConfiguration(req));
};
