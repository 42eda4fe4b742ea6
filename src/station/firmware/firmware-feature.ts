/**
 * Installs firmware update and diagnostics into a station: the procedures, their handlers, and the
 * status notifications they send (sent when online and registered; not queued, as 1.6 §4.8 queues only
 * transaction messages).
 */
import type { StationFeature } from '../station.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { Sessions } from '../sessions/sessions.ts';
import type { FileTransfer } from './transfer-port.ts';
import { FirmwareUpdate, type UpdateStage } from './firmware-update.ts';
import { DiagnosticsUpload, type DiagnosticsFrame } from './diagnostics-upload.ts';
import type { LogEntry } from './station-log.ts';
import { updateFirmware } from '../handlers/update-firmware.ts';
import { getDiagnostics } from '../handlers/get-diagnostics.ts';

/** Durable-state key of an update under way (see FirmwareUpdate.reportInterrupted). */
const STAGE_KEY = 'firmware-update-stage';

export interface FirmwareFeatureOptions {
  model: string;
  store: StationStateStore;
  transfer: FileTransfer;
  frames: () => DiagnosticsFrame[];
  /** The station's recent log (its Logger feeds a StationLog), for diagnostics files. */
  logEntries: (from: number, to: number) => LogEntry[];
  /** Station-clock time flashing an image takes (default 5 s). */
  installMs?: number;
  gzip: (bytes: Uint8Array) => Promise<Uint8Array>;
  sessions: () => Sessions | undefined;
}

export function firmwareFeature(o: FirmwareFeatureOptions): StationFeature {
  return (ctx) => {
    const send = (fn: () => Promise<unknown>): void => { fn().catch((e: unknown) => ctx.log.log('warn', 'status notification not delivered', { error: String(e) })); };
    const fw = new FirmwareUpdate({
      clock: ctx.clock, log: ctx.log, model: o.model, transfer: o.transfer, installMs: o.installMs ?? 5000,
      stage: { load: () => o.store.load<UpdateStage>(STAGE_KEY), save: (s) => { if (s) o.store.save(STAGE_KEY, s); else o.store.remove(STAGE_KEY); } },
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
      clock: ctx.clock, log: ctx.log, chargePointId: ctx.identity.chargePointId, transfer: o.transfer, frames: o.frames, logEntries: o.logEntries,
      get compress() { return ctx.config.bool('compressDiagnostic'); },
      gzip: o.gzip,
      notify: (status) => send(() => ctx.uplink.call('DiagnosticsStatusNotification', { status })),
    });
    ctx.events.on('accepted', () => fw.reportInterrupted());
    updateFirmware(fw)(ctx);
    getDiagnostics(diag)(ctx);
    ctx.onDispose(() => { fw.dispose(); diag.dispose(); });
  };
}
