/**
 * OCPP 1.6 §5.9 GetDiagnostics and §4.4 DiagnosticsStatusNotification: the station builds a diagnostics
 * file from its recent log and its recent OCPP frames (both bounded by startTime/stopTime), compresses it
 * when compressDiagnostic is true, answers with the file name, then uploads it (Uploading → Uploaded /
 * UploadFailed), retrying `retries` times every `retryInterval` s. Nothing to upload → an empty
 * confirmation.
 */
import { partOf, type StationContext } from '../station.ts';
import type { Clock, TimerId } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { DiagnosticsStatusNotificationReq, GetDiagnosticsReq } from '../../ocpp/index.ts';
import { redactSecrets } from '../../ocpp/secret-redaction.ts';
import { withoutCredentials, type FileTransfer } from './transfer-port.ts';
import { formatLogEntry, type LogEntry } from './station-log.ts';

export type DiagnosticsStatus = DiagnosticsStatusNotificationReq['status'];

export interface DiagnosticsFrame { at: number; direction: 'in' | 'out'; text: string }

export interface DiagnosticsContext {
  clock: Clock;
  log: Logger;
  chargePointId: string;
  transfer: FileTransfer;
  /** Recent frames of the station, oldest first. */
  frames(): DiagnosticsFrame[];
  /** Recent log entries of the station with from ≤ at ≤ to, oldest first. */
  logEntries(from: number, to: number): LogEntry[];
  compress: boolean;
  gzip(bytes: Uint8Array): Promise<Uint8Array>;
  notifyDiagnostics(status: DiagnosticsStatus): void;
}

/** The frame-trace section: one line per frame inside the window, oldest first, secrets redacted whatever the source. */
export function frameSection(frames: DiagnosticsFrame[], from: number, to: number): string[] {
  return frames.filter((f) => f.at >= from && f.at <= to)
    .map((f) => `${new Date(f.at).toISOString()} ${f.direction === 'out' ? 'CP->CS' : 'CS->CP'} ${redactSecrets(f.text)}`);
}

/** The log section: one line per log entry inside the window, oldest first. */
export function logSection(entries: LogEntry[]): string[] {
  return entries.map(formatLogEntry);
}

/** The whole file: a header, then the log and the frame trace, each under its own heading. */
export function diagnosticsText(chargePointId: string, window: { from: number; to: number }, log: string[], frames: string[]): string {
  const edge = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : '-');
  return [
    `ChargeTwin diagnostics of ${chargePointId}`,
    `window: ${edge(window.from)} .. ${edge(window.to)}`,
    `== log (${log.length} entries) ==`, ...log,
    `== ocpp frames (${frames.length} frames) ==`, ...frames,
    '',
  ].join('\n');
}

/** The last diagnostics file the station made: its name, where it goes, when, its size and how its upload went. */
export interface DiagnosticsUploadView {
  fileName: string;
  location: string;
  at: number;
  bytes: number | null;
  outcome: 'Uploading' | 'Uploaded' | 'UploadFailed';
  attempt: number;
  attempts: number;
}

export interface DiagnosticsView { status: DiagnosticsStatus; lastUpload: DiagnosticsUploadView | null }

export class DiagnosticsUpload {
  #ctx: DiagnosticsContext;
  #status: DiagnosticsStatus = 'Idle';
  #timer: TimerId | undefined;
  #run = 0;
  #abort: AbortController | undefined;
  #last: DiagnosticsUploadView | undefined;

  constructor(ctx: DiagnosticsContext) { this.#ctx = ctx; }

  view(): DiagnosticsView { return { status: this.#status, lastUpload: this.#last ? { ...this.#last } : null }; }

  /** What TriggerMessage(DiagnosticsStatusNotification) reports: Uploading while an upload is under way, else Idle. */
  get status(): DiagnosticsStatus { return this.#status; }

  /** Returns the file name for the confirmation, or undefined when there is nothing to upload. */
  start(req: GetDiagnosticsReq): string | undefined {
    const from = req.startTime ? Date.parse(req.startTime) : -Infinity;
    const to = req.stopTime ? Date.parse(req.stopTime) : Infinity;
    const log = logSection(this.#ctx.logEntries(from, to));
    const frames = frameSection(this.#ctx.frames(), from, to);
    if (log.length === 0 && frames.length === 0) return undefined;
    const stamp = new Date(this.#ctx.clock.now()).toISOString().replace(/[:.]/g, '-');
    const fileName = `diagnostics-${this.#ctx.chargePointId.replace(/[^\w-]/g, '_')}-${stamp}.log${this.#ctx.compress ? '.gz' : ''}`;
    this.#cancel();
    const run = this.#run;
    const last: DiagnosticsUploadView = { fileName, location: withoutCredentials(req.location), at: this.#ctx.clock.now(), bytes: null, outcome: 'Uploading', attempt: 0, attempts: (req.retries ?? 0) + 1 };
    this.#last = last;
    const text = new TextEncoder().encode(diagnosticsText(this.#ctx.chargePointId, { from, to }, log, frames));
    this.#ctx.log.log('info', `diagnostics ${fileName}: ${log.length} log entries, ${frames.length} frames, to ${withoutCredentials(req.location)}`);
    void (async () => {
      const bytes = this.#ctx.compress ? await this.#ctx.gzip(text) : text;
      last.bytes = bytes.length;
      this.#attempt(run, req, fileName, bytes, req.retries ?? 0);
    })();
    return fileName;
  }

  /** Stops the upload under way (its socket is closed) and every timer. */
  dispose(): void { this.#cancel(); }

  #cancel(): void {
    this.#run++;
    this.#ctx.clock.clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#abort = undefined;
    this.#status = 'Idle';
  }

  #attempt(run: number, req: GetDiagnosticsReq, fileName: string, bytes: Uint8Array, retriesLeft: number): void {
    if (run !== this.#run) return;
    if (this.#status !== 'Uploading') { this.#status = 'Uploading'; this.#ctx.notifyDiagnostics('Uploading'); }
    const last = this.#last;
    if (last) last.attempt++;
    const abort = (this.#abort = new AbortController());
    this.#ctx.transfer.upload(req.location, fileName, bytes, { signal: abort.signal }).then(() => {
      if (run !== this.#run) return;
      this.#ctx.log.log('info', `diagnostics ${fileName} uploaded (${bytes.length} bytes)`);
      this.#status = 'Idle';
      if (last) last.outcome = 'Uploaded';
      this.#ctx.notifyDiagnostics('Uploaded');
    }, (e: unknown) => {
      if (run !== this.#run) return;
      this.#ctx.log.log('warn', `diagnostics upload failed: ${(e as Error).message}`);
      if (retriesLeft > 0) {
        this.#timer = this.#ctx.clock.setTimeout(() => this.#attempt(run, req, fileName, bytes, retriesLeft - 1), (req.retryInterval ?? 60) * 1000);
        return;
      }
      this.#status = 'Idle';
      if (last) last.outcome = 'UploadFailed';
      this.#ctx.notifyDiagnostics('UploadFailed');
    });
  }
}

/** The station's diagnostics, where the profile's shared handlers find it. */
export function diagnosticsOf(st: StationContext): DiagnosticsUpload { return partOf(st, 'diagnostics'); }
