import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundaries, compositeSchedule, limitAt } from './index.ts';
import { build as buildScenario, LIMITS, scenario as drawnScenario, type Scenario } from '../../test/support/charging-profile-arbitraries.ts';

/**
 * The shared drawn scenario (profiles with instants inside a second, transactions, the request instant)
 * and the duration GetCompositeSchedule asks for, up to two days.
 */
const scenario: fc.Arbitrary<Scenario & { duration: number }> = fc.tuple(drawnScenario, fc.integer({ min: 0, max: 2 * 86_400 })).map(([s, duration]) => ({ ...s, duration }));

function build(s: Scenario) {
  const { store, txs, from } = buildScenario(s);
  return { store, txs, from, limits: LIMITS };
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
  const { store, txs, from, limits } = build(s);
  const sched = compositeSchedule(store.list(), s.connectorId, from, s.duration, 'A', txs, limits);
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
  const { store, txs, from, limits } = build(s);
  const sched = compositeSchedule(store.list(), s.connectorId, from, s.duration, 'A', txs, limits);
  const start = Date.parse(sched.startSchedule!);
  // The schedule covers [0, duration) as stated (a single second when duration is 0): probe inside it only.
  const covered = Math.max(1, sched.duration!);
  const last = covered - 1;
  const edges = sched.chargingSchedulePeriod.flatMap((p) => [p.startPeriod - 1, p.startPeriod]).filter((o) => o >= 0 && o <= last);
  for (const offset of [...probes.map((f) => Math.min(last, Math.floor(f * covered))), ...edges]) {
    const period = [...sched.chargingSchedulePeriod].reverse().find((p) => p.startPeriod <= offset)!;
    // The last millisecond of the second: after the request instant even in the first second.
    const t = start + offset * 1000 + 999;
    const inForce = limitAt(store.list(), s.connectorId, t, txs, limits);
    assert.ok(period.limit <= inForce + 1e-9, `offset ${offset}: ${period.limit} above ${inForce}`);
    const changes = boundaries(store.list(), s.connectorId, t - 999, t, txs);
    if (changes.length === 0) assert.equal(period.limit, Math.floor(inForce * 10 + 1e-6) / 10, `offset ${offset}`);
  }
}));

property('property: the composite never exceeds ChargePointMaxProfile, and is deterministic', () => fc.property(scenario, (s) => {
  const { store, txs, from, limits } = build(s);
  const a = compositeSchedule(store.list(), s.connectorId, from, s.duration, 'A', txs, limits);
  const b = compositeSchedule(store.list(), s.connectorId, from, s.duration, 'A', txs, limits);
  const start = Date.parse(a.startSchedule!);
  assert.deepEqual(a, b);
  const maxes = store.list().filter((p) => p.profile.chargingProfilePurpose === 'ChargePointMaxProfile');
  for (const p of a.chargingSchedulePeriod) {
    const t = start + p.startPeriod * 1000 + 999;
    const cap = limitAt(maxes, 1, t, new Map(), { ...limits, defaultLimitA: Infinity, connectorCount: 1 });
    if (Number.isFinite(cap)) assert.ok(p.limit <= Math.round(cap * 10) / 10 + 1e-9);
  }
}));
