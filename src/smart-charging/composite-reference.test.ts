/**
 * The engine (composite.ts, profile-math.ts) is written for speed: each profile parsed once, profiles
 * sorted into their ranks once per call, boundaries in a typed array (issue 17 item 4, decision D24).
 * This file keeps a straightforward reference of the same rules (OCPP 1.6 §3.13, the whole-second rule of
 * D9, the look-ahead and ChargingScheduleMaxPeriods bounds): it re-reads every date at every instant,
 * generously over-collects the instants where a limit may change, and builds the composite second by
 * second. The engine must give exactly the same results (same periods, limits, durations) over random
 * stores of up to 12 profiles in both units, instants in milliseconds and both connector kinds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChargingProfileStore, COMPOSITE_MAX_DURATION_S, compositeSchedule, limitAt, limitWithNextChange, type EngineLimits, type InstalledProfile, type TxContext, type Unit } from './index.ts';
import { BASE, build, LIMITS, RULES, scenario, type Scenario } from '../../test/support/charging-profile-arbitraries.ts';

const DAY = 86_400_000;
const parsed = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));
const recurrence = (p: InstalledProfile): number => (p.profile.recurrencyKind === 'Weekly' ? 7 * DAY : DAY);
const scheduleLength = (p: InstalledProfile): number => {
  const d = p.profile.chargingSchedule.duration;
  return Math.min(d === undefined ? Infinity : d * 1000, p.profile.chargingProfileKind === 'Recurring' ? recurrence(p) : Infinity);
};

/** Starts of the profile's occurrences that can matter in [from, to] (for Recurring: one more before, to be generous). */
function occurrences(p: InstalledProfile, from: number, to: number, tx: TxContext | undefined): number[] {
  const start = parsed(p.profile.chargingSchedule.startSchedule);
  switch (p.profile.chargingProfileKind) {
    case 'Absolute': return [start ?? parsed(p.profile.validFrom) ?? p.installedAt];
    case 'Relative': return tx ? [tx.startedAt] : [];
    case 'Recurring': {
      const anchor = start ?? p.installedAt;
      const out: number[] = [];
      for (let s = anchor + Math.max(0, Math.floor((from - anchor) / recurrence(p)) - 1) * recurrence(p); s <= to; s += recurrence(p)) out.push(s);
      return out;
    }
  }
}

/** The profile's limit at `t` in its own unit: the occurrence in force, if any, and its last period started. */
function refProfileLimit(p: InstalledProfile, t: number, tx: TxContext | undefined): number | undefined {
  const from = parsed(p.profile.validFrom);
  const to = parsed(p.profile.validTo);
  if ((from !== undefined && t < from) || (to !== undefined && t >= to)) return undefined;
  const inForce = occurrences(p, t, t, tx).filter((s0) => s0 <= t).pop();
  if (inForce === undefined || t - inForce >= scheduleLength(p)) return undefined;
  return p.profile.chargingSchedule.chargingSchedulePeriod.filter((period) => period.startPeriod * 1000 <= t - inForce).pop()?.limit;
}

function refAmps(p: InstalledProfile, v: number, l: EngineLimits): number {
  const s = p.profile.chargingSchedule;
  return s.chargingRateUnit === 'W' ? v / (l.voltageV * (s.chargingSchedulePeriod[0]?.numberPhases ?? l.phases)) : v;
}

/** Among `profiles`, the highest stackLevel with a period at `t` (the first installed on a tie), in A. */
function refBest(profiles: InstalledProfile[], t: number, tx: TxContext | undefined, l: EngineLimits): number | undefined {
  const levels = [...new Set(profiles.map((p) => p.profile.stackLevel))].sort((a, b) => b - a);
  for (const level of levels) {
    for (const p of profiles.filter((q) => q.profile.stackLevel === level)) {
      const v = refProfileLimit(p, t, tx);
      if (v !== undefined) return refAmps(p, v, l);
    }
  }
  return undefined;
}

