/**
 * Combining installed profiles into the limit in force (OCPP 1.6 §3.13.1-3.13.4): within a purpose the
 * highest stackLevel that has a period at the instant wins; a TxProfile overrides TxDefaultProfile for
 * its connector; a connector-specific TxDefaultProfile overrides one on connector 0; ChargePointMaxProfile
 * caps the result; with nothing in force, the product's own limit applies. `limitAt` and
 * `compositeSchedule` use the same evaluation, so the schedule is exactly the limit over time.
 */
import type { GetCompositeScheduleConf } from '../ocpp/index.ts';
import { addPreparedBoundaries, isWholeMs, preparedLimitAt, prepareProfile, type ChargingProfile, type InstalledProfile, type PreparedProfile, type TxContext } from './profile-math.ts';

export interface EngineLimits {
  /** The product's own limit per phase (A) when no profile applies. */
  defaultLimitA: number;
  connectorCount: number;
  /** For W ↔ A conversion when a product allows W. */
  voltageV: number;
  phases: number;
  /** ChargingScheduleMaxPeriods: the most periods a composite schedule states. */
  maxPeriods: number;
}

export type Unit = 'A' | 'W';
export type CompositeSchedule = NonNullable<GetCompositeScheduleConf['chargingSchedule']>;

/** How far ahead `limitAt` looks for the next change (a weekly recurrence repeats within it). */
const HORIZON_MS = 8 * 86_400_000;

function toAmps(limit: number, unit: Unit, l: EngineLimits, phases?: number): number {
  return unit === 'W' ? limit / (l.voltageV * (phases ?? l.phases)) : limit;
}

/** The profiles of one rank (purpose and connector), highest stackLevel first (ties in installation order). */
type Rank = readonly PreparedProfile[];

function rank(all: readonly PreparedProfile[], keep: (p: InstalledProfile) => boolean): Rank {
  // Array.prototype.sort is stable: equal stack levels keep the installation order.
  return all.filter((q) => keep(q.source)).sort((a, b) => b.source.profile.stackLevel - a.source.profile.stackLevel);
}

/** Within a rank, the highest stackLevel that has a period at `t` wins (in A). */
function best(profiles: Rank, t: number, tx: TxContext | undefined, l: EngineLimits): number | undefined {
  for (const q of profiles) {
    const v = preparedLimitAt(q, t, tx);
    if (v !== undefined) return toAmps(v, q.unit, l, q.phases);
  }
  return undefined;
}

interface ConnectorRanks { tx: TxContext | undefined; txProfiles: Rank; defConn: Rank; def0: Rank }

/**
 * The limit of one connector (>0) or of the station (0) as a function of time, with the profiles sorted
 * into their ranks once: built per call of the exported functions and evaluated at many instants.
 */
interface Evaluator { cap: Rank; connectors: ConnectorRanks[]; station: boolean; l: EngineLimits }

function evaluator(all: readonly PreparedProfile[], connectorId: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): Evaluator {
  const purpose = (p: InstalledProfile): ChargingProfile['chargingProfilePurpose'] => p.profile.chargingProfilePurpose;
  const def0 = rank(all, (p) => purpose(p) === 'TxDefaultProfile' && p.connectorId === 0);
  const connector = (c: number): ConnectorRanks => {
    const tx = txs.get(c);
    return {
      tx,
      txProfiles: tx ? rank(all, (p) => purpose(p) === 'TxProfile' && p.connectorId === c && (p.profile.transactionId === undefined || p.profile.transactionId === tx.transactionId)) : [],
      defConn: rank(all, (p) => purpose(p) === 'TxDefaultProfile' && p.connectorId === c),
      def0,
    };
  };
  const connectors: ConnectorRanks[] = [];
  if (connectorId > 0) connectors.push(connector(connectorId));
  else for (let c = 1; c <= l.connectorCount; c++) connectors.push(connector(c));
  return { cap: rank(all, (p) => purpose(p) === 'ChargePointMaxProfile'), connectors, station: connectorId <= 0, l };
}

function connectorLevel(r: ConnectorRanks, t: number, l: EngineLimits): number {
  const level = best(r.txProfiles, t, r.tx, l) ?? best(r.defConn, t, r.tx, l) ?? best(r.def0, t, r.tx, l) ?? l.defaultLimitA;
  return Math.min(level, l.defaultLimitA);
}

