/**
 * The last N OCPP frames of a station, for the control API's log, the dashboard and diagnostics files.
 * A fixed-size ring: memory per station stays bounded whatever the traffic. Frames are stored with
 * secrets redacted (an AuthorizationKey set by ChangeConfiguration never enters the ring).
 */
import { redactSecrets } from '../ocpp/secret-redaction.ts';

export interface LoggedFrame {
  seq: number;
  at: number;
  /** 'out' = station → central system. */
  direction: 'in' | 'out';
  text: string;
  /** Message type (2 CALL, 3 CALLRESULT, 4 CALLERROR) and action (results are labelled with their call's action). */
  type: number;
  action: string;
}

export class FrameRing {
  #buf: Array<LoggedFrame | undefined>;
  #next = 0;
  #seq = 0;
  #actions = new Map<string, string>();

  constructor(readonly capacity = 500) { this.#buf = new Array<LoggedFrame | undefined>(capacity); }

  push(at: number, direction: 'in' | 'out', wireText: string): LoggedFrame {
    const text = redactSecrets(wireText);
    let type = 0;
    let action = '';
    try {
      const f = JSON.parse(text) as unknown[];
      type = typeof f[0] === 'number' ? f[0] : 0;
      const id = String(f[1]);
      if (type === 2) {
        action = String(f[2]);
        this.#actions.set(id, action);
        if (this.#actions.size > 64) this.#actions.delete(this.#actions.keys().next().value as string);
      } else {
        action = this.#actions.get(id) ?? '';
      }
    } catch { /* unparseable frames are logged as they are */ }
    const frame: LoggedFrame = { seq: ++this.#seq, at, direction, text, type, action };
    this.#buf[this.#next] = frame;
    this.#next = (this.#next + 1) % this.capacity;
    return frame;
  }

  /** Frames oldest first, optionally filtered. */
  list(filter: { action?: string; direction?: 'in' | 'out'; since?: number; limit?: number } = {}): LoggedFrame[] {
    const out: LoggedFrame[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const f = this.#buf[(this.#next + i) % this.capacity];
      if (!f) continue;
      if (filter.action && f.action !== filter.action) continue;
      if (filter.direction && f.direction !== filter.direction) continue;
      if (filter.since !== undefined && f.at < filter.since) continue;
      out.push(f);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }
}
