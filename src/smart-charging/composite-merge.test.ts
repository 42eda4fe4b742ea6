import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChargingProfileStore, compositeSchedule, type ChargingProfile, type TxContext } from './index.ts';

const NOW = Date.UTC(2026, 2, 2, 21, 0, 0);

test('OCPP 1.6 §5.7 composite: a dip inside one second (8.7 A from 1.5 s to 2 s between 8.8 A) shows for that whole second, not merged away (found by the fresh-seed property)', () => {
  // Connector-0 composite where connector 2's Relative TxDefault and connector 1's Absolute TxDefault change
  // at sub-second offsets: the station sum is 8.8 A from 1 s, 8.7 A from 1.5 s and 8.8 A again from 2 s.
  // Second 1 states the lowest limit in it (8.7), so no instant reads above the limit in force; the periods
  // stay distinct (an earlier rule let the last change of a second win and stated 8.8 A over the dip).
  const s = {"profiles":[{"connectorId":0,"profile":{"chargingProfileId":4480,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0}],"startSchedule":"2026-03-02T21:00:00.000Z"}}},{"connectorId":0,"profile":{"chargingProfileId":191,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0},{"startPeriod":7786,"limit":0}],"startSchedule":"2026-03-02T21:00:00.000Z"}}},{"connectorId":1,"profile":{"chargingProfileId":1812,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0.1}],"startSchedule":"2026-03-02T21:00:02.000Z"}}},{"connectorId":2,"profile":{"chargingProfileId":7143,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":8.8},{"startPeriod":7,"limit":8.7},{"startPeriod":3158,"limit":0}]}}},{"connectorId":0,"profile":{"chargingProfileId":6374,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0},{"startPeriod":1,"limit":8.8}],"startSchedule":"2026-03-02T21:00:00.000Z"}}}],"connectorId":0,"duration":3,"txStart":11} as { profiles: Array<{ connectorId: number; profile: ChargingProfile }>; connectorId: number; duration: number; txStart: number };
  const txs = new Map<number, TxContext>([[1, { transactionId: 1, startedAt: NOW - s.txStart * 1000 }], [2, { transactionId: 2, startedAt: NOW - s.txStart * 500 }]]);
  const store = new ChargingProfileStore();
  const rules = { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'] as const, connectorCount: 2 };
  for (const p of s.profiles) store.install(p.connectorId, p.profile, rules, new Map([[1, 1], [2, 2]]), NOW);
  const sched = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, { defaultLimitA: 32, connectorCount: 2, voltageV: 230, phases: 3, maxPeriods: 24 });
  assert.deepEqual(sched.chargingSchedulePeriod, [{ startPeriod: 0, limit: 0 }, { startPeriod: 1, limit: 8.7 }, { startPeriod: 2, limit: 8.8 }]);
});
