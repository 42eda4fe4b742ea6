/**
 * fast-check arbitraries for smart-charging property tests where every instant may fall inside a second:
 * profile startSchedule / validFrom / validTo, transaction starts and the GetCompositeSchedule request
 * instant are drawn in milliseconds, as a twin on a real clock sees them. One source for every composite
 * property test (composite-properties, -rounding, -bound, -reference), so they all draw the same inputs.
 */
import fc from 'fast-check';
import { ChargingProfileStore, type ChargingProfile, type EngineLimits, type ProfileRules, type TxContext } from '../../src/smart-charging/index.ts';

/** A whole second; every drawn instant is an offset in ms from it. */
export const BASE = Date.UTC(2026, 2, 2, 21, 0, 0);
export const RULES: ProfileRules = { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'], connectorCount: 2 };
export const LIMITS: EngineLimits = { defaultLimitA: 32, connectorCount: 2, voltageV: 230, phases: 3, maxPeriods: 24 };

const iso = (ms: number): string => new Date(ms).toISOString();

const periods = fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { maxLength: 6 }).chain((starts) =>
  fc.tuple(...[0, ...starts.sort((a, b) => a - b)].map((s) => fc.record({ startPeriod: fc.constant(s), limit: fc.integer({ min: 0, max: 400 }).map((x) => x / 10) }))));

/** An offset in ms, often inside a second (not a multiple of 1000). */
const offsetMs = (maxS: number): fc.Arbitrary<number> => fc.integer({ min: -maxS * 1000, max: maxS * 1000 });

export interface DrawnProfile { connectorId: number; profile: ChargingProfile }

const profile = (id: number): fc.Arbitrary<DrawnProfile> => fc.record({
  purpose: fc.constantFrom('ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile') as fc.Arbitrary<ChargingProfile['chargingProfilePurpose']>,
  kind: fc.constantFrom('Absolute', 'Recurring', 'Relative') as fc.Arbitrary<ChargingProfile['chargingProfileKind']>,
  rec: fc.constantFrom('Daily', 'Weekly') as fc.Arbitrary<'Daily' | 'Weekly'>,
  stackLevel: fc.integer({ min: 0, max: 3 }),
  start: fc.option(offsetMs(86_400), { nil: undefined }),
  validFrom: fc.option(offsetMs(3_600), { nil: undefined }),
  validTo: fc.option(offsetMs(90_000), { nil: undefined }),
  duration: fc.option(fc.integer({ min: 1, max: 90_000 }), { nil: undefined }),
  connector: fc.integer({ min: 0, max: 2 }),
  periods,
}).map((r) => {
  const connectorId = r.purpose === 'ChargePointMaxProfile' ? 0 : r.purpose === 'TxProfile' ? Math.max(1, r.connector) : r.connector;
  const p: ChargingProfile = {
    chargingProfileId: id, stackLevel: r.stackLevel, chargingProfilePurpose: r.purpose, chargingProfileKind: r.kind,
    ...(r.kind === 'Recurring' ? { recurrencyKind: r.rec } : {}),
    ...(r.validFrom !== undefined ? { validFrom: iso(BASE + r.validFrom) } : {}),
    ...(r.validTo !== undefined ? { validTo: iso(BASE + r.validTo) } : {}),
    chargingSchedule: {
      chargingRateUnit: 'A', chargingSchedulePeriod: [...r.periods],
      ...(r.kind !== 'Relative' && r.start !== undefined ? { startSchedule: iso(BASE + r.start) } : {}),
      ...(r.duration !== undefined ? { duration: r.duration } : {}),
    },
  };
  return { connectorId, profile: p };
});

export interface Scenario {
  profiles: DrawnProfile[];
  connectorId: number;
  /** ms after BASE at which the profiles are installed (Absolute/Recurring without startSchedule start there). */
  installedAt: number;
  /** ms after BASE at which GetCompositeSchedule is asked (≥ installedAt). */
  askedAt: number;
  /** Transaction start per connector in ms before the request; undefined: no transaction. */
  txAgo: [number | undefined, number | undefined];
}

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  profiles: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 6 }).chain((ids) => fc.tuple(...ids.map((id, i) => profile(id * 10 + i)))),
  connectorId: fc.integer({ min: 0, max: 2 }),
  installedAt: fc.integer({ min: 0, max: 5_000 }),
  askedLater: fc.integer({ min: 0, max: 5_000 }),
  txAgo: fc.tuple(fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined })),
}).map((r) => ({ profiles: r.profiles, connectorId: r.connectorId, installedAt: r.installedAt, askedAt: r.installedAt + r.askedLater, txAgo: r.txAgo }));

/**
 * Installs the scenario's profiles (each through the store's checks, as SetChargingProfile would) and
 * returns what the engine needs. The transactions run at the request; a TxProfile is checked against them.
 */
export function build(s: Scenario): { store: ChargingProfileStore; txs: Map<number, TxContext>; from: number } {
  const from = BASE + s.askedAt;
  const txs = new Map<number, TxContext>();
  s.txAgo.forEach((ago, i) => { if (ago !== undefined) txs.set(i + 1, { transactionId: i + 1, startedAt: from - ago }); });
  const active = new Map([...txs].map(([c, t]) => [c, t.transactionId]));
  const store = new ChargingProfileStore();
  for (const p of s.profiles) store.install(p.connectorId, p.profile, RULES, active, BASE + s.installedAt);
  return { store, txs, from };
}

/** The limit a composite schedule states at `t` (ms), or undefined when `t` is outside what it covers. */
export function scheduleLimitAt(sched: { startSchedule?: string; duration?: number; chargingSchedulePeriod: Array<{ startPeriod: number; limit: number }> }, t: number): number | undefined {
  const start = Date.parse(sched.startSchedule!);
  const offset = t - start;
  if (offset < 0 || offset >= Math.max(1, sched.duration ?? 0) * 1000) return undefined;
  let limit: number | undefined;
  for (const p of sched.chargingSchedulePeriod) if (p.startPeriod * 1000 <= offset) limit = p.limit;
  return limit;
}
