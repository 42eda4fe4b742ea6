/**
 * OCPP 1.6 §5.16 SetChargingProfile. Rejected per the store's checks (unit W on this product, stack
 * level, periods, count, purpose/connector rules, TxProfile without its transaction). The guide's
 * "not used" attributes (minChargingRate, numberPhases) are accepted and ignored.
 */
import type { OperationSet } from '../station.ts';
import { smartChargingOf } from '../station-smart-charging.ts';

export const setChargingProfile: OperationSet = {
  handlers: {
    SetChargingProfile: (req, _hctx, st) => {
      const outcome = smartChargingOf(st).install(req.connectorId, req.csChargingProfiles);
      if (outcome.status === 'Rejected') st.log.log('info', `SetChargingProfile rejected: ${outcome.reason}`);
      return { status: outcome.status };
    },
  },
};
