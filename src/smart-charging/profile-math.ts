/**
 * The limit one charging profile gives at an instant, and the instants at which that can change
 * (OCPP 1.6 §3.13.2-3.13.4, §7.8-7.9). Pure functions of epoch milliseconds.
 */
import type { SetChargingProfileReq } from '../ocpp/index.ts';

export type ChargingProfile = SetChargingProfileReq['csChargingProfiles'];

/** A profile as installed: where, and when (Absolute profiles without startSchedule start there). */
export interface InstalledProfile { connectorId: number; profile: ChargingProfile; installedAt: number }

/** The running transaction a connector's Relative and TxProfile profiles refer to. */
export interface TxContext { transactionId?: number | undefined; startedAt: number }

const DAY = 86_400_000;
const WEEK = 7 * DAY;

function parse(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/**
 * What the evaluation needs of one installed profile, parsed once (its dates) and laid out for the inner
 * loops (period starts in ms). Derived from the profile alone, so it never differs from evaluating the
 * profile's own fields.
 */
export interface PreparedProfile {
  readonly source: InstalledProfile;
  readonly kind: ChargingProfile['chargingProfileKind'];
  readonly validFrom: number | undefined;
  readonly validTo: number | undefined;
  /** Absolute: the start of its one occurrence (startSchedule, else validFrom, else the install time). */
  readonly absoluteStart: number;
  /** Recurring: the first occurrence's start (startSchedule, else the install time) and the repetition. */
  readonly anchor: number;
  readonly recurrence: number;
  /** The schedule's length in ms (Infinity without a duration; capped at the recurrence). */
  readonly length: number;
  /** startPeriod × 1000 of each period, in the schedule's order, and each period's limit. */
  readonly periodStarts: readonly number[];
  readonly periodLimits: readonly number[];
  /** The schedule's unit, and the number of phases its first period names (for W → A). */
  readonly unit: 'A' | 'W';
  readonly phases: number | undefined;
  /**
   * Every instant and offset the evaluation takes from this profile is a whole millisecond within
   * ±WHOLE_MS_BOUND (its dates, starts, install time, period starts and length, Infinity allowed for the
   * length) and its first period starts at or after 0. Then `preparedLimitAt` of a whole-millisecond
   * instant is exact arithmetic, and the limit changes only at the instants `addPreparedBoundaries` lists
   * (decision D30).
   */
  readonly wholeMs: boolean;
}

/**
 * The largest magnitude of an instant in whole-millisecond arithmetic (D30): the sum or difference of two
 * such values stays below 2^53, where every integer is a double and + − × ÷ floor on them are exact.
 */
export const WHOLE_MS_BOUND = 2 ** 51;

/** `x` is a whole millisecond within ±WHOLE_MS_BOUND. */
export function isWholeMs(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x) <= WHOLE_MS_BOUND;
}

/**
 * Prepared profiles, keyed by the installed profile object. An installed profile is never changed in place
 * (the store replaces, clears and expires whole entries and hands out its own copies), so an entry stays
 * right for as long as its key lives; the WeakMap lets it go with the profile. It is a cache of a pure
 * function of its key, not state any result depends on.
 */
const prepared = new WeakMap<InstalledProfile, PreparedProfile>();

/** The prepared form of `p` (computed on first use, then reused). */
export function prepareProfile(p: InstalledProfile): PreparedProfile {
  const hit = prepared.get(p);
  if (hit !== undefined) return hit;
  const cp = p.profile;
  const s = cp.chargingSchedule;
  const start = parse(s.startSchedule);
  const validFrom = parse(cp.validFrom);
  const recurrence = cp.recurrencyKind === 'Weekly' ? WEEK : DAY;
  const d = s.duration;
  const cap = cp.chargingProfileKind === 'Recurring' ? recurrence : Infinity;
  const length = Math.min(d === undefined ? Infinity : d * 1000, cap);
  const periodStarts = s.chargingSchedulePeriod.map((period) => period.startPeriod * 1000);
  const absoluteStart = start ?? validFrom ?? p.installedAt;
  const anchor = start ?? p.installedAt;
  const validTo = parse(cp.validTo);
  const out: PreparedProfile = {
    source: p,
    kind: cp.chargingProfileKind,
    validFrom,
    validTo,
    absoluteStart,
    anchor,
    recurrence,
    length,
    periodStarts,
    periodLimits: s.chargingSchedulePeriod.map((period) => period.limit),
    unit: s.chargingRateUnit,
    phases: s.chargingSchedulePeriod[0]?.numberPhases,
    wholeMs: (validFrom === undefined || isWholeMs(validFrom)) && (validTo === undefined || isWholeMs(validTo))
      && isWholeMs(absoluteStart) && isWholeMs(anchor) && (length === Infinity || isWholeMs(length))
      && periodStarts.length > 0 && periodStarts[0]! >= 0 && periodStarts.every(isWholeMs),
  };
  prepared.set(p, out);
  return out;
}

