/** OCPP 1.6 §5.9 GetDiagnostics: the file name in the confirmation (none when there is nothing to upload); its status is triggerable. */
import type { OperationSet } from '../station.ts';
import { diagnosticsOf } from '../firmware/diagnostics-upload.ts';

export const getDiagnostics: OperationSet = {
  handlers: {
    GetDiagnostics: (req, _hctx, st) => {
      const fileName = diagnosticsOf(st).start(req);
      return fileName ? { fileName } : {};
    },
  },
  triggers: {
    DiagnosticsStatusNotification: (st) => ({
      status: 'Accepted',
      send: () => { st.uplink.call('DiagnosticsStatusNotification', { status: diagnosticsOf(st).status }).catch(() => {}); },
    }),
  },
};
