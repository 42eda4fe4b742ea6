/** OCPP 1.6 §5.8 GetConfiguration: answered from the profile-driven configuration store. */
import type { OperationSet } from '../station.ts';

export const getConfiguration: OperationSet = {
  handlers: { GetConfiguration: (req, _hctx, st) => st.configuration.getConfiguration(req) },
};
