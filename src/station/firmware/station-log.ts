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
  #buf: Array<LogEntry | undefined>;
  #next = 0;

  constructor(readonly capacity = 1000) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('log capacity must be a positive integer');
    this.#buf = new Array<LogEntry | undefined>(capacity);
  }

  push(entry: LogEntry): void {
    const msg = entry.msg.length > MAX_MESSAGE ? `${entry.msg.slice(0, MAX_MESSAGE)}…` : entry.msg;
    this.#buf[this.#next % this.capacity] = { ...entry, msg };
    this.#next++;
  }

  /** Entries oldest first, optionally only those with from ≤ at ≤ to. */
  list(from = -Infinity, to = Infinity): LogEntry[] {
    const out: LogEntry[] = [];
    const start = Math.max(0, this.#next - this.capacity);
    for (let i = start; i < this.#next; i++) {
      const e = this.#buf[i % this.capacity];
      if (e && e.at >= from && e.at <= to) out.push(e);
    }
    return out;
  }

  /**
   * A Logger that records every entry here (stamped with the station clock, with the bindings of its
   * child loggers as fields) and passes it on to `base`.
   */
  tap(base: Logger, clock: Clock, bindings: Record<string, unknown> = {}): Logger {
    return {
      log: (level, msg, fields) => {
        const all = { ...bindings, ...fields };
        this.push({ at: clock.now(), level, msg, ...(Object.keys(all).length ? { fields: all } : {}) });
        base.log(level, msg, fields);
      },
      child: (more) => this.tap(base.child(more), clock, { ...bindings, ...more }),
    };
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
