/**
 * OCPP 1.6 §5.19 UpdateFirmware and §4.5 FirmwareStatusNotification: at retrieveDate the station
 * downloads the image (retrying `retries` times every `retryInterval` s), reports Downloading /
 * Downloaded / DownloadFailed, waits until no transaction runs, reports Installing, checks the image,
 * reports Installed and reboots with the new version (or InstallationFailed). All timing on the clock.
 */
import type { Clock, TimerId } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { FirmwareStatusNotificationReq, UpdateFirmwareReq } from '../../ocpp/index.ts';
import type { FileTransfer } from './transfer-port.ts';
import { verifyFirmwareImage } from './firmware-image.ts';

export type FirmwareStatus = FirmwareStatusNotificationReq['status'];

export interface FirmwareUpdateContext {
  clock: Clock;
  log: Logger;
  model: string;
  transfer: FileTransfer;
  /** Sends FirmwareStatusNotification; resolves when it was answered (or could not be sent). */
  notify(status: FirmwareStatus): Promise<void>;
  /** Calls `fn` once no transaction runs (now, if none does). */
  whenIdle(fn: () => void): void;
  /** Installs the version: persist it, then reboot. */
  install(version: string): void;
}

export class FirmwareUpdate {
  #ctx: FirmwareUpdateContext;
  #status: FirmwareStatus = 'Idle';
  #timer: TimerId | undefined;
  #run = 0;

  constructor(ctx: FirmwareUpdateContext) { this.#ctx = ctx; }

  /** The status TriggerMessage(FirmwareStatusNotification) reports: Idle unless an update is under way. */
  get status(): FirmwareStatus { return this.#status; }

  /** A new UpdateFirmware replaces one still under way (the newest request is what the CSMS wants). */
  start(req: UpdateFirmwareReq): void {
    const run = ++this.#run;
    this.#ctx.clock.clearTimeout(this.#timer);
    this.#status = 'Idle';
    const at = Math.max(0, Date.parse(req.retrieveDate) - this.#ctx.clock.now());
    this.#timer = this.#ctx.clock.setTimeout(() => void this.#download(run, req, req.retries ?? 0), at);
  }

  dispose(): void { this.#run++; this.#ctx.clock.clearTimeout(this.#timer); }

  #set(status: FirmwareStatus): Promise<void> {
    this.#status = status;
    return this.#ctx.notify(status);
  }

  async #download(run: number, req: UpdateFirmwareReq, retriesLeft: number): Promise<void> {
    if (run !== this.#run) return;
    if (this.#status !== 'Downloading') void this.#set('Downloading');
    let bytes: Uint8Array;
    try {
      bytes = await this.#ctx.transfer.download(req.location);
    } catch (e) {
      if (run !== this.#run) return;
      this.#ctx.log.log('warn', `firmware download failed: ${(e as Error).message}`);
      if (retriesLeft > 0) {
        this.#timer = this.#ctx.clock.setTimeout(() => void this.#download(run, req, retriesLeft - 1), (req.retryInterval ?? 60) * 1000);
        return;
      }
      void this.#set('DownloadFailed');
      this.#status = 'Idle';
      return;
    }
    if (run !== this.#run) return;
    void this.#set('Downloaded');
    this.#ctx.whenIdle(() => void this.#install(run, bytes));
  }

  async #install(run: number, bytes: Uint8Array): Promise<void> {
    if (run !== this.#run) return;
    void this.#set('Installing');
    const check = await verifyFirmwareImage(bytes, this.#ctx.model);
    if (run !== this.#run) return;
    if (!check.ok) {
      this.#ctx.log.log('warn', `firmware installation failed: ${check.reason}`);
      void this.#set('InstallationFailed');
      this.#status = 'Idle';
      return;
    }
    // The reboot closes the socket: Installing and Installed must reach the CSMS first.
    await this.#set('Installed');
    if (run !== this.#run) return;
    this.#ctx.install(check.manifest.version);
  }
}
