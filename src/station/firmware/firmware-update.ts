/**
 * OCPP 1.6 §5.19 UpdateFirmware and §4.5 FirmwareStatusNotification: at retrieveDate the station
 * downloads the image (retrying `retries` times every `retryInterval` s), reports Downloading /
 * Downloaded / DownloadFailed, waits until no transaction runs, reports Installing, checks and flashes
 * the image (installMs on the clock), reports Installed and reboots with the new version (or
 * InstallationFailed). All timing on the clock.
 *
 * An update cut short by a reboot it did not ask for (Reset, power loss) cannot finish: the station
 * remembers in its durable state that one was under way and, once registered again, reports
 * DownloadFailed (cut while downloading) or InstallationFailed (cut after Downloaded), then is Idle.
 */
import { partOf, type StationContext } from '../station.ts';
import type { Clock, TimerId } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { FirmwareStatusNotificationReq, UpdateFirmwareReq } from '../../ocpp/index.ts';
import { withoutCredentials, type FileTransfer } from './transfer-port.ts';
import { declaredVersion, verifyFirmwareImage } from './firmware-image.ts';

export type FirmwareStatus = FirmwareStatusNotificationReq['status'];

/** What an update under way had reached, as kept in durable state across an unexpected reboot. */
export type UpdateStage = 'download' | 'install';

export interface FirmwareUpdateContext {
  clock: Clock;
  log: Logger;
  model: string;
  transfer: FileTransfer;
  /** Station-clock time flashing a verified image takes (the station reports Installing meanwhile). */
  installMs: number;
  /** Sends FirmwareStatusNotification; resolves when it was answered (or could not be sent). */
  notifyFirmware(status: FirmwareStatus): Promise<void>;
  /**
   * A downloaded image waits to be installed (true), or no longer does (false): connectors go out of
   * service as they become free and no session may start meanwhile.
   */
  installPending(pending: boolean): void;
  /** Calls `fn` once no transaction runs on any connector (now, if none does). */
  whenIdle(fn: () => void): void;
  /** Installs the version: stop what must stop (reason Reboot), persist the version, then reboot. */
  install(version: string): void;
  /** Durable record of an update under way (undefined: none). */
  loadStage(): UpdateStage | undefined;
  saveStage(stage: UpdateStage | undefined): void;
}

/**
 * What the dashboard and the API show of firmware: the status now (what TriggerMessage would report),
 * the last status sent (kept after the update ends), where the image comes from (credentials hidden),
 * the download attempt and its bytes, and the version the downloaded image declares (null before the
 * download: the version is only known from the image's manifest; it is checked at installation).
 */
export interface FirmwareView {
  status: FirmwareStatus;
  lastStatus: FirmwareStatus | null;
  location: string | null;
  retrieveDate: string | null;
  pendingVersion: string | null;
  /** 1 = the first try; retries add one each. 0 before the download began. */
  attempt: number;
  attempts: number;
  receivedBytes: number;
  totalBytes: number | null;
}

export class FirmwareUpdate {
  #ctx: FirmwareUpdateContext;
  #status: FirmwareStatus = 'Idle';
  #timer: TimerId | undefined;
  #run = 0;
  #abort: AbortController | undefined;
  /** The stage of an update the last reboot cut short (read once, when this station model is built). */
  #interrupted: UpdateStage | undefined;
  /** What view() shows beyond the status; made by the first update (most stations never get one). */
  #shown: Omit<FirmwareView, 'status'> | undefined;

