/**
 * OCPP 1.6 §5.9 GetDiagnostics and §4.4 DiagnosticsStatusNotification: the station builds a diagnostics
 * file from its recent OCPP frames (bounded by startTime/stopTime), compresses it when compressDiagnostic
 * is true, answers with the file name, then uploads it (Uploading → Uploaded / UploadFailed), retrying
 * `retries` times every `retryInterval` s. Nothing to upload → an empty confirmation.
 */
import type { Clock, TimerId } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { DiagnosticsStatusNotificationReq, GetDiagnosticsReq } from '../../ocpp/index.ts';
import type { FileTransfer } from './transfer-port.ts';

export type DiagnosticsStatus = DiagnosticsStatusNotificationReq['status'];

export interface DiagnosticsContext {
  clock: Clock;
  log: Logger;
  chargePointId: string;
  transfer: FileTransfer;
  /** Recent frames of the station, oldest first. */
  frames(): Array<{ at: number; direction: 'in' | 'out'; text: string }>;
  compress: boolean;
  gzip(bytes: Uint8Array): Promise<Uint8Array>;
  notify(status: DiagnosticsStatus): void;
}

export class DiagnosticsUpload {
  #ctx: DiagnosticsContext;
  #status: DiagnosticsStatus = 'Idle';
  #timer: TimerId | undefined;
  #run = 0;

  constructor(ctx: DiagnosticsContext) { this.#ctx = ctx; }

  get status(): DiagnosticsStatus { return this.#status; }

  /** Returns the file name for the confirmation, or undefined when there is nothing to upload. */
  start(req: GetDiagnosticsReq): string | undefined {
    const from = req.startTime ? Date.parse(req.startTime) : -Infinity;
    const to = req.stopTime ? Date.parse(req.stopTime) : Infinity;
    const lines = this.#ctx.frames().filter((f) => f.at >= from && f.at <= to)
      .map((f) => `${new Date(f.at).toISOString()} ${f.direction === 'out' ? 'CP->CS' : 'CS->CP'} ${f.text}`);
    if (lines.length === 0) return undefined;
    const stamp = new Date(this.#ctx.clock.now()).toISOString().replace(/[:.]/g, '-');
    const fileName = `diagnostics-${this.#ctx.chargePointId.replace(/[^\w-]/g, '_')}-${stamp}.log${this.#ctx.compress ? '.gz' : ''}`;
    const run = ++this.#run;
    const text = new TextEncoder().encode(`ChargeTwin diagnostics of ${this.#ctx.chargePointId}\n${lines.join('\n')}\n`);
    void (async () => {
      const bytes = this.#ctx.compress ? await this.#ctx.gzip(text) : text;
      this.#attempt(run, req, fileName, bytes, req.retries ?? 0);
    })();
    return fileName;
  }

  dispose(): void { this.#run++; this.#ctx.clock.clearTimeout(this.#timer); }

  #attempt(run: number, req: GetDiagnosticsReq, fileName: string, bytes: Uint8Array, retriesLeft: number): void {
    if (run !== this.#run) return;
    if (this.#status !== 'Uploading') { this.#status = 'Uploading'; this.#ctx.notify('Uploading'); }
    this.#ctx.transfer.upload(req.location, fileName, bytes).then(() => {
      if (run !== this.#run) return;
      this.#ctx.notify('Uploaded');
      this.#status = 'Idle';
    }, (e: unknown) => {
      if (run !== this.#run) return;
      this.#ctx.log.log('warn', `diagnostics upload failed: ${(e as Error).message}`);
      if (retriesLeft > 0) {
        this.#timer = this.#ctx.clock.setTimeout(() => this.#attempt(run, req, fileName, bytes, retriesLeft - 1), (req.retryInterval ?? 60) * 1000);
        return;
      }
      this.#ctx.notify('UploadFailed');
      this.#status = 'Idle';
    });
  }
}
