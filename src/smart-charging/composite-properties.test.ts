import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundaries, ChargingProfileStore, compositeSchedule, limitAt, type ChargingProfile, type TxContext } from './index.ts';

const NOW = Date.UTC(2026, 2, 2, 21, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

const periods = fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { maxLength: 5 }).chain((starts) =>
  fc.tuple(...[0, ...starts.sort((a, b) => a - b)].map((s) => fc.record({ startPeriod: fc.constant(s), limit: fc.integer({ min: 0, max: 400 }).map((x) => x / 10) }))));

const profile = (id: number): fc.Arbitrary<{ connectorId: number; profile: ChargingProfile }> => fc.record({
  purpose: fc.constantFrom('ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile') as fc.Arbitrary<'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile'>,
  kind: fc.constantFrom('Absolute', 'Recurring', 'Relative') as fc.Arbitrary<'Absolute' | 'Recurring' | 'Relative'>,
  rec: fc.constantFrom('Daily', 'Weekly') as fc.Arbitrary<'Daily' | 'Weekly'>,
  stackLevel: fc.integer({ min: 0, max: 3 }),
  startOffset: fc.integer({ min: -86_400, max: 86_400 }),
  duration: fc.option(fc.integer({ min: 60, max: 90_000 }), { nil: undefined }),
  connector: fc.integer({ min: 0, max: 2 }),
  periods,
}).map((r) => {
  const connectorId = r.purpose === 'ChargePointMaxProfile' ? 0 : r.purpose === 'TxProfile' ? Math.max(1, r.connector) : r.connector;
  const p: ChargingProfile = {
    chargingProfileId: id, stackLevel: r.stackLevel, chargingProfilePurpose: r.purpose, chargingProfileKind: r.kind,
    ...(r.kind === 'Recurring' ? { recurrencyKind: r.rec } : {}),
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [...r.periods], ...(r.kind !== 'Relative' ? { startSchedule: iso(NOW + r.startOffset * 1000) } : {}), ...(r.duration !== undefined ? { duration: r.duration } : {}) },
  };
  return { connectorId, profile: p };
});

const scenario = fc.record({
  profiles: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 6 }).chain((ids) => fc.tuple(...ids.map((id, i) => profile(id * 10 + i)))),
  connectorId: fc.integer({ min: 0, max: 2 }),
  duration: fc.integer({ min: 0, max: 2 * 86_400 }),
  txStart: fc.integer({ min: 0, max: 7200 }),
});

function build(s: { profiles: Array<{ connectorId: number; profile: ChargingProfile }>; txStart: number }) {
  const txs = new Map<number, TxContext>([[1, { transactionId: 1, startedAt: NOW - s.txStart * 1000 }], [2, { transactionId: 2, startedAt: NOW - s.txStart * 500 }]]);
  const store = new ChargingProfileStore();
  const rules = { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'] as const, connectorCount: 2 };
  for (const p of s.profiles) store.install(p.connectorId, p.profile, rules, new Map([[1, 1], [2, 2]]), NOW);
  return { store, txs, limits: { defaultLimitA: 32, connectorCount: 2, voltageV: 230, phases: 3, maxPeriods: 24 } };
}

/**
 * Each property runs twice: 300 runs with one fixed seed, and up to 5000 runs (bounded to 2 s) with a
 * second seed named in the test title. That second seed is fixed too by default, so a red build means a
 * change broke something rather than a lucky draw; FC_SEED=random explores a fresh region of the input
 * space (how the counterexample pinned in composite-merge.test.ts was found),
 * FC_SEED=<n> replays one.
 */
const freshSeed = process.env.FC_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261130;
type RunParams = Pick<fc.Parameters<unknown>, 'numRuns' | 'seed' | 'interruptAfterTimeLimit' | 'markInterruptAsFailure'>;
const variants: Array<{ label: string; params: RunParams }> = [
  { label: 'fixed seed 20261125, 300 runs', params: { numRuns: 300, seed: 20261125 } },
  { label: `seed ${freshSeed} (FC_SEED=random explores, FC_SEED=<n> replays), up to 5000 runs in 2 s`, params: { numRuns: 5000, seed: freshSeed, interruptAfterTimeLimit: 2000, markInterruptAsFailure: false } },
];

function property<Ts extends unknown[]>(name: string, check: () => fc.IProperty<Ts>): void {
  for (const v of variants) test(`${name} [${v.label}]`, () => fc.assert(check(), v.params));
}

property('property (OCPP 1.6 §5.7): periods are sorted, start at 0, never empty, never overlap, within the duration', () => fc.property(scenario, (s) => {
  const { store, txs, limits } = build(s);
  const sched = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, limits);
  const ps = sched.chargingSchedulePeriod;
  assert.ok(ps.length > 0);
  assert.equal(ps[0]!.startPeriod, 0);
  for (let i = 1; i < ps.length; i++) {
    assert.ok(ps[i]!.startPeriod > ps[i - 1]!.startPeriod);
    assert.notEqual(ps[i]!.limit, ps[i - 1]!.limit, 'adjacent equal periods are merged');
  }
  assert.ok(ps.every((p) => p.startPeriod <= Math.max(0, sched.duration!)));
  assert.ok(sched.duration! <= s.duration && ps.length <= limits.maxPeriods, 'within the request and ChargingScheduleMaxPeriods');
}));

property('property: the composite limit is never above limitAt at any whole second it covers, and equals it in a second in which nothing changes', () => fc.property(scenario, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), (s, probes) => {
  const { store, txs, limits } = build(s);
  const sched = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, limits);
  // The schedule covers [0, duration) as stated (a single second when duration is 0): probe inside it only.
  const covered = Math.max(1, sched.duration!);
  const last = covered - 1;
  const edges = sched.chargingSchedulePeriod.flatMap((p) => [p.startPeriod - 1, p.startPeriod]).filter((o) => o >= 0 && o <= last);
  for (const offset of [...probes.map((f) => Math.min(last, Math.floor(f * covered))), ...edges]) {
    const period = [...sched.chargingSchedulePeriod].reverse().find((p) => p.startPeriod <= offset)!;
    const t = NOW + offset * 1000;
    const inForce = limitAt(store.list(), s.connectorId, t, txs, limits);
    assert.ok(period.limit <= inForce + 1e-9, `offset ${offset}: ${period.limit} above ${inForce}`);
    const changes = boundaries(store.list(), s.connectorId, t, t + 999, txs);
    if (changes.length === 0) assert.equal(period.limit, Math.floor(inForce * 10 + 1e-6) / 10, `offset ${offset}`);
  }
}));

property('property: the composite never exceeds ChargePointMaxProfile, and is deterministic', () => fc.property(scenario, (s) => {
  const { store, txs, limits } = build(s);
  const a = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, limits);
  const b = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, limits);
  assert.deepEqual(a, b);
  const maxes = store.list().filter((p) => p.profile.chargingProfilePurpose === 'ChargePointMaxProfile');
  for (const p of a.chargingSchedulePeriod) {
    const t = NOW + p.startPeriod * 1000;
    const cap = limitAt(maxes, 1, t, new Map(), { ...limits, defaultLimitA: Infinity, connectorCount: 1 });
    if (Number.isFinite(cap)) assert.ok(p.limit <= Math.round(cap * 10) / 10 + 1e-9);
  }
}));
