/**
 * The last N OCPP frames of a station, for the control API's log, the dashboard and diagnostics files.
 * A fixed-size ring: memory per station stays bounded whatever the traffic. Frames are stored with
 * secrets redacted (an AuthorizationKey set by ChangeConfiguration never enters the ring).
 */
import { redactSecrets } from '../ocpp/secret-redaction.ts';
import { ACTIONS } from '../ocpp/index.ts';

export interface LoggedFrame {
  seq: number;
  at: number;
  /** 'out' = station → central system. */
  direction: 'in' | 'out';
  text: string;
  /** Message type (2 CALL, 3 CALLRESULT, 4 CALLERROR) and action (results are labelled with their call's action). */
  type: number;
  action: string;
  /** What an injected fault did to this frame ('drop', 'duplicate', 'delay 500ms', 'override', 'loss', …; docs/fault-injection.md). */
  injected?: string;
}

/**
 * Calls whose answer may still come, to label a CALLRESULT/CALLERROR with its call's action. OCPP-J has at
 * most one CALL in flight per direction; a few more cover a late answer.
 */
const OPEN_CALLS = 4;

/**
 * Each OCPP action name as one shared string: a name parsed from a frame is a new string each time, and a
 * fleet keeps tens of frames per station. Read-only after load.
 */
const ACTION_NAMES: ReadonlyMap<string, string> = new Map(Object.keys(ACTIONS).map((a) => [a, a]));

export class FrameRing {
  /**
   * Grows with use up to `capacity`, then wraps (a fleet holds thousands of rings). Grown by concat, which
   * sizes the array exactly: push grows its store by half again plus 16 slots (a ring of 6 frames would
   * hold 17 slots, one of 50 hold 77).
   */
  #buf: LoggedFrame[] = [];
  #next = 0;
  #seq = 0;
  /** Message id, action, message id, action…: the last OPEN_CALLS CALLs (replaced, exactly sized, at each CALL). */
  #calls: string[] = [];

  constructor(readonly capacity = 500) {}

  /** Frames pushed since the ring was made (kept or not): the fleet view's frames-per-second count. */
  get total(): number { return this.#seq; }

  push(at: number, direction: 'in' | 'out', wireText: string, injected?: string): LoggedFrame {
    const text = redactSecrets(wireText);
    let type = 0;
    let action = '';
    try {
      const f = JSON.parse(text) as unknown[];
      type = typeof f[0] === 'number' ? f[0] : 0;
      const id = String(f[1]);
      if (type === 2) {
        action = String(f[2]);
        action = ACTION_NAMES.get(action) ?? action;
        this.#calls = (this.#calls.length >= 2 * OPEN_CALLS ? this.#calls.slice(2) : this.#calls).concat([id, action]);
      } else {
        for (let i = this.#calls.length - 2; i >= 0; i -= 2) if (this.#calls[i] === id) { action = this.#calls[i + 1]!; break; }
      }
    } catch { /* unparseable frames are logged as they are */ }
    const frame: LoggedFrame = { seq: ++this.#seq, at, direction, text, type, action, ...(injected ? { injected } : {}) };
    if (this.#buf.length < this.capacity) this.#buf = this.#buf.concat([frame]);
    else this.#buf[this.#next] = frame;
    this.#next = (this.#next + 1) % this.capacity;
    return frame;
  }

  /** Frames oldest first, optionally filtered. */
  list(filter: { action?: string; direction?: 'in' | 'out'; since?: number; limit?: number } = {}): LoggedFrame[] {
    const out: LoggedFrame[] = [];
    const n = this.#buf.length;
    const start = n < this.capacity ? 0 : this.#next;
    for (let i = 0; i < n; i++) {
      const f = this.#buf[(start + i) % n]!;
      if (filter.action && f.action !== filter.action) continue;
      if (filter.direction && f.direction !== filter.direction) continue;
      if (filter.since !== undefined && f.at < filter.since) continue;
      out.push(f);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }
}
