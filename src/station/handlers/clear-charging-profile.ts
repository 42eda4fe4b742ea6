/** OCPP 1.6 §5.5 ClearChargingProfile: Accepted when at least one profile matched and was removed, else Unknown. */
import type { OperationSet } from '../station.ts';
import { smartChargingOf } from '../station-smart-charging.ts';

export const clearChargingProfile: OperationSet = {
  handlers: {
    ClearChargingProfile: (req, _hctx, st) => {
      const sc = smartChargingOf(st);
      const status = sc.profiles.clear(req);
      if (status === 'Accepted') sc.changed();
      return { status };
    },
  },
};
