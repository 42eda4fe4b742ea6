/**
 * OCPP 1.6 §5.16 SetChargingProfile. Rejected per the store's checks (unit W on this product, stack
 * level, periods, count, purpose/connector rules, TxProfile without its transaction). The guide's
 * "not used" attributes (minChargingRate, numberPhases) are accepted and ignored.
 */
import type { StationFeature } from '../station.ts';
import type { StationSmartCharging } from '../station-smart-charging.ts';

export function setChargingProfile(sc: StationSmartCharging): StationFeature {
  return (ctx) => {
    ctx.handle('SetChargingProfile', (req) => {
      const outcome = sc.install(req.connectorId, req.csChargingProfiles);
      if (outcome.status === 'Rejected') ctx.log.log('info', `SetChargingProfile rejected: ${outcome.reason}`);
      return { status: outcome.status };
    });
  };
}
