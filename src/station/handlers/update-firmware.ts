/** OCPP 1.6 §5.19 UpdateFirmware: accepted (empty confirmation) and carried out by FirmwareUpdate; its status is triggerable. */
import type { StationFeature } from '../station.ts';
import type { FirmwareUpdate } from '../firmware/firmware-update.ts';

export function updateFirmware(fw: FirmwareUpdate): StationFeature {
  return (ctx) => {
    ctx.handle('UpdateFirmware', (req) => { fw.start(req); return {}; });
    ctx.onTrigger('FirmwareStatusNotification', () => ({
      status: 'Accepted',
      send: () => { ctx.uplink.call('FirmwareStatusNotification', { status: fw.status }).catch(() => {}); },
    }));
  };
}