function evaluate(e: Evaluator, t: number): number {
  const cap = best(e.cap, t, undefined, e.l) ?? Infinity;
  if (!e.station) return Math.min(connectorLevel(e.connectors[0]!, t, e.l), cap);
  let sum = 0;
  for (const r of e.connectors) sum += connectorLevel(r, t, e.l);
  return Math.min(sum, cap);
}

/**
 * The limit in A at `t` for a connector (>0), or for the whole station (0: the sum of the connectors'
 * limits, capped by ChargePointMaxProfile).
 */
export function limitAt(all: InstalledProfile[], connectorId: number, t: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): number {
  return evaluate(evaluator(all.map(prepareProfile), connectorId, txs, l), t);
}

/**
 * Instants in (from, to] where the limit of `connectorId` may change, ascending, each once. A profile is
 * taken against each transaction its schedule can be evaluated against for `connectorId`: a profile
 * installed on a connector follows that connector's transaction; a profile on connector 0 applies to each
 * connector with that connector's own transaction, so for the station (connector 0) a Relative one is
 * taken once per transaction (and once without); the other kinds do not depend on the transaction.
 */
function sortedBoundaries(all: readonly PreparedProfile[], connectorId: number, from: number, to: number, txs: ReadonlyMap<number, TxContext>): Float64Array {
  const found: number[] = [];
  for (const q of all) {
    const p = q.source;
    if (connectorId > 0 && p.connectorId !== 0 && p.connectorId !== connectorId) continue;
    if (p.connectorId !== 0) addPreparedBoundaries(found, q, from, to, txs.get(p.connectorId));
    else if (connectorId > 0) addPreparedBoundaries(found, q, from, to, txs.get(connectorId));
    else {
      addPreparedBoundaries(found, q, from, to, undefined);
      if (q.kind === 'Relative') for (const tx of txs.values()) addPreparedBoundaries(found, q, from, to, tx);
    }
  }
  // A typed array sorts numerically; equal instants are then neighbours and kept once.
  const sorted = new Float64Array(found).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/** Instants in (from, to] where the limit of `connectorId` may change. */
export function boundaries(all: InstalledProfile[], connectorId: number, from: number, to: number, txs: ReadonlyMap<number, TxContext>): number[] {
  return Array.from(sortedBoundaries(all.map(prepareProfile), connectorId, from, to, txs));
}

/** The limit at `t` and the next instant it changes (undefined: it never changes within 8 days). */
export function limitWithNextChange(all: InstalledProfile[], connectorId: number, t: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): { limitA: number; nextChangeAt: number | undefined } {
  const qs = all.map(prepareProfile);
  const e = evaluator(qs, connectorId, txs, l);
  const limitA = evaluate(e, t);
  for (const b of sortedBoundaries(qs, connectorId, t, t + HORIZON_MS, txs)) {
    if (evaluate(e, b) !== limitA) return { limitA, nextChangeAt: b };
  }
  return { limitA, nextChangeAt: undefined };
}

/**
 * Whether the limit of `connectorId` is provably the same from each instant of `sortedBoundaries(…, from,
 * to, …)` up to the next one (and from `from` to the first), so that evaluating it once per change gives
 * its value at every instant in between (decision D30). True when every instant involved is a whole
 * millisecond within ±WHOLE_MS_BOUND and no first period starts below 0 (`wholeMs`): the evaluation is
 * then exact arithmetic, and the instants listed are every instant where a profile's limit changes. A
 * ChargePointMaxProfile off connector 0 (which the store
 * never installs) caps every connector but is listed only for its own, hence the second condition.
 */
function stepwise(all: readonly PreparedProfile[], connectorId: number, from: number, to: number, txs: ReadonlyMap<number, TxContext>): boolean {
  if (!Number.isInteger(connectorId) || !isWholeMs(from) || !isWholeMs(to)) return false;
  for (const tx of txs.values()) if (!isWholeMs(tx.startedAt)) return false;
  for (const q of all) {
    if (!q.wholeMs) return false;
    if (q.source.profile.chargingProfilePurpose === 'ChargePointMaxProfile' && q.source.connectorId !== 0) return false;
  }
  return true;
}

/**
 * The furthest a composite schedule looks ahead, in seconds (7 days: one whole Weekly recurrence, the
 * longest repetition a 1.6 profile has). A longer requested duration is answered for this long, so its
 * cost never depends on the duration asked (OCPP 1.6 puts no maximum on it).
 */
export const COMPOSITE_MAX_DURATION_S = 7 * 86_400;

/**
 * A limit as the composite states it, to 0.1 (the schema's multipleOf), rounded down: a tenth above the
 * limit in force would be above it. The tolerance absorbs binary fractions (8.7 × 10 = 86.999…).
 */
const stated = (x: number): number => Math.floor(x * 10 + 1e-6) / 10;

/**
 * GetCompositeSchedule's schedule for `durationS` seconds from the whole second `from` falls in.
 *
 * Whole seconds (startPeriod is an integer): every second of the schedule states the LOWEST limit in force
 * at any instant of it, so a change inside a second shows from that second when it lowers the limit and
 * from the next second when it raises it. The schedule is therefore never above the limit in force at any
 * instant it covers, and equal to it in every second in which nothing changes.
 *
 * Bounded for every caller: at most COMPOSITE_MAX_DURATION_S ahead and at most `l.maxPeriods` periods
 * (ChargingScheduleMaxPeriods, as a unit with a fixed period buffer). The returned duration is how far the
 * stated periods reach: the requested duration, the look-ahead bound, or the start of the first period left
 * out, whichever comes first. Adjacent equal limits merge; never empty; duration 0 gives the one period of
 * the second `from` falls in (the lowest limit in it).
 */
export function compositeSchedule(all: InstalledProfile[], connectorId: number, from: number, durationS: number, unit: Unit, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): CompositeSchedule {
  const start = Math.floor(from / 1000) * 1000;
  const reachS = Math.min(Math.max(0, Math.floor(durationS) || 0), COMPOSITE_MAX_DURATION_S);
  const maxPeriods = Math.max(1, Math.floor(l.maxPeriods) || 1);
  // The seconds evaluated: at least the one `from` falls in, even for duration 0.
  const end = start + Math.max(1, reachS) * 1000;
  const qs = all.map(prepareProfile);
  const changes = sortedBoundaries(qs, connectorId, start, end, txs);
  let count = changes.length; // the changes before `end`: changes[0 .. count - 1]
  while (count > 0 && changes[count - 1]! >= end) count--;
  // The lowest limit of a second can differ from the one before only at the second a change falls in and
  // the next: those seconds (and the first), ascending, each once. They come out ascending from the
  // ascending changes (sorted only if a rounding of huge instants broke that).
  const candidates: number[] = [start];
  let ordered = true;
  const put = (x: number): void => {
    const last = candidates[candidates.length - 1]!;
    if (x === last) return;
    if (x < last) ordered = false;
    candidates.push(x);
  };
  for (let i = 0; i < count; i++) {
    const s = Math.floor(changes[i]! / 1000) * 1000;
    put(s);
    if (s + 1000 < end) put(s + 1000);
  }
  const seconds: ArrayLike<number> = ordered ? candidates : Float64Array.from(candidates).sort();
  const e = evaluator(qs, connectorId, txs, l);
  // Whole-millisecond inputs (D30): the limit is constant from `start` to the first change and from each
  // change to the next, so it is evaluated once there: at[0] from `start`, at[i + 1] from changes[i].
  // Otherwise (an instant with a fraction of a millisecond, where a rounding can move a change off the
  // instant listed) it is evaluated at each instant the rule names, as the reference does.
  let at: number[] | undefined;
  if (stepwise(qs, connectorId, start, end, txs)) {
    at = [evaluate(e, start)];
    for (let i = 0; i < count; i++) at.push(evaluate(e, changes[i]!));
  }
  const toUnit = (amps: number): number => stated(unit === 'W' ? amps * l.voltageV * l.phases : amps);
  const periods: Array<{ startPeriod: number; limit: number }> = [];
  let duration = reachS;
  let next = 0; // first change after the second being evaluated starts
  for (let k = 0; k < seconds.length; k++) {
    const s = seconds[k]!;
    if (k > 0 && s === seconds[k - 1]) continue;
    while (next < count && changes[next]! <= s) next++;
    // changes[next - 1] <= s < changes[next]: at `s` the limit is the one from changes[next - 1] (or `start`).
    let amps = at ? at[next]! : evaluate(e, s);
    for (let i = next; i < count && changes[i]! < s + 1000; i++) amps = Math.min(amps, at ? at[i + 1]! : evaluate(e, changes[i]!));
    const limit = toUnit(amps);
    if (periods.length > 0 && periods[periods.length - 1]!.limit === limit) continue;
    const startPeriod = (s - start) / 1000;
    if (periods.length === maxPeriods) { duration = startPeriod; break; }
    periods.push({ startPeriod, limit });
  }
  return { duration, startSchedule: new Date(start).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods };
}