function preparedOccurrenceStart(q: PreparedProfile, t: number, tx: TxContext | undefined): number | undefined {
  switch (q.kind) {
    case 'Absolute':
      return q.absoluteStart;
    case 'Relative':
      return tx?.startedAt;
    case 'Recurring':
      if (t < q.anchor) return undefined;
      return q.anchor + Math.floor((t - q.anchor) / q.recurrence) * q.recurrence;
  }
}

/** Start of the schedule occurrence in force at `t`, or undefined when none is. */
export function occurrenceStart(p: InstalledProfile, t: number, tx: TxContext | undefined): number | undefined {
  return preparedOccurrenceStart(prepareProfile(p), t, tx);
}

/** `profileLimitAt` of a prepared profile. */
export function preparedLimitAt(q: PreparedProfile, t: number, tx: TxContext | undefined): number | undefined {
  if (q.validFrom !== undefined && t < q.validFrom) return undefined;
  if (q.validTo !== undefined && t >= q.validTo) return undefined;
  const s0 = preparedOccurrenceStart(q, t, tx);
  if (s0 === undefined || t < s0) return undefined;
  const offset = t - s0;
  if (offset >= q.length) return undefined;
  const starts = q.periodStarts;
  let limit: number | undefined;
  for (let i = 0; i < starts.length; i++) {
    if (starts[i]! <= offset) limit = q.periodLimits[i];
    else break;
  }
  return limit;
}

/** The profile's limit at `t` in its own unit, or undefined when it has no period at `t`. */
export function profileLimitAt(p: InstalledProfile, t: number, tx: TxContext | undefined): number | undefined {
  return preparedLimitAt(prepareProfile(p), t, tx);
}

/** Appends to `out` the instants in (from, to] of one occurrence starting at `s0`: its period starts and its end. */
function addOccurrence(out: number[], q: PreparedProfile, s0: number, from: number, to: number): void {
  const starts = q.periodStarts;
  for (let i = 0; i < starts.length; i++) {
    const x = s0 + starts[i]!;
    if (x > from && x <= to) out.push(x);
  }
  if (Number.isFinite(q.length)) {
    const x = s0 + q.length;
    if (x > from && x <= to) out.push(x);
  }
}

/** Appends to `out` the instants in (from, to] at which a prepared profile's limit may change (repeats possible). */
export function addPreparedBoundaries(out: number[], q: PreparedProfile, from: number, to: number, tx: TxContext | undefined): void {
  if (q.validFrom !== undefined && q.validFrom > from && q.validFrom <= to) out.push(q.validFrom);
  if (q.validTo !== undefined && q.validTo > from && q.validTo <= to) out.push(q.validTo);
  if (q.kind === 'Recurring') {
    const period = q.recurrence;
    const anchor = q.anchor;
    for (let s0 = from < anchor ? anchor : anchor + Math.floor((from - anchor) / period) * period; s0 <= to; s0 += period) addOccurrence(out, q, s0, from, to);
  } else {
    const s0 = preparedOccurrenceStart(q, from, tx);
    if (s0 !== undefined) addOccurrence(out, q, s0, from, to);
  }
}

/** Instants in (from, to] at which this profile's limit may change. */
export function profileBoundaries(p: InstalledProfile, from: number, to: number, tx: TxContext | undefined): number[] {
  const out: number[] = [];
  addPreparedBoundaries(out, prepareProfile(p), from, to, tx);
  return out;
}
