/**
 * Installs firmware update and diagnostics into a station: the procedures, their handlers, and the
 * status notifications they send (sent when online and registered; not queued, as 1.6 §4.8 queues only
 * transaction messages).
 */
import type { StationFeature } from '../station.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { Sessions } from '../sessions/sessions.ts';
import type { FileTransfer } from './transfer-port.ts';
import { FirmwareUpdate } from './firmware-update.ts';
import { DiagnosticsUpload } from './diagnostics-upload.ts';
import { updateFirmware } from '../handlers/update-firmware.ts';
import { getDiagnostics } from '../handlers/get-diagnostics.ts';

export interface FirmwareFeatureOptions {
  model: string;
  store: StationStateStore;
  transfer: FileTransfer;
  frames: () => Array<{ at: number; direction: 'in' | 'out'; text: string }>;
  gzip: (bytes: Uint8Array) => Promise<Uint8Array>;
  sessions: () => Sessions | undefined;
}

export function firmwareFeature(o: FirmwareFeatureOptions): StationFeature {
  return (ctx) => {
    const send = (fn: () => Promise<unknown>): void => { fn().catch((e: unknown) => ctx.log.log('warn', 'status notification not delivered', { error: String(e) })); };
    const fw = new FirmwareUpdate({
      clock: ctx.clock, log: ctx.log, model: o.model, transfer: o.transfer,
      notify: (status) => ctx.uplink.call('FirmwareStatusNotification', { status }).then(() => undefined, (e: unknown) => ctx.log.log('warn', 'FirmwareStatusNotification not delivered', { error: String(e) })),
      whenIdle: (fn) => {
        // A real unit installs only once no transaction runs: check again each time something changes.
        const check = (): boolean => { if ((o.sessions()?.state.connectors ?? []).some((c) => c.tx)) return false; fn(); return true; };
        if (check()) return;
        const off = ctx.events.on('changed', () => { if (check()) off(); });
      },
      install: (version) => {
        o.store.save('firmware', { version });
        ctx.lifecycle.reboot('Firmware');
      },
    });
    const diag = new DiagnosticsUpload({
      clock: ctx.clock, log: ctx.log, chargePointId: ctx.identity.chargePointId, transfer: o.transfer, frames: o.frames,
      get compress() { return ctx.config.bool('compressDiagnostic'); },
      gzip: o.gzip,
      notify: (status) => send(() => ctx.uplink.call('DiagnosticsStatusNotification', { status })),
    });
    updateFirmware(fw)(ctx);
    getDiagnostics(diag)(ctx);
    ctx.onDispose(() => { fw.dispose(); diag.dispose(); });
  };
}
