/** OCPP 1.6 §5.9 GetDiagnostics: the file name in the confirmation (none when there is nothing to upload); its status is triggerable. */
import type { StationFeature } from '../station.ts';
import type { DiagnosticsUpload } from '../firmware/diagnostics-upload.ts';

export function getDiagnostics(diag: DiagnosticsUpload): StationFeature {
  return (ctx) => {
    ctx.handle('GetDiagnostics', (req) => {
      const fileName = diag.start(req);
      return fileName ? { fileName } : {};
    });
    ctx.onTrigger('DiagnosticsStatusNotification', () => ({
      status: 'Accepted',
      send: () => { ctx.uplink.call('DiagnosticsStatusNotification', { status: diag.status }).catch(() => {}); },
    }));
  };
}