  constructor(ctx: FirmwareUpdateContext) { this.#ctx = ctx; this.#interrupted = ctx.loadStage(); }

  /** Registered (the station's listener): an update a reboot cut short is reported now. */
  accepted(): void { this.reportInterrupted(); }

  /** The status TriggerMessage(FirmwareStatusNotification) reports: Idle unless an update is under way. */
  get status(): FirmwareStatus { return this.#status; }

  view(): FirmwareView {
    return { status: this.#status, ...(this.#shown ?? { lastStatus: null, location: null, retrieveDate: null, pendingVersion: null, attempt: 0, attempts: 0, receivedBytes: 0, totalBytes: null }) };
  }

  /** A new UpdateFirmware replaces one still under way (the newest request is what the CSMS wants). */
  start(req: UpdateFirmwareReq): void {
    this.#cancel();
    const run = this.#run;
    this.#shown = { lastStatus: this.#shown?.lastStatus ?? null, location: withoutCredentials(req.location), retrieveDate: req.retrieveDate,
      pendingVersion: null, attempt: 0, attempts: (req.retries ?? 0) + 1, receivedBytes: 0, totalBytes: null };
    const at = Math.max(0, Date.parse(req.retrieveDate) - this.#ctx.clock.now());
    this.#ctx.log.log('info', `firmware update from ${withoutCredentials(req.location)} at ${req.retrieveDate}`);
    this.#timer = this.#ctx.clock.setTimeout(() => void this.#download(run, req, req.retries ?? 0), at);
  }

  /**
   * Called when the station is registered: the first time after a boot, an update that a reboot cut short is reported
   * as failed (it cannot resume; the CSMS may send UpdateFirmware again).
   */
  reportInterrupted(): void {
    const stage = this.#interrupted;
    if (!stage) return;
    this.#interrupted = undefined;
    if (this.#status === 'Idle') this.#ctx.saveStage(undefined);
    this.#ctx.log.log('warn', `firmware update cut short by a reboot while ${stage === 'download' ? 'downloading' : 'waiting to install'}`);
    const status = stage === 'download' ? 'DownloadFailed' : 'InstallationFailed';
    this.#shown = { ...this.view(), lastStatus: status };
    void this.#ctx.notifyFirmware(status);
  }

  /** Stops the update under way (its download connection is closed) and every timer. */
  dispose(): void { this.#run++; this.#ctx.clock.clearTimeout(this.#timer); this.#abort?.abort(); this.#abort = undefined; }

  #cancel(): void {
    this.dispose();
    this.#status = 'Idle';
    this.#ctx.saveStage(undefined);
    this.#ctx.installPending(false);
  }

  #set(status: FirmwareStatus): Promise<void> {
    this.#status = status;
    if (this.#shown) this.#shown.lastStatus = status;
    return this.#ctx.notifyFirmware(status);
  }

  #finish(status: FirmwareStatus): void {
    this.#ctx.saveStage(undefined);
    void this.#set(status);
    // The outcome first, then the connectors come back into service.
    this.#ctx.installPending(false);
    this.#status = 'Idle';
  }

  async #download(run: number, req: UpdateFirmwareReq, retriesLeft: number): Promise<void> {
    if (run !== this.#run) return;
    if (this.#status !== 'Downloading') { this.#ctx.saveStage('download'); void this.#set('Downloading'); }
    let bytes: Uint8Array;
    const abort = (this.#abort = new AbortController());
    const shown = this.#shown;
    if (shown) { shown.attempt++; shown.receivedBytes = 0; shown.totalBytes = null; }
    try {
      bytes = await this.#ctx.transfer.download(req.location, {
        signal: abort.signal,
        onProgress: (received, total) => { if (shown && run === this.#run) { shown.receivedBytes = received; shown.totalBytes = total ?? null; } },
      });
    } catch (e) {
      if (run !== this.#run) return;
      this.#ctx.log.log('warn', `firmware download failed: ${(e as Error).message}`);
      if (retriesLeft > 0) {
        this.#timer = this.#ctx.clock.setTimeout(() => void this.#download(run, req, retriesLeft - 1), (req.retryInterval ?? 60) * 1000);
        return;
      }
      this.#finish('DownloadFailed');
      return;
    }
    if (run !== this.#run) return;
    this.#ctx.log.log('info', `firmware image downloaded (${bytes.length} bytes)`);
    if (this.#shown) { this.#shown.receivedBytes = bytes.length; this.#shown.totalBytes = bytes.length; this.#shown.pendingVersion = declaredVersion(bytes) ?? null; }
    this.#ctx.saveStage('install');
    void this.#set('Downloaded');
    // A real unit never reboots under a charging car: from now on no session may start, and the
    // install waits until every connector is free.
    this.#ctx.installPending(true);
    this.#ctx.whenIdle(() => void this.#install(run, bytes));
  }

  async #install(run: number, bytes: Uint8Array): Promise<void> {
    if (run !== this.#run) return;
    void this.#set('Installing');
    const check = await verifyFirmwareImage(bytes, this.#ctx.model);
    if (run !== this.#run) return;
    if (!check.ok) {
      this.#ctx.log.log('warn', `firmware installation failed: ${check.reason}`);
      this.#finish('InstallationFailed');
      return;
    }
    this.#timer = this.#ctx.clock.setTimeout(() => void this.#installed(run, check.manifest.version), this.#ctx.installMs);
  }

  async #installed(run: number, version: string): Promise<void> {
    if (run !== this.#run) return;
    this.#ctx.log.log('info', `firmware ${version} installed; rebooting`);
    this.#ctx.saveStage(undefined);
    // The reboot closes the socket: Installing and Installed must reach the CSMS first.
    await this.#set('Installed');
    if (run !== this.#run) return;
    this.#ctx.install(version);
  }
}

/** The station's firmware, where the profile's shared handlers find it. */
export function firmwareOf(st: StationContext): FirmwareUpdate { return partOf(st, 'firmware'); }
