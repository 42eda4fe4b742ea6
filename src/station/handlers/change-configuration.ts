/**
 * OCPP 1.6 §5.3 ChangeConfiguration: the store decides Accepted / Rejected / RebootRequired /
 * NotSupported from the guide's key table; listeners of the store apply accepted values at once.
 */
import type { OperationSet } from '../station.ts';

export const changeConfiguration: OperationSet = {
  handlers: { ChangeConfiguration: (req, _hctx, st) => ({ status: st.configuration.change(req.key, req.value) }) },
};
