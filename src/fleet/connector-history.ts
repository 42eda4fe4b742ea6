/**
 * The recent electrics of one connector, from the station's own readings (`sampled` events): what the
 * dashboard's charts plot and GET /api/stations/{id}/connectors/{c}/history serves. A bounded ring of
 * typed arrays, 22 bytes a reading: the station clock (float64, exact ms), five values in fixed point
 * (uint16: current, offered current and limit in 0.01 A, power in W, state of charge in 0.01 %) and the
 * session's energy in Wh (uint32); each is rounded to that resolution when recorded (RESOLUTION), which is
 * the precision the API has always served. It starts at 16 readings and doubles up to HISTORY_CAPACITY
 * (5.5 KiB), then wraps. Readings of steady charging are thinned:
 * while current, offered current, limit and power stay the same, a reading replaces the previous one
 * until STEADY_GAP_MS separate it from the one before (nothing is lost: current is constant between
 * readings, so energy and state of charge are linear there). Memory cost: decisions D22 and D29.
 */
import type { ConnectorSample } from '../station/station-events.ts';

/** Readings kept per connector. */
export const HISTORY_CAPACITY = 256;
/** In steady charging, at most this long between two kept readings. */
export const STEADY_GAP_MS = 5 * 60_000;
const FIRST_CAPACITY = 16;
/**
 * What one unit of each stored value is worth, and so the rounding when a reading is recorded: 0.01 A,
 * 1 W, 0.01 % and 1 Wh. A value above the largest a field holds is kept as that largest (655.34 A, 65.534
 * kW; the product's own maximum is 32 A and 22.08 kW).
 */
export const RESOLUTION = { currentA: 0.01, offeredA: 0.01, limitA: 0.01, powerKW: 0.001, socPercent: 0.01, energyKWh: 0.001 } as const;
/** In the uint16 columns, null (no limit, no EV); the largest value kept is one less. */
const NULL16 = 0xffff;
/** In the uint32 column, null (no transaction). */
const NULL32 = 0xffffffff;
/** Per reading in the uint16 array: currentA, offeredA, limitA (×100), powerW, socPercent (×100). */
const WIDTH = 5;
/** The first four values are constant between readings: equal values make a reading "steady". */
const STEP_VALUES = 4;
/** float64 time, uint32 energy, five uint16 values. */
const BYTES_PER_READING = 8 + 4 + WIDTH * 2;

/** A value in fixed point: rounded to the unit, kept within 0 … max; null stays null. */
const fixed = (x: number | null, perUnit: number, max: number): number => (x === null || Number.isNaN(x) ? max + 1 : Math.min(max, Math.max(0, Math.round(x * perUnit))));

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
  // Three views of one buffer (one allocation per size): times, energies, then the uint16 values.
  #at!: Float64Array;
  #wh!: Uint32Array;
  #v!: Uint16Array;

  constructor() { this.#allocate(FIRST_CAPACITY); }
  /** Readings held; once full, `#head` is the oldest. */
  #len = 0;
  #head = 0;

  get length(): number { return this.#len; }

  record(s: ConnectorSample): void {
    const v = [fixed(s.currentA, 100, NULL16 - 1), fixed(s.offeredA, 100, NULL16 - 1), fixed(s.limitA, 100, NULL16 - 1), fixed(s.powerW, 1, NULL16 - 1), fixed(s.socPercent, 100, NULL16 - 1)];
    const wh = fixed(s.sessionWh, 1, NULL32 - 1);
    const last = this.#len - 1;
    if (last >= 0 && s.at < this.#atOf(last)) return; // the station clock never runs back; a stray reading is dropped
    if (last >= 0 && (s.at === this.#atOf(last) || (last >= 1 && this.#steady(last, v, wh) && s.at - this.#atOf(last - 1) <= STEADY_GAP_MS))) {
      this.#write(this.#slot(last), s.at, v, wh);
      return;
    }
    if (this.#len === this.#at.length && this.#len < HISTORY_CAPACITY) this.#grow();
    if (this.#len < this.#at.length) { this.#write(this.#len++, s.at, v, wh); return; }
    this.#write(this.#head, s.at, v, wh);
    this.#head = (this.#head + 1) % this.#len;
  }

  /** The readings at or after `since` (station clock), oldest first, at most the last `limit`. */
  columns(since = -Infinity, limit = HISTORY_CAPACITY): HistoryColumns {
    const out: HistoryColumns = { at: [], currentA: [], offeredA: [], limitA: [], powerKW: [], energyKWh: [], socPercent: [] };
    let first = 0;
    while (first < this.#len && this.#atOf(first) < since) first++;
    first = Math.max(first, this.#len - limit);
    const hundredths = (q: number): number | null => (q === NULL16 ? null : q / 100);
    for (let i = first; i < this.#len; i++) {
      const slot = this.#slot(i), o = slot * WIDTH, wh = this.#wh[slot]!, soc = this.#v[o + 4]!;
      out.at.push(this.#atOf(i));
      out.currentA.push(this.#v[o]! / 100);
      out.offeredA.push(this.#v[o + 1]! / 100);
      out.limitA.push(hundredths(this.#v[o + 2]!));
      out.powerKW.push(this.#v[o + 3]! / 1000);
      out.energyKWh.push(wh === NULL32 ? null : wh / 1000);
      out.socPercent.push(soc === NULL16 ? null : Number((soc / 100).toFixed(1)));
    }
    return out;
  }

  /** Storage index of the i-th reading, oldest first. */
  #slot(i: number): number { return (this.#head + i) % this.#at.length; }
  #atOf(i: number): number { return this.#at[this.#slot(i)]!; }

  /** Whether the readings last-1 and last and the new values hold the same step values (and the same nulls), at the resolution kept. */
  #steady(last: number, v: number[], wh: number): boolean {
    const sa = this.#slot(last - 1), sb = this.#slot(last), a = sa * WIDTH, b = sb * WIDTH;
    for (let k = 0; k < WIDTH; k++) {
      const x = this.#v[a + k]!, y = this.#v[b + k]!, z = v[k]!;
      if (k < STEP_VALUES ? x !== z || y !== z : (x === NULL16) !== (z === NULL16) || (y === NULL16) !== (z === NULL16)) return false;
    }
    return (this.#wh[sa] === NULL32) === (wh === NULL32) && (this.#wh[sb] === NULL32) === (wh === NULL32);
  }

  #write(slot: number, at: number, v: number[], wh: number): void {
    this.#at[slot] = at;
    this.#v.set(v, slot * WIDTH);
    this.#wh[slot] = wh;
  }

  #allocate(n: number): void {
    const buffer = new ArrayBuffer(n * BYTES_PER_READING);
    this.#at = new Float64Array(buffer, 0, n);
    this.#wh = new Uint32Array(buffer, n * 8, n);
    this.#v = new Uint16Array(buffer, n * 12, n * WIDTH);
  }

  /** Doubles the arrays (only before the ring is full, so the readings are still in order from 0). */
  #grow(): void {
    const n = Math.min(HISTORY_CAPACITY, this.#at.length * 2);
    const at = this.#at, wh = this.#wh, v = this.#v;
    this.#allocate(n);
    this.#at.set(at);
    this.#wh.set(wh);
    this.#v.set(v);
  }
}
