/**
 * GetCompositeSchedule's `duration` is a schema-valid integer with no maximum (OCPP 1.6 §6.21). The
 * composite is bounded by the engine itself, for every caller: it looks at most
 * COMPOSITE_MAX_DURATION_S ahead and states at most ChargingScheduleMaxPeriods periods, and its duration
 * says how far the stated periods reach. So a huge duration costs what the bound costs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChargingProfileStore, COMPOSITE_MAX_DURATION_S, compositeSchedule, limitAt, type ChargingProfile } from './index.ts';
import { build, LIMITS, RULES, scenario, scheduleLimitAt } from '../../test/support/charging-profile-arbitraries.ts';
import { ocppValidator } from '../ocpp/index.ts';

const NOW = Date.UTC(2026, 2, 2, 21, 0, 0);

/** The profile: TxDefaultProfile on connector 0, Recurring Daily, 24 periods (one an hour, alternating 6 A / 16 A). */
const daily24: ChargingProfile = {
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-03-01T00:00:00.000Z', chargingSchedulePeriod: Array.from({ length: 24 }, (_, h) => ({ startPeriod: h * 3600, limit: h % 2 ? 16 : 6 })) },
};

const conf = (connectorId: number, sched: ReturnType<typeof compositeSchedule>) => ({ status: 'Accepted', connectorId, scheduleStart: sched.startSchedule, chargingSchedule: sched });

for (const duration of [9_007_199_254_740_992, 2_147_483_647]) {
  test(`issue: GetCompositeSchedule {connectorId 1, duration ${duration}} over a Daily 24-period TxDefaultProfile states ChargingScheduleMaxPeriods periods and the duration they reach`, () => {
    const store = new ChargingProfileStore();
    assert.equal(store.install(0, daily24, RULES, new Map(), NOW).status, 'Accepted');
    const sched = compositeSchedule(store.list(), 1, NOW, duration, 'A', new Map(), LIMITS);
    assert.equal(sched.chargingSchedulePeriod.length, 24, 'at most ChargingScheduleMaxPeriods (24) periods');
    // From 21:00 the limit changes every hour: the 25th period would start 24 h later, so the answer reaches 24 h.
    assert.equal(sched.duration, 86_400);
    assert.deepEqual(sched.chargingSchedulePeriod.slice(0, 4), [{ startPeriod: 0, limit: 16 }, { startPeriod: 3600, limit: 6 }, { startPeriod: 7200, limit: 16 }, { startPeriod: 10_800, limit: 6 }]);
    assert.equal(ocppValidator().check('GetCompositeSchedule', 'conf', conf(1, sched)), undefined, 'schema-valid');
  });
}

test('a constant limit over a huge duration: one period, the duration capped at COMPOSITE_MAX_DURATION_S (7 days)', () => {
  const flat: ChargingProfile = { ...daily24, chargingSchedule: { ...daily24.chargingSchedule, chargingSchedulePeriod: daily24.chargingSchedule.chargingSchedulePeriod.map((p) => ({ ...p, limit: 10 })) } };
  const store = new ChargingProfileStore();
  store.install(0, flat, RULES, new Map(), NOW);
  assert.equal(COMPOSITE_MAX_DURATION_S, 7 * 86_400);
  const sched = compositeSchedule(store.list(), 0, NOW, Number.MAX_SAFE_INTEGER, 'A', new Map(), LIMITS);
  assert.deepEqual({ duration: sched.duration, periods: sched.chargingSchedulePeriod }, { duration: COMPOSITE_MAX_DURATION_S, periods: [{ startPeriod: 0, limit: 20 }] });
});

const hugeDuration = fc.oneof(fc.integer({ min: COMPOSITE_MAX_DURATION_S, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(2 ** 53, 2 ** 31 - 1, 1e15));

test('property (OCPP 1.6 §5.7): for any huge duration the answer is the bounded one — at most ChargingScheduleMaxPeriods periods, schema-valid, its duration exactly how far its periods reach [seed 20261207, 150 runs]', () => {
  fc.assert(fc.property(scenario, hugeDuration, fc.integer({ min: 1, max: 24 }), (s, duration, maxPeriods) => {
    const { store, txs, from } = build(s);
    const limits = { ...LIMITS, maxPeriods };
    const sched = compositeSchedule(store.list(), s.connectorId, from, duration, 'A', txs, limits);
    const ps = sched.chargingSchedulePeriod;
    assert.ok(ps.length >= 1 && ps.length <= maxPeriods, `${ps.length} periods`);
    assert.equal(ocppValidator().check('GetCompositeSchedule', 'conf', conf(s.connectorId, sched)), undefined);
    // The same answer as for the bound itself: nothing beyond it is looked at.
    assert.deepEqual(sched, compositeSchedule(store.list(), s.connectorId, from, COMPOSITE_MAX_DURATION_S, 'A', txs, limits));
    assert.ok(ps.every((p) => p.startPeriod < sched.duration!), 'every period starts inside the stated duration');
    if (ps.length < maxPeriods) {
      assert.equal(sched.duration, COMPOSITE_MAX_DURATION_S, 'not truncated: it reaches the bound');
    } else {
      // Truncated: the stated duration ends exactly where the next (unstated) period begins.
      const wider = compositeSchedule(store.list(), s.connectorId, from, COMPOSITE_MAX_DURATION_S, 'A', txs, { ...limits, maxPeriods: maxPeriods + 1 });
      assert.deepEqual(wider.chargingSchedulePeriod.slice(0, maxPeriods), ps);
      assert.equal(sched.duration, wider.chargingSchedulePeriod[maxPeriods]?.startPeriod ?? COMPOSITE_MAX_DURATION_S);
    }
    // Inside what it states, never above the limit in force (sampled at each period's first and last second).
    const start = Date.parse(sched.startSchedule!);
    for (const [i, p] of ps.entries()) {
      const endS = (ps[i + 1]?.startPeriod ?? sched.duration!) - 1;
      for (const t of [start + p.startPeriod * 1000 + 999, start + endS * 1000]) {
        assert.ok(scheduleLimitAt(sched, t)! <= limitAt(store.list(), s.connectorId, t, txs, limits) + 1e-9);
      }
    }
  }), { numRuns: 150, seed: 20261207 });
});
