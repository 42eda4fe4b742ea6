import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last } from '../../support/evlink-rig.ts';
import type { ChargingProfile } from '../../../src/smart-charging/index.ts';

type MV = { timestamp: string; sampledValue: Array<{ value: string; measurand?: string; phase?: string }> };
const currentAt = (r: Awaited<ReturnType<typeof evlinkRig>>) => r.sent.filter((s) => s.action === 'MeterValues').map((s) => {
  const mv = (s.payload.meterValue as MV[])[0]!;
  return [mv.timestamp.slice(11, 16), Number(mv.sampledValue.find((v) => v.measurand === 'Current.Import')?.value)] as const;
});

const daily = (limitA: number): ChargingProfile => ({
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-03-01T23:00:00Z', duration: 7200, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }, { startPeriod: 3600, limit: 4 }] },
});

test('OCPP 1.6 §5.16 SetChargingProfile: W unit Rejected (guide: A only), TxProfile without transaction Rejected, too many periods Rejected', async () => {
  const r = await evlinkRig();
  const w = { ...daily(10), chargingSchedule: { ...daily(10).chargingSchedule, chargingRateUnit: 'W' as const } };
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: w })).status, 'Rejected');
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: { ...daily(10), chargingProfilePurpose: 'TxProfile' } })).status, 'Rejected');
  const many = { ...daily(10), chargingSchedule: { ...daily(10).chargingSchedule, chargingSchedulePeriod: Array.from({ length: 25 }, (_, i) => ({ startPeriod: i * 60, limit: 10 })) } };
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: many })).status, 'Rejected');
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...daily(10), stackLevel: 9 } })).status, 'Rejected', 'ChargeProfileMaxStackLevel 8');
});

test('OCPP 1.6 §5.7 GetCompositeSchedule: A by default, W Rejected, never an empty period list; §5.5 ClearChargingProfile Accepted/Unknown', async () => {
  const r = await evlinkRig();
  const empty = await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 600 });
  assert.equal(empty.status, 'Accepted');
  assert.deepEqual(empty.chargingSchedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 32 }]);
  assert.equal((await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'W' })).status, 'Rejected');
  assert.equal((await r.csms.call('GetCompositeSchedule', { connectorId: 4, duration: 600 })).status, 'Rejected');
  await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...daily(10), chargingProfileKind: 'Absolute', recurrencyKind: undefined as never, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 13 }] } } });
  const c = await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'A' });
  assert.deepEqual(c.chargingSchedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 13 }]);
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 99 })).status, 'Unknown');
  assert.equal((await r.csms.call('ClearChargingProfile', { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 })).status, 'Accepted');
  assert.equal((await r.csms.call('ClearChargingProfile', {})).status, 'Unknown');
});

test('OCPP 1.6 §5.11 RemoteStartTransaction with a TxProfile: the limit applies to the session and the profile ends with it', async () => {
  const r = await evlinkRig({ configOverrides: { SampledDataInterval: '60', AlignedDataInterval: '0' } });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  const txProfile: ChargingProfile = { chargingProfileId: 50, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } };
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', chargingProfile: txProfile })).status, 'Accepted');
  await r.clock.advance(61_000);
  assert.equal(last(currentAt(r))[1], 16);
  await r.csms.call('RemoteStopTransaction', { transactionId: 100 });
  await r.settle();
  const after = await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 60 });
  assert.deepEqual(after.chargingSchedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 32 }], 'the TxProfile was removed with its transaction');
  const notTx = { ...txProfile, chargingProfilePurpose: 'TxDefaultProfile' as const };
  r.controls.unplug!(1);
  r.controls.plugIn!(1);
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', chargingProfile: notTx })).status, 'Rejected', 'only a TxProfile may come with a remote start');
});

test('charging profiles survive a reboot of the station model', async () => {
  const { buildEvlinkStation } = await import('../../../src/runtime/evlink-station.ts');
  const build = buildEvlinkStation();
  const first = await evlinkRig({ build });
  assert.equal((await first.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...daily(10), chargingProfileKind: 'Absolute', recurrencyKind: undefined as never, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 9 }] } } })).status, 'Accepted');
  first.station.dispose();
  const second = await evlinkRig({ build, clock: first.clock });
  const c = await second.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 60 });
  assert.deepEqual(c.chargingSchedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 9 }]);
});
