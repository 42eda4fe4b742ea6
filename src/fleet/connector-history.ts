/**
 * The recent electrics of one connector, from the station's own readings (`sampled` events): what the
 * dashboard's charts plot and GET /api/stations/{id}/connectors/{c}/history serves. A bounded ring of
 * typed arrays, 32 bytes a reading: the station clock (float64) and six float32 values. It starts at 16
 * readings and doubles up to HISTORY_CAPACITY (8 KiB), then wraps. Readings of steady charging are thinned:
 * while current, offered current, limit and power stay the same, a reading replaces the previous one
 * until STEADY_GAP_MS separate it from the one before (nothing is lost: current is constant between
 * readings, so energy and state of charge are linear there). Memory cost: decision D22.
 */
import type { ConnectorSample } from '../station/station-events.ts';

/** Readings kept per connector. */
export const HISTORY_CAPACITY = 256;
/** In steady charging, at most this long between two kept readings. */
export const STEADY_GAP_MS = 5 * 60_000;
const FIRST_CAPACITY = 16;
/** currentA, offeredA, limitA, powerKW, energyKWh, socPercent (NaN = null). */
const WIDTH = 6;
/** The first four values are constant between readings: equal values make a reading "steady". */
const STEP_VALUES = 4;

/** The history as columns (the shape a chart takes): index i of every array is one reading. */
export interface HistoryColumns {
  /** Station clock, ms since the epoch, oldest first. */
  at: number[];
  currentA: number[];
  offeredA: number[];
  /** The smart-charging limit in force, A per phase; null without one. */
  limitA: Array<number | null>;
  powerKW: number[];
  /** Energy delivered in the running transaction, kWh; null outside a transaction. */
  energyKWh: Array<number | null>;
  /** The EV's state of charge, %; null without an EV plugged. */
  socPercent: Array<number | null>;
}

export class ConnectorHistory {
  #at = new Float64Array(FIRST_CAPACITY);
  #v = new Float32Array(FIRST_CAPACITY * WIDTH);
  /** Readings held; once full, `#head` is the oldest. */
  #len = 0;
  #head = 0;

  get length(): number { return this.#len; }

  record(s: ConnectorSample): void {
    const v = [s.currentA, s.offeredA, s.limitA ?? NaN, s.powerW / 1000, s.sessionWh === null ? NaN : s.sessionWh / 1000, s.socPercent ?? NaN];
    const last = this.#len - 1;
    if (last >= 0 && s.at < this.#atOf(last)) return; // the station clock never runs back; a stray reading is dropped
    if (last >= 0 && (s.at === this.#atOf(last) || (last >= 1 && this.#steady(last, v) && s.at - this.#atOf(last - 1) <= STEADY_GAP_MS))) {
      this.#write(this.#slot(last), s.at, v);
      return;
    }
    if (this.#len === this.#at.length && this.#len < HISTORY_CAPACITY) this.#grow();
    if (this.#len < this.#at.length) { this.#write(this.#len++, s.at, v); return; }
    this.#write(this.#head, s.at, v);
    this.#head = (this.#head + 1) % this.#len;
  }

  /** The readings at or after `since` (station clock), oldest first, at most the last `limit`. */
  columns(since = -Infinity, limit = HISTORY_CAPACITY): HistoryColumns {
    const out: HistoryColumns = { at: [], currentA: [], offeredA: [], limitA: [], powerKW: [], energyKWh: [], socPercent: [] };
    let first = 0;
    while (first < this.#len && this.#atOf(first) < since) first++;
    first = Math.max(first, this.#len - limit);
    const round = (x: number, digits: number): number | null => (Number.isNaN(x) ? null : Number(x.toFixed(digits)));
    for (let i = first; i < this.#len; i++) {
      const o = this.#slot(i) * WIDTH;
      out.at.push(this.#atOf(i));
      out.currentA.push(round(this.#v[o]!, 2)!);
      out.offeredA.push(round(this.#v[o + 1]!, 2)!);
      out.limitA.push(round(this.#v[o + 2]!, 2));
      out.powerKW.push(round(this.#v[o + 3]!, 3)!);
      out.energyKWh.push(round(this.#v[o + 4]!, 3));
      out.socPercent.push(round(this.#v[o + 5]!, 1));
    }
    return out;
  }

  /** Storage index of the i-th reading, oldest first. */
  #slot(i: number): number { return (this.#head + i) % this.#at.length; }
  #atOf(i: number): number { return this.#at[this.#slot(i)]!; }

  /** Whether the readings last-1 and last and the new values hold the same step values (and the same nulls). */
  #steady(last: number, v: number[]): boolean {
    const a = this.#slot(last - 1) * WIDTH, b = this.#slot(last) * WIDTH;
    for (let k = 0; k < WIDTH; k++) {
      const x = this.#v[a + k]!, y = this.#v[b + k]!, z = Math.fround(v[k]!);
      if (Number.isNaN(x) !== Number.isNaN(z) || Number.isNaN(y) !== Number.isNaN(z)) return false;
      if (k < STEP_VALUES && !Number.isNaN(z) && (x !== z || y !== z)) return false;
    }
    return true;
  }

  #write(slot: number, at: number, v: number[]): void {
    this.#at[slot] = at;
    this.#v.set(v, slot * WIDTH);
  }

  /** Doubles the arrays (only before the ring is full, so the readings are still in order from 0). */
  #grow(): void {
    const n = Math.min(HISTORY_CAPACITY, this.#at.length * 2);
    const at = new Float64Array(n);
    const v = new Float32Array(n * WIDTH);
    at.set(this.#at);
    v.set(this.#v);
    this.#at = at;
    this.#v = v;
  }
}
