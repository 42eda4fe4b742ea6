/** OCPP 1.6 §5.19 UpdateFirmware: accepted (empty confirmation) and carried out by FirmwareUpdate; its status is triggerable. */
import type { OperationSet } from '../station.ts';
import { firmwareOf } from '../firmware/firmware-update.ts';

export const updateFirmware: OperationSet = {
  handlers: { UpdateFirmware: (req, _hctx, st) => { firmwareOf(st).start(req); return {}; } },
  triggers: {
    FirmwareStatusNotification: (st) => ({
      status: 'Accepted',
      send: () => { st.uplink.call('FirmwareStatusNotification', { status: firmwareOf(st).status }).catch(() => {}); },
    }),
  },
};
