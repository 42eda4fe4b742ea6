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
 * Each OCPP action name once, numbered: a kept frame stores its action as an index into this list (0: no
 * action), so thousands of rings hold no action strings of their own. Read-only after load.
 */
const ACTION_LIST: readonly string[] = ['', ...Object.keys(ACTIONS)];
const ACTION_INDEX: ReadonlyMap<string, number> = new Map(ACTION_LIST.map((a, i) => [a, i]));
/** The one shared string of a catalog action name (a name parsed from a frame is a new string each time). */
const sharedName = (action: string): string => ACTION_LIST[ACTION_INDEX.get(action) ?? 0] || action;

/**
 * A kept frame's fields besides its text and time, when they do not fit one small integer: an action
 * outside the catalog, an unusual message type, an injected fault, or a time that is not a whole number
 * of milliseconds (a scaled clock). Rare.
 */
interface RareMeta { direction: 'in' | 'out'; type: number; action: string; injected: string | undefined; at: number | undefined }

/** Slots per kept frame: its text, its time (ms after the ring's first frame), its meta (packed, or RareMeta). */
const STRIDE = 3;

/** Frames each twin of a `station --count` fleet keeps (the dashboard's log, diagnostics files). */
export const FLEET_FRAMES_PER_STATION = 50;
/** Frames a lone twin keeps (`station` without `--count`, `demo`, the fleet's default). */
export const STATION_FRAMES = 500;

export class FrameRing {
  /**
   * The kept frames, STRIDE slots each, flat: a frame costs three slots instead of an object, and the time
   * is usually a small integer (no boxed number). The common meta is one small integer: bit 0 the
   * direction (1 = in), bits 1–3 the message type, the rest the action's index in ACTION_LIST. Grows by
   * concat (exactly sized: push grows its store by half again plus 16 slots) up to `capacity`, then wraps.
   */
  #slots: Array<string | number | RareMeta> = [];
  /** Frames kept (≤ capacity) and the index of the next one to write. */
  #held = 0;
  #next = 0;
  /** The time of the ring's first frame, the base of the stored times. */
  #t0 = 0;
  #seq = 0;
  /** Message id, action, message id, action…: the last OPEN_CALLS CALLs (replaced, exactly sized, at each CALL). */
  #calls: string[] = [];

  #capacity: number;

  constructor(capacity = STATION_FRAMES) { this.#capacity = capacity; }

  /** Frames the ring keeps at most (changed by `resize`). */
  get capacity(): number { return this.#capacity; }

  /**
   * Keeps at most `capacity` frames from now on (≥ 1). Shrinking drops the oldest frames and frees their
   * slots; growing keeps every frame held. Sequence numbers, times and labels of the kept frames do not change.
   */
  resize(capacity: number): void {
    const cap = Math.max(1, Math.floor(capacity));
    if (cap === this.#capacity) return;
    const n = this.#held;
    const keep = Math.min(n, cap);
    const start = n < this.#capacity ? 0 : this.#next;
    const slots: Array<string | number | RareMeta> = new Array<string | number | RareMeta>(keep * STRIDE);
    for (let k = 0; k < keep; k++) {
      const from = ((start + n - keep + k) % n) * STRIDE;
      for (let j = 0; j < STRIDE; j++) slots[k * STRIDE + j] = this.#slots[from + j]!;
    }
    this.#slots = slots;
    this.#held = keep;
    this.#next = keep % cap;
    this.#capacity = cap;
  }

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
        action = sharedName(String(f[2]));
        this.#calls = (this.#calls.length >= 2 * OPEN_CALLS ? this.#calls.slice(2) : this.#calls).concat([id, action]);
      } else {
        for (let i = this.#calls.length - 2; i >= 0; i -= 2) if (this.#calls[i] === id) { action = this.#calls[i + 1]!; break; }
      }
    } catch { /* unparseable frames are logged as they are */ }
    const seq = ++this.#seq;
    if (seq === 1) this.#t0 = Number.isSafeInteger(at) ? at : 0;
    const actionIndex = ACTION_INDEX.get(action);
    const wholeMs = Number.isSafeInteger(at);
    const meta: number | RareMeta = actionIndex !== undefined && !injected && wholeMs && Number.isInteger(type) && type >= 0 && type < 8
      ? (direction === 'in' ? 1 : 0) | (type << 1) | (actionIndex << 4)
      : { direction, type, action, injected, at: wholeMs ? undefined : at };
    const offset = wholeMs ? at - this.#t0 : 0;
    if (this.#held < this.#capacity) {
      this.#slots = this.#slots.concat([text, offset, meta]);
      this.#held++;
    } else {
      const i = this.#next * STRIDE;
      this.#slots[i] = text;
      this.#slots[i + 1] = offset;
      this.#slots[i + 2] = meta;
    }
    this.#next = (this.#next + 1) % this.#capacity;
    return frameOf(seq, at, direction, text, type, action, injected);
  }

  /** Frames oldest first, optionally filtered. */
  list(filter: { action?: string; direction?: 'in' | 'out'; since?: number; limit?: number } = {}): LoggedFrame[] {
    const out: LoggedFrame[] = [];
    const n = this.#held;
    const start = n < this.#capacity ? 0 : this.#next;
    const firstSeq = this.#seq - n + 1;
    for (let k = 0; k < n; k++) {
      const i = ((start + k) % n) * STRIDE;
      const text = this.#slots[i] as string;
      const meta = this.#slots[i + 2] as number | RareMeta;
      let f: LoggedFrame;
      if (typeof meta === 'number') {
        f = frameOf(firstSeq + k, this.#t0 + (this.#slots[i + 1] as number), meta & 1 ? 'in' : 'out', text, (meta >> 1) & 7, ACTION_LIST[meta >> 4]!, undefined);
      } else {
        f = frameOf(firstSeq + k, meta.at ?? this.#t0 + (this.#slots[i + 1] as number), meta.direction, text, meta.type, meta.action, meta.injected);
      }
      if (filter.action && f.action !== filter.action) continue;
      if (filter.direction && f.direction !== filter.direction) continue;
      if (filter.since !== undefined && f.at < filter.since) continue;
      out.push(f);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }
}

function frameOf(seq: number, at: number, direction: 'in' | 'out', text: string, type: number, action: string, injected: string | undefined): LoggedFrame {
  return { seq, at, direction, text, type, action, ...(injected ? { injected } : {}) };
}
