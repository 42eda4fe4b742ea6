/**
 * GetCompositeSchedule end to end over the loopback, against a central system that validates every
 * answer against the OCPP 1.6 schemas (strict RPC): a huge duration is answered with a bounded schedule,
 * and a composite asked inside a second never states a limit above the one the station applies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import type { ChargingProfile } from '../../../src/smart-charging/index.ts';
import { ocppValidator } from '../../../src/ocpp/index.ts';

const daily24: ChargingProfile = {
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-03-01T00:00:00Z', chargingSchedulePeriod: Array.from({ length: 24 }, (_, h) => ({ startPeriod: h * 3600, limit: h % 2 ? 16 : 6 })) },
};

test('issue: GetCompositeSchedule {"connectorId":1,"duration":9007199254740992} after a Daily 24-period TxDefaultProfile on connector 0 is answered: ChargingScheduleMaxPeriods periods, the duration they reach, schema-valid', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: daily24 })).status, 'Accepted');
  for (const duration of [9_007_199_254_740_992, 2_147_483_647]) {
    const conf = await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration });
    assert.equal(ocppValidator().check('GetCompositeSchedule', 'conf', conf), undefined);
    assert.equal(conf.status, 'Accepted');
    assert.equal(conf.scheduleStart, '2026-03-02T08:00:00.000Z');
    const periods = conf.chargingSchedule!.chargingSchedulePeriod;
    assert.equal(periods.length, 24, `duration ${duration}: 24 periods (ChargingScheduleMaxPeriods)`);
    assert.deepEqual(periods.slice(0, 2), [{ startPeriod: 0, limit: 6 }, { startPeriod: 3600, limit: 16 }]);
    assert.equal(conf.chargingSchedule!.duration, 86_400, 'the 24 periods reach 24 h, and the answer says so');
  }
  // The station is still there for everyone else.
  assert.deepEqual((await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 60 })).chargingSchedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 6 }]);
});

type ConnectorView = { limitA: number | null; offeredA: number; transaction: unknown };
const view = (r: EvlinkRig): ConnectorView => (r.controls.state!() as { connectors: ConnectorView[] }).connectors[0]!;

test('issue: a Relative TxProfile from RemoteStartTransaction, transaction started at .291 s, composite asked at .304 s: never a limit above the one the station applies', async () => {
  const r = await evlinkRig({ configOverrides: { ConnectionTimeOut: '120' } });
  const txProfile: ChargingProfile = {
    chargingProfileId: 50, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 60, limit: 20 }, { startPeriod: 120, limit: 8 }] },
  };
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted');
  const second = Date.UTC(2026, 2, 2, 8, 0, 54);
  // What the station applies, sampled as time passes (it keeps no history to ask afterwards).
  const applied: Array<{ at: number; limitA: number; offeredA: number; tx: boolean }> = [];
  const sampleAt = async (at: number): Promise<void> => {
    await r.clock.advance(at - r.clock.now());
    const v = view(r);
    applied.push({ at, limitA: v.limitA ?? Infinity, offeredA: v.offeredA, tx: v.transaction !== null });
  };
  for (const at of [second, second + 100, second + 290]) await sampleAt(at);
  await r.clock.advance(second + 291 - r.clock.now());
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.equal(r.sent.find((s) => s.action === 'StartTransaction')?.payload.timestamp, '2026-03-02T08:00:54.291Z');
  await sampleAt(second + 291);
  await sampleAt(second + 304);
  const conf = await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 300 });
  const sched = conf.chargingSchedule!;
  assert.equal(sched.startSchedule, '2026-03-02T08:00:54.000Z');
  assert.equal(conf.scheduleStart, sched.startSchedule, 'the periods count from scheduleStart, so it is the same whole second');
  assert.deepEqual(sched.chargingSchedulePeriod, [{ startPeriod: 0, limit: 10 }, { startPeriod: 61, limit: 20 }, { startPeriod: 120, limit: 8 }]);
  for (const ms of [999, 1_000, 60_290, 60_291, 60_999, 61_000, 119_999, 120_000, 120_290, 120_291, 121_000, 299_999]) await sampleAt(second + ms);
  const stated = (t: number): number => [...sched.chargingSchedulePeriod].reverse().find((p) => second + p.startPeriod * 1000 <= t)!.limit;
  for (const s of applied) {
    assert.ok(stated(s.at) <= s.limitA, `at ${new Date(s.at).toISOString()} the composite states ${stated(s.at)} A, the station applies ${s.limitA} A`);
    if (s.tx) assert.equal(s.offeredA, s.limitA, `at ${new Date(s.at).toISOString()} the EV is offered the limit in force`);
  }
  assert.deepEqual(applied.filter((s) => s.tx).map((s) => [s.at - second, s.limitA]).filter(([at]) => [291, 60_290, 60_291, 120_290, 120_291].includes(at!)),
    [[291, 10], [60_290, 10], [60_291, 20], [120_290, 20], [120_291, 8]], 'the station applies each limit from its exact millisecond');
});
