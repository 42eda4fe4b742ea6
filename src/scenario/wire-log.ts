/**
 * The wire as a scenario sees it: every frame of the station's connection, parsed, each CALL paired
 * with its answer (CALLRESULT payload or CALLERROR code), and listeners told of each new frame.
 */
import type { LoggedFrame } from '../fleet/frame-ring.ts';
import { crossedWire } from '../rpc/fault-injection.ts';

export interface WireCall {
  /** Frame sequence number (order on the wire). */
  seq: number;
  /** Station-clock time of the frame. */
  at: number;
  /** 'out' = sent by the station, 'in' = sent by the central system. */
  direction: 'in' | 'out';
  messageId: string;
  action: string;
  payload: unknown;
  /** The answer, once it came. */
  answer?: { at: number; result?: unknown; error?: string; errorDescription?: string };
}

export interface TraceLine { seq: number; at: string; direction: 'in' | 'out'; frame: unknown; injected?: string }

export class WireLog {
  readonly calls: WireCall[] = [];
  readonly trace: TraceLine[] = [];
  #lastSeq = 0;
  #byId = new Map<string, WireCall>();
  #listeners = new Set<() => void>();

  /** The newest frame's sequence number (0 before any). */
  get lastSeq(): number { return this.#lastSeq; }

  add(f: LoggedFrame): void {
    if (f.seq <= this.#lastSeq) return;
    this.#lastSeq = f.seq;
    let frame: unknown;
    try { frame = JSON.parse(f.text); } catch { frame = f.text; }
    this.trace.push({ seq: f.seq, at: new Date(f.at).toISOString(), direction: f.direction, frame, ...(f.injected ? { injected: f.injected } : {}) });
    // A frame an injected fault dropped or lost never crossed the wire: traced, but no call or answer.
    if (Array.isArray(frame) && typeof frame[1] === 'string' && crossedWire(f.injected)) {
      const [type, messageId] = frame as [number, string];
      if (type === 2 && typeof frame[2] === 'string') {
        const call: WireCall = { seq: f.seq, at: f.at, direction: f.direction, messageId, action: frame[2], payload: frame[3] };
        this.calls.push(call);
        this.#byId.set(`${f.direction}:${messageId}`, call);
        if (this.#byId.size > 64) this.#byId.delete(this.#byId.keys().next().value as string);
      } else if (type === 3 || type === 4) {
        const call = this.#byId.get(`${f.direction === 'in' ? 'out' : 'in'}:${messageId}`);
        if (call && !call.answer) {
          call.answer = type === 3 ? { at: f.at, result: frame[2] } : { at: f.at, error: String(frame[2]), errorDescription: String(frame[3] ?? '') };
        }
      }
    }
    for (const fn of [...this.#listeners]) fn();
  }

  /** Calls `fn` after each new frame; returns the unsubscribe. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** The trace as JSON lines (one frame per line). */
  jsonLines(): string { return this.trace.map((t) => JSON.stringify(t)).join('\n') + (this.trace.length ? '\n' : ''); }
}
