/**
 * Installs firmware update and diagnostics into a station: the procedures, their handlers, and the
 * status notifications they send (sent when online and registered; not queued, as 1.6 §4.8 queues only
 * transaction messages).
 */
import type { OperationSet, StationContext } from '../station.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { FileTransfer } from './transfer-port.ts';
import { FirmwareUpdate, type FirmwareStatus, type FirmwareUpdateContext, type UpdateStage } from './firmware-update.ts';
import { DiagnosticsUpload, type DiagnosticsContext, type DiagnosticsFrame, type DiagnosticsStatus } from './diagnostics-upload.ts';
import type { LogEntry } from './station-log.ts';
import { updateFirmware } from '../handlers/update-firmware.ts';
import { getDiagnostics } from '../handlers/get-diagnostics.ts';

/** Durable-state key of an update under way (see FirmwareUpdate.reportInterrupted). */
const STAGE_KEY = 'firmware-update-stage';

/** The central-system operations of firmware and diagnostics, and their triggers (shared per profile). */
export const firmwareOperations: OperationSet[] = [updateFirmware, getDiagnostics];

export interface FirmwareFeatureOptions {
  model: string;
  store: StationStateStore;
  transfer: FileTransfer;
  /** The station's recent frames (the fleet keeps them). */
  frames: { recentFrames(): DiagnosticsFrame[] };
  /** The station's recent log (its Logger feeds it), for diagnostics files. */
  stationLog: { list(from: number, to: number): LogEntry[] };
  /** Station-clock time flashing an image takes (default 5 s). */
  installMs?: number;
  gzip: (bytes: Uint8Array) => Promise<Uint8Array>;
}

/**
 * What firmware update and diagnostics upload ask of one station: one object with methods rather than
 * a context of closures each (a fleet holds thousands).
 */
class FirmwareStation implements FirmwareUpdateContext, DiagnosticsContext {
  readonly #st: StationContext;
  readonly #o: FirmwareFeatureOptions;
  constructor(st: StationContext, o: FirmwareFeatureOptions) { this.#st = st; this.#o = o; }

  get clock(): StationContext['clock'] { return this.#st.clock; }
  get log(): StationContext['log'] { return this.#st.log; }
  get model(): string { return this.#o.model; }
  get transfer(): FileTransfer { return this.#o.transfer; }
  get installMs(): number { return this.#o.installMs ?? 5000; }
  get chargePointId(): string { return this.#st.identity.chargePointId; }
  get compress(): boolean { return this.#st.config.bool('compressDiagnostic'); }

  notifyFirmware(status: FirmwareStatus): Promise<void> {
    return this.#st.uplink.call('FirmwareStatusNotification', { status }).then(() => undefined, (e: unknown) => this.#st.log.log('warn', 'FirmwareStatusNotification not delivered', { error: String(e) }));
  }

  notifyDiagnostics(status: DiagnosticsStatus): void {
    this.#st.uplink.call('DiagnosticsStatusNotification', { status }).catch((e: unknown) => this.#st.log.log('warn', 'status notification not delivered', { error: String(e) }));
  }

  installPending(pending: boolean): void { this.#st.parts.sessions?.setInstallPending(pending); }

  whenIdle(fn: () => void): void {
    // A real unit installs only once no transaction runs on any connector, and once the central system
    // has the StopTransaction of every session that ended (so it hears of them before Installing, and
    // the reboot leaves nothing to send after it). Checked again after each change, once it is complete.
    const sessions = this.#st.parts.sessions;
    const idle = (): boolean => !(sessions?.state.connectors ?? []).some((c) => c.tx);
    const go = (): void => { void (sessions?.stopsConfirmed() ?? Promise.resolve()).then(fn); };
    if (idle()) { go(); return; }
    let checking = false;
    const off = this.#st.events.on('changed', () => {
      if (checking) return;
      checking = true;
      this.#st.clock.setTimeout(() => { checking = false; if (idle()) { off(); go(); } }, 0);
    });
  }

  install(version: string): void {
    // Nothing should run (sessions were held off), but whatever must stop stops with reason Reboot
    // (1.6 §7.38), before the reboot closes the socket and never as PowerLoss after it.
    void this.#st.runBeforeReboot('Firmware')
      .catch((e: unknown) => this.#st.log.log('warn', 'before-reboot work failed; installing anyway', { error: String(e) }))
      .then(() => { this.#o.store.save('firmware', { version }); this.#st.lifecycle.reboot('Firmware'); });
  }

  loadStage(): UpdateStage | undefined { return this.#o.store.load<UpdateStage>(STAGE_KEY); }
  saveStage(stage: UpdateStage | undefined): void { if (stage) this.#o.store.save(STAGE_KEY, stage); else this.#o.store.remove(STAGE_KEY); }
  frames(): DiagnosticsFrame[] { return this.#o.frames.recentFrames(); }
  logEntries(from: number, to: number): LogEntry[] { return this.#o.stationLog.list(from, to); }
  gzip(bytes: Uint8Array): Promise<Uint8Array> { return this.#o.gzip(bytes); }
}

/**
 * Installs firmware update and diagnostics into one station (its `firmware` and `diagnostics` parts).
 * The station's blueprint must carry `firmwareOperations`.
 */
export function installFirmware(ctx: StationContext, o: FirmwareFeatureOptions): void {
  const host = new FirmwareStation(ctx, o);
  const fw = new FirmwareUpdate(host);
  const diag = new DiagnosticsUpload(host);
  ctx.parts.firmware = fw;
  ctx.parts.diagnostics = diag;
  ctx.events.on('accepted', fw);
  ctx.onDispose(fw);
  ctx.onDispose(diag);
}
