import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChargingProfileStore, compositeSchedule, type ChargingProfile, type TxContext } from './index.ts';

const NOW = Date.UTC(2026, 2, 2, 21, 0, 0);

test('OCPP 1.6 §5.7 composite: a change within the same second that restores the previous limit merges with it (found by the fresh-seed property)', () => {
  // Connector-0 composite where connector 2's Relative TxDefault and connector 1's Absolute TxDefault change
  // at sub-second offsets: the whole-second period they share must not leave two equal adjacent periods.
  const s = {"profiles":[{"connectorId":0,"profile":{"chargingProfileId":4480,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0}],"startSchedule":"2026-03-02T21:00:00.000Z"}}},{"connectorId":0,"profile":{"chargingProfileId":191,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0},{"startPeriod":7786,"limit":0}],"startSchedule":"2026-03-02T21:00:00.000Z"}}},{"connectorId":1,"profile":{"chargingProfileId":1812,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0.1}],"startSchedule":"2026-03-02T21:00:02.000Z"}}},{"connectorId":2,"profile":{"chargingProfileId":7143,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":8.8},{"startPeriod":7,"limit":8.7},{"startPeriod":3158,"limit":0}]}}},{"connectorId":0,"profile":{"chargingProfileId":6374,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0},{"startPeriod":1,"limit":8.8}],"startSchedule":"2026-03-02T21:00:00.000Z"}}}],"connectorId":0,"duration":3,"txStart":11} as { profiles: Array<{ connectorId: number; profile: ChargingProfile }>; connectorId: number; duration: number; txStart: number };
  const txs = new Map<number, TxContext>([[1, { transactionId: 1, startedAt: NOW - s.txStart * 1000 }], [2, { transactionId: 2, startedAt: NOW - s.txStart * 500 }]]);
  const store = new ChargingProfileStore();
  const rules = { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'] as const, connectorCount: 2 };
  for (const p of s.profiles) store.install(p.connectorId, p.profile, rules, new Map([[1, 1], [2, 2]]), NOW);
  const sched = compositeSchedule(store.list(), s.connectorId, NOW, s.duration, 'A', txs, { defaultLimitA: 32, connectorCount: 2, voltageV: 230, phases: 3 });
  assert.deepEqual(sched.chargingSchedulePeriod, [{ startPeriod: 0, limit: 0 }, { startPeriod: 1, limit: 8.8 }]);
});
