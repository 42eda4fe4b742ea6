/** OCPP 1.6 §5.5 ClearChargingProfile: Accepted when at least one profile matched and was removed, else Unknown. */
import type { StationFeature } from '../station.ts';
import type { StationSmartCharging } from '../station-smart-charging.ts';

export function clearChargingProfile(sc: StationSmartCharging): StationFeature {
  return (ctx) => {
    ctx.handle('ClearChargingProfile', (req) => {
      const status = sc.profiles.clear(req);
      if (status === 'Accepted') sc.changed();
      return { status };
    });
  };
}
