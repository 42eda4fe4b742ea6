/**
 * The station's recent log, as a real unit keeps it in flash for its diagnostics file: a fixed-size ring
 * of entries (time on the station clock, level, message, fields) fed by the station's Logger. One ring
 * per station, owned by whoever builds the station; memory stays bounded whatever the traffic.
 */
import type { Clock } from '../../shared/clock.ts';
import type { Logger, LogLevel } from '../../shared/logger.ts';

export interface LogEntry { at: number; level: LogLevel; msg: string; fields?: Record<string, unknown> }

/** Longest message kept per entry: a runaway message cannot blow up the ring. */
const MAX_MESSAGE = 2000;

export class StationLog {
  /** Grows with use up to `capacity`, then wraps: a quiet station costs next to nothing. */
  #buf: LogEntry[] = [];
  #next = 0;

  constructor(readonly capacity = 1000) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('log capacity must be a positive integer');
  }

  push(entry: LogEntry): void {
    const msg = entry.msg.length > MAX_MESSAGE ? `${entry.msg.slice(0, MAX_MESSAGE)}…` : entry.msg;
    this.#buf[this.#next % this.capacity] = { ...entry, msg };
    this.#next++;
  }

  /** Entries oldest first, optionally only those with from ≤ at ≤ to. */
  list(from = -Infinity, to = Infinity): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = Math.max(0, this.#next - this.capacity); i < this.#next; i++) {
      const e = this.#buf[i % this.capacity];
      if (e && e.at >= from && e.at <= to) out.push(e);
    }
    return out;
  }

  /**
   * A Logger that records every entry here (stamped with the station clock, with the bindings of its
   * child loggers as fields) and passes it on to `base`.
   */
  tap(base: Logger, clock: Clock): Logger { return new TappedLogger(this, base, clock, undefined); }
}

class TappedLogger implements Logger {
  readonly #ring: StationLog;
  readonly #base: Logger;
  readonly #clock: Clock;
  readonly #bindings: Record<string, unknown> | undefined;

  constructor(ring: StationLog, base: Logger, clock: Clock, bindings: Record<string, unknown> | undefined) {
    this.#ring = ring; this.#base = base; this.#clock = clock; this.#bindings = bindings;
  }

  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    const all = this.#bindings || fields ? { ...this.#bindings, ...fields } : undefined;
    this.#ring.push({ at: this.#clock.now(), level, msg, ...(all ? { fields: all } : {}) });
    this.#base.log(level, msg, fields);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new TappedLogger(this.#ring, this.#base.child(bindings), this.#clock, { ...this.#bindings, ...bindings });
  }
}

/** One line of the log section of a diagnostics file. */
export function formatLogEntry(e: LogEntry): string {
  const { stationId: _omit, ...rest } = e.fields ?? {};
  const fields = Object.keys(rest).length ? ` ${safeJson(rest)}` : '';
  return `${new Date(e.at).toISOString()} ${e.level.toUpperCase().padEnd(5)} ${e.msg.replace(/\r?\n/g, ' ')}${fields}`;
}

function safeJson(v: unknown): string {
  try { return JSON.stringify(v); } catch { return '[unserializable fields]'; }
}