function refLimit(all: InstalledProfile[], connectorId: number, t: number, txs: ReadonlyMap<number, TxContext>, l: EngineLimits): number {
  const of = (purpose: string, connector: number): InstalledProfile[] => all.filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connector);
  const connector = (c: number): number => {
    const tx = txs.get(c);
    const txProfiles = tx ? of('TxProfile', c).filter((p) => p.profile.transactionId === undefined || p.profile.transactionId === tx.transactionId) : [];
    const level = refBest(txProfiles, t, tx, l) ?? refBest(of('TxDefaultProfile', c), t, tx, l) ?? refBest(of('TxDefaultProfile', 0), t, tx, l) ?? l.defaultLimitA;
    return Math.min(level, l.defaultLimitA);
  };
  const cap = refBest(of('ChargePointMaxProfile', 0), t, undefined, l) ?? Infinity;
  if (connectorId > 0) return Math.min(connector(connectorId), cap);
  let sum = 0;
  for (let c = 1; c <= l.connectorCount; c++) sum += connector(c);
  return Math.min(sum, cap);
}

/** Every instant in (from, to] where any profile's limit may change, against any transaction (or none). */
function refChanges(all: InstalledProfile[], from: number, to: number, txs: ReadonlyMap<number, TxContext>): number[] {
  const out = new Set<number>();
  for (const p of all) {
    const candidates = [parsed(p.profile.validFrom), parsed(p.profile.validTo)];
    for (const tx of [undefined, ...txs.values()]) {
      for (const s0 of occurrences(p, from, to, tx)) {
        for (const period of p.profile.chargingSchedule.chargingSchedulePeriod) candidates.push(s0 + period.startPeriod * 1000);
        candidates.push(s0 + scheduleLength(p));
      }
    }
    for (const c of candidates) if (c !== undefined && c > from && c <= to) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** The composite second by second: each second states the lowest limit at any instant of it. */
function refComposite(all: InstalledProfile[], connectorId: number, from: number, durationS: number, unit: Unit, txs: ReadonlyMap<number, TxContext>, l: EngineLimits) {
  const start = Math.floor(from / 1000) * 1000;
  const reach = Math.min(Math.max(0, Math.floor(durationS)), COMPOSITE_MAX_DURATION_S);
  const seconds = Math.max(1, reach);
  const changes = refChanges(all, start, start + seconds * 1000, txs);
  const periods: Array<{ startPeriod: number; limit: number }> = [];
  let duration = reach;
  for (let k = 0; k < seconds; k++) {
    const s = start + k * 1000;
    const amps = Math.min(refLimit(all, connectorId, s, txs, l), ...changes.filter((c) => c > s && c < s + 1000).map((c) => refLimit(all, connectorId, c, txs, l)));
    const limit = Math.floor((unit === 'W' ? amps * l.voltageV * l.phases : amps) * 10 + 1e-6) / 10;
    if (periods.length > 0 && periods[periods.length - 1]!.limit === limit) continue;
    if (periods.length === l.maxPeriods) { duration = k; break; }
    periods.push({ startPeriod: k, limit });
  }
  return { duration, startSchedule: new Date(start).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods };
}

/**
 * A fraction of a millisecond added to the install time and the transaction starts (a scaled clock gives
 * such instants): mostly none, where the engine evaluates once per change (D30); otherwise the engine
 * evaluates at each instant the rule names, and must still equal the reference.
 */
const fraction = fc.constantFrom(0, 0, 0, 0.5, 0.25, 2 ** -12);

const wholeSecond = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

/**
 * Two drawn scenarios' profiles in one store (up to 12), each possibly in W, with a number of phases, and
 * with its instants moved to whole seconds (a change exactly at a second's start is a case of its own);
 * the transactions possibly starting at whole seconds too.
 */
const store = fc.record({
  a: scenario, b: scenario,
  tweaks: fc.array(fc.record({ watts: fc.boolean(), phases: fc.option(fc.constantFrom(1, 3), { nil: undefined }), whole: fc.boolean() }), { minLength: 12, maxLength: 12 }),
  wholeTx: fc.boolean(),
  maxPeriods: fc.integer({ min: 1, max: 24 }),
  fraction: fraction,
}).map(({ a, b, tweaks, wholeTx, maxPeriods, fraction }): Drawn => {
  const profiles = [...a.profiles, ...b.profiles.map((p) => ({ ...p, profile: { ...p.profile, chargingProfileId: p.profile.chargingProfileId + 100_000 } }))].map((p, i) => {
    const t = tweaks[i]!;
    const cp = p.profile;
    const s = cp.chargingSchedule;
    const [first, ...rest] = s.chargingSchedulePeriod;
    return {
      ...p,
      profile: {
        ...cp,
        ...(t.whole && cp.validFrom !== undefined ? { validFrom: wholeSecond(cp.validFrom) } : {}),
        ...(t.whole && cp.validTo !== undefined ? { validTo: wholeSecond(cp.validTo) } : {}),
        chargingSchedule: {
          ...s,
          ...(t.whole && s.startSchedule !== undefined ? { startSchedule: wholeSecond(s.startSchedule) } : {}),
          chargingRateUnit: t.watts ? 'W' as const : 'A' as const,
          chargingSchedulePeriod: [{ ...first!, ...(t.phases !== undefined ? { numberPhases: t.phases } : {}) }, ...rest],
        },
      },
    };
  });
  return { s: { ...a, profiles }, wholeTx, maxPeriods, fraction };
});

interface Drawn { s: Scenario; wholeTx: boolean; maxPeriods: number; fraction: number }

/** The store as SetChargingProfile would install it (W allowed), with the scenario's transactions and request instant. */
function setUp(d: Drawn) {
  const built = build({ ...d.s, profiles: [] });
  const txs = new Map([...built.txs].map(([c, tx]) => [c, { ...tx, startedAt: (d.wholeTx ? Math.floor(tx.startedAt / 1000) * 1000 : tx.startedAt) + d.fraction }]));
  const active = new Map([...txs].map(([c, t]) => [c, t.transactionId]));
  const installed = new ChargingProfileStore();
  for (const p of d.s.profiles) installed.install(p.connectorId, p.profile, { ...RULES, allowedUnits: ['A', 'W'] }, active, BASE + d.s.installedAt + d.fraction);
  return { all: installed.list(), txs, from: built.from, limits: { ...LIMITS, maxPeriods: d.maxPeriods } };
}

test('property (D24, D30): compositeSchedule equals the second-by-second reference (up to 12 profiles, A and W, instants with and without a fraction of a millisecond, 250 runs)', () => {
  fc.assert(fc.property(store, fc.integer({ min: 0, max: 7_200 }), fc.constantFrom<Unit>('A', 'W'), (d, duration, unit) => {
    const { all, txs, from, limits } = setUp(d);
    assert.deepEqual(compositeSchedule(all, d.s.connectorId, from, duration, unit, txs, limits), refComposite(all, d.s.connectorId, from, duration, unit, txs, limits));
  }), { numRuns: 250, seed: 20261206 });
});

test('property (D24): limitAt and limitWithNextChange equal the reference at random instants (300 runs)', () => {
  fc.assert(fc.property(store, fc.integer({ min: -3_600_000, max: 2 * DAY }), (d, offset) => {
    const { all, txs, from, limits } = setUp(d);
    const t = from + offset;
    const expected = refLimit(all, d.s.connectorId, t, txs, limits);
    assert.equal(limitAt(all, d.s.connectorId, t, txs, limits), expected);
    const next = refChanges(all, t, t + 8 * DAY, txs).find((b) => refLimit(all, d.s.connectorId, b, txs, limits) !== expected);
    assert.deepEqual(limitWithNextChange(all, d.s.connectorId, t, txs, limits), { limitA: expected, nextChangeAt: next });
  }), { numRuns: 300, seed: 20261207 });
});

test('D30: a change that a rounding moves just past its listed instant (fractional ms near 2^41 ms) still shows from the next second', () => {
  // A transaction started at 2^41 - 1000 + 2^-12 ms: its start + 1,800,000 ms rounds down to the even
  // double just below the exact sum, so at that listed instant the offset is still below 1,800 s and the
  // 20 A period starts one double later. Evaluating once per listed change would keep 10 A for good.
  const startedAt = 2 ** 41 - 1000 + 2 ** -12;
  assert.ok(startedAt + 1_800_000 - startedAt < 1_800_000, 'the sum rounds below the exact instant');
  const all: InstalledProfile[] = [{ connectorId: 1, installedAt: 2 ** 41 - 5000, profile: {
    chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 1800, limit: 20 }] },
  } }];
  const txs = new Map([[1, { transactionId: 1, startedAt }]]);
  const limits = { ...LIMITS, connectorCount: 1 };
  const got = compositeSchedule(all, 1, 2 ** 41 - 1000, 3600, 'A', txs, limits);
  assert.deepEqual(got.chargingSchedulePeriod, [{ startPeriod: 0, limit: 10 }, { startPeriod: 1801, limit: 20 }]);
  assert.deepEqual(got, refComposite(all, 1, 2 ** 41 - 1000, 3600, 'A', txs, limits));
});
