/**
 * Which stations of a fleet keep their connectors' recent electrics (connector-history.ts), decision D29:
 * - `all`: every station, from each connector's first transaction (a small fleet, the demo, the SDK);
 * - `viewed`: only the stations someone asked for the history of (the dashboard's charts, GET
 *   …/connectors/{c}/history, the SDK's `history()`), from that moment on, and at most
 *   VIEWED_STATIONS_MAX of them: viewing one more stops the least recently viewed and frees its rings;
 * - `off`: none.
 * A fleet that is not told picks by its size: `all` up to HISTORY_ALL_UP_TO twins, `viewed` above.
 */
import { TwinError } from '../shared/errors.ts';

export const HISTORY_MODES = ['all', 'viewed', 'off'] as const;
export type HistoryMode = typeof HISTORY_MODES[number];

/** The largest fleet that keeps every station's history unless told otherwise. */
export const HISTORY_ALL_UP_TO = 1000;
/** Stations that record at once in `viewed` mode (a fleet's default). */
export const VIEWED_STATIONS_MAX = 20;

/** The mode a fleet of `fleetSize` twins (the whole fleet, however it is sharded) uses when not told. */
export function defaultHistoryMode(fleetSize: number): HistoryMode {
  return fleetSize <= HISTORY_ALL_UP_TO ? 'all' : 'viewed';
}

/**
 * A mode as given by a user (flag, body, file): one of HISTORY_MODES, else a TwinError with `code`. The
 * frame log takes the same three modes (frame-log-mode.ts), with its own error code.
 */
export function checkViewingMode(value: unknown, what: string, code: string): HistoryMode {
  if (typeof value === 'string' && (HISTORY_MODES as readonly string[]).includes(value)) return value as HistoryMode;
  throw new TwinError(code, `${what} must be one of ${HISTORY_MODES.join(', ')}, got ${JSON.stringify(value)}`);
}

/** A history mode as given by a user: one of HISTORY_MODES, else TWIN_ERR_HISTORY_MODE. */
export function checkHistoryMode(value: unknown, what = 'history'): HistoryMode {
  return checkViewingMode(value, what, 'TWIN_ERR_HISTORY_MODE');
}

/** What a station records, as the API and the dashboard show it. */
export interface HistoryRecording {
  mode: HistoryMode;
  /** Whether this station keeps readings now. */
  recording: boolean;
  /** `viewed`: the station clock when recording began (readings before it were not kept); else null. */
  since: number | null;
}

/**
 * The stations recording in `viewed` mode, least recently viewed first, at most `max`. `view` returns the
 * station that must stop recording to make room, if any.
 */
export class ViewedStations<T> {
  readonly #max: number;
  /** In order of last view, oldest first; each with the instant it was first viewed (since it joined). */
  readonly #order = new Map<T, number>();
  constructor(max = VIEWED_STATIONS_MAX) { this.#max = Math.max(1, max); }
  get size(): number { return this.#order.size; }
  has(x: T): boolean { return this.#order.has(x); }
  /** When `x` joined the viewed ones (the `at` of the view that added it), or undefined when it is not among them. */
  since(x: T): number | undefined { return this.#order.get(x); }
  /** `x` is viewed at `at`: it becomes the most recent; returns the one this pushed out, if any. */
  view(x: T, at: number): T | undefined {
    const since = this.#order.get(x) ?? at;
    this.#order.delete(x);
    this.#order.set(x, since);
    if (this.#order.size <= this.#max) return undefined;
    const oldest = this.#order.keys().next().value as T;
    this.#order.delete(oldest);
    return oldest;
  }
  forget(x: T): void { this.#order.delete(x); }
}
