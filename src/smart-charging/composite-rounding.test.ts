/**
 * Whole seconds in GetCompositeSchedule (OCPP 1.6 §5.7, §7.13: startPeriod is an integer number of seconds)
 * while limits change at any millisecond (a transaction starts at .291 s, a startSchedule says .5 s): the
 * composite covers whole seconds from the second the request falls in, and each second carries the lowest
 * limit in force at any instant of it. So a CSMS never reads a limit above the one the station applies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundaries, ChargingProfileStore, compositeSchedule, limitAt, type ChargingProfile, type TxContext } from './index.ts';
import { build, LIMITS, RULES, scenario, scheduleLimitAt } from '../../test/support/charging-profile-arbitraries.ts';
import { ocppValidator } from '../ocpp/index.ts';

/** Limits are reported to 0.1 A, rounded down (a tenth above the limit in force would be above it). */
const reported = (a: number): number => Math.floor(a * 10 + 1e-6) / 10;

test('issue: a Relative TxProfile started at .291 s is not shown as 32 A for the second it starts in (composite asked at .304 s)', () => {
  const second = Date.UTC(2026, 2, 2, 8, 0, 54);
  const txs = new Map<number, TxContext>([[1, { transactionId: 7, startedAt: second + 291 }]]);
  const tx: ChargingProfile = {
    chargingProfileId: 50, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 60, limit: 20 }, { startPeriod: 120, limit: 8 }] },
  };
  const store = new ChargingProfileStore();
  assert.equal(store.install(1, tx, RULES, new Map([[1, 7]]), second + 291).status, 'Accepted');
  const sched = compositeSchedule(store.list(), 1, second + 304, 300, 'A', txs, { ...LIMITS, connectorCount: 1 });
  assert.equal(sched.startSchedule, '2026-03-02T08:00:54.000Z', 'the composite starts at the whole second the request falls in');
  // 10 A from the first second (it is in force from .291 of it); the rise at 114.291 s shows from 115 s,
  // the drop at 174.291 s from 174 s.
  assert.deepEqual(sched.chargingSchedulePeriod, [{ startPeriod: 0, limit: 10 }, { startPeriod: 61, limit: 20 }, { startPeriod: 120, limit: 8 }]);
  assert.equal(limitAt(store.list(), 1, second + 291, txs, LIMITS), 10, 'the station applies 10 A from the transaction\'s first millisecond');
});

const properties = fc.property(scenario, fc.integer({ min: 0, max: 2 * 86_400 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), (s, duration, probes) => {
  const { store, txs, from } = build(s);
  const all = store.list();
  const sched = compositeSchedule(all, s.connectorId, from, duration, 'A', txs, LIMITS);
  const start = Date.parse(sched.startSchedule!);
  assert.equal(start % 1000, 0, 'startSchedule is a whole second');
  assert.ok(start <= from && from < start + 1000, 'the composite starts at the second the request falls in');
  assert.equal(ocppValidator().check('GetCompositeSchedule', 'conf', { status: 'Accepted', connectorId: s.connectorId, scheduleStart: sched.startSchedule, chargingSchedule: sched }), undefined);
  const covered = Math.max(1, sched.duration!) * 1000;
  // Probe random instants, and the millisecond before, at and after every change of the limit in force.
  const changes = boundaries(all, s.connectorId, start, start + covered, txs).filter((b) => b < start + covered);
  const instants = [from, ...probes.map((f) => start + Math.floor(f * (covered - 1))), ...changes.flatMap((b) => [b - 1, b, b + 1])]
    .filter((t) => t >= start && t < start + covered);
  for (const t of instants) {
    const stated = scheduleLimitAt(sched, t)!;
    const inForce = limitAt(all, s.connectorId, t, txs, LIMITS);
    assert.ok(stated <= inForce + 1e-9, `at ${new Date(t).toISOString()} the composite states ${stated} A, above the ${inForce} A in force`);
    // Tight where it can be: a second in which nothing changes states exactly the limit in force.
    const sec = Math.floor(t / 1000) * 1000;
    if (!changes.some((b) => b > sec && b < sec + 1000)) assert.equal(stated, reported(inForce), `at ${new Date(t).toISOString()}`);
  }
});

test('property (OCPP 1.6 §5.7, sub-second instants): the composite never states a limit above the one in force, and states it exactly in seconds without a change [seed 20261206, 300 runs]', () => {
  fc.assert(properties, { numRuns: 300, seed: 20261206 });
});
