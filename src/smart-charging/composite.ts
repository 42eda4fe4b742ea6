/**
 * Combining installed profiles into the limit in force (OCPP 1.6 §3.13.1-3.13.4): within a purpose the
 * highest stackLevel that has a period at the instant wins; a TxProfile overrides TxDefaultProfile for
 * its connector; a connector-specific TxDefaultProfile overrides one on connector 0; ChargePointMaxProfile
 * caps the result; with nothing in force, the product's own limit applies. `limitAt` and
 * `compositeSchedule` use the same evaluation, so the schedule is exactly the limit over time.
 */
import type { GetCompositeScheduleConf } from '../ocpp/index.ts';
import { profileBoundaries, profileLimitAt, type InstalledProfile, type TxContext } from './profile-math.ts';

export interface EngineLimits {
  /** The product's own limit per phase (A) when no profile applies. */
  defaultLimitA: number;
  connectorCount: number;
  /** For W ↔ A conversion when a product allows W. */
  voltageV: number;
  phases: number;
}

export type Unit = 'A' | 'W';
export type CompositeSchedule = NonNullable<GetCompositeScheduleConf['chargingSchedule']>;

/** How far ahead `limitAt` looks for the next change (a weekly recurrence repeats within it). */
const HORIZON_MS = 8 * 86_400_000;

function toAmps(limit: number, unit: Unit, l: EngineLimits, phases?: number): number {
  return unit === 'W' ? limit / (l.voltageV * (phases ?? l.phases)) : limit;
}

function best(profiles: InstalledProfile[], t: number, tx: TxContext | undefined, l: EngineLimits): number | undefined {
  const sorted = [...profiles].sort((a, b) => b.profile.stackLevel - a.profile.stackLevel);
  for (const p of sorted) {
    const v = profileLimitAt(p, t, tx);
    if (v !== undefined) {
      const s = p.profile.chargingSchedule;
      return toAmps(v, s.chargingRateUnit, l, s.chargingSchedulePeriod[0]?.numberPhases);
    }
  }
  return undefined;
}

function relevant(all: InstalledProfile[], connectorId: number, tx: TxContext | undefined): { tx: InstalledProfile[]; defConn: InstalledProfile[]; def0: InstalledProfile[]; max: InstalledProfile[] } {
  return {
    tx: tx ? all.filter((p) => p.profile.chargingProfilePurpose === 'TxProfile' && p.connectorId === connectorId && (p.profile.transactionId === undefined || p.profile.transactionId === tx.transactionId)) : [],
    defConn: all.filter((p) => p.profile.chargingProfilePurpose === 'TxDefaultProfile' && p.connectorId === connectorId),
    def0: all.filter((p) => p.profile.chargingProfilePurpose === 'TxDefaultProfile' && p.connectorId === 0),
    max: all.filter((p) => p.profile.chargingProfilePurpose === 'ChargePointMaxProfile'),
  };
}

function connectorLevel(all: InstalledProfile[], connectorId: number, t: number, tx: TxContext | undefined, l: EngineLimits): number {
  const r = relevant(all, connectorId, tx);
  const level = best(r.tx, t, tx, l) ?? best(r.defConn, t, tx, l) ?? best(r.def0, t, tx, l) ?? l.defaultLimitA;
  return Math.min(level, l.defaultLimitA);
}

/**
 * The limit in A at `t` for a connector (>0), or for the whole station (0: the sum of the connectors'
 * limits, capped by ChargePointMaxProfile).
 */
export function limitAt(all: InstalledProfile[], connectorId: number, t: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): number {
  const cap = best(all.filter((p) => p.profile.chargingProfilePurpose === 'ChargePointMaxProfile'), t, undefined, l) ?? Infinity;
  if (connectorId > 0) return Math.min(connectorLevel(all, connectorId, t, txs.get(connectorId), l), cap);
  let sum = 0;
  for (let c = 1; c <= l.connectorCount; c++) sum += connectorLevel(all, c, t, txs.get(c), l);
  return Math.min(sum, cap);
}

/**
 * The transactions a profile's schedule can be evaluated against when computing the limit of
 * `connectorId`: a profile installed on a connector follows that connector's transaction; a profile on
 * connector 0 applies to each connector with that connector's own transaction (a Relative one counts
 * from each transaction's start), so for the station (connector 0) it is evaluated once per connector.
 */
function contexts(p: InstalledProfile, connectorId: number, txs: ReadonlyMap<number, TxContext>): Array<TxContext | undefined> {
  if (p.connectorId !== 0) return [txs.get(p.connectorId)];
  if (connectorId > 0) return [txs.get(connectorId)];
  return [undefined, ...txs.values()];
}

/** Instants in (from, to] where the limit of `connectorId` may change. */
export function boundaries(all: InstalledProfile[], connectorId: number, from: number, to: number, txs: ReadonlyMap<number, TxContext>): number[] {
  const set = new Set<number>();
  for (const p of all) {
    if (connectorId > 0 && p.connectorId !== 0 && p.connectorId !== connectorId) continue;
    for (const tx of contexts(p, connectorId, txs)) for (const b of profileBoundaries(p, from, to, tx)) set.add(b);
  }
  return [...set].sort((a, b) => a - b);
}

/** The limit at `t` and the next instant it changes (undefined: it never changes within 8 days). */
export function limitWithNextChange(all: InstalledProfile[], connectorId: number, t: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): { limitA: number; nextChangeAt: number | undefined } {
  const limitA = limitAt(all, connectorId, t, txs, l);
  for (const b of boundaries(all, connectorId, t, t + HORIZON_MS, txs)) {
    if (limitAt(all, connectorId, b, txs, l) !== limitA) return { limitA, nextChangeAt: b };
  }
  return { limitA, nextChangeAt: undefined };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * GetCompositeSchedule's schedule from `from` for `durationS` seconds: periods at every change, merged
 * where adjacent limits are equal, never empty. Duration 0 gives the single period in force at `from`.
 */
export function compositeSchedule(all: InstalledProfile[], connectorId: number, from: number, durationS: number, unit: Unit, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): CompositeSchedule {
  const start = Math.floor(from / 1000) * 1000;
  const end = start + durationS * 1000;
  const points = [start, ...boundaries(all, connectorId, start, end, txs).filter((b) => b < end)];
  const periods: Array<{ startPeriod: number; limit: number }> = [];
  for (const t of points) {
    const amps = limitAt(all, connectorId, t, txs, l);
    const limit = round1(unit === 'W' ? amps * l.voltageV * l.phases : amps);
    const startPeriod = Math.ceil((t - start) / 1000);
    const prev = periods[periods.length - 1];
    if (prev && prev.limit === limit) continue;
    // A change within the same whole second replaces the period that second began, which may leave it
    // equal to the one before: then the two merge.
    if (prev && prev.startPeriod === startPeriod) periods.pop();
    if (periods[periods.length - 1]?.limit === limit) continue;
    periods.push({ startPeriod, limit });
  }
  return { duration: durationS, startSchedule: new Date(start).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods };
}
