import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startCsms } from '../../../src/csms/index.ts';
import { createFleet } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import type { OutgoingAction, Req } from '../../../src/ocpp/index.ts';
import { RpcError } from '../../../src/rpc/index.ts';
import { buildProfileStation } from '../../../src/runtime/profile-station.ts';
import { parseDeviceProfile } from '../../../src/station/profile/index.ts';
import { evlinkRig } from '../../support/evlink-rig.ts';
import { waitFor } from '../../support/wait-for.ts';

const genericJson = JSON.parse(readFileSync(new URL('../../fixtures/profiles/generic-ocpp16.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const generic = parseDeviceProfile(genericJson);
const day = { chargingRateUnit: 'W' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] };

test('a second product is a second file: the generic 1.6 profile boots against the embedded CSMS and answers as its profile says', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms();
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildProfileStation({ profile: generic }), backoff: { initialMs: 20, maxMs: 50 } });
  try {
    const m = fleet.add({ id: 'GEN-1' });
    await waitFor(() => m.station.registration === 'Accepted' && (csms.station('GEN-1')?.statuses.size ?? 0) === 3, 5000, 'boot and three statuses');
    assert.deepEqual([csms.station('GEN-1')?.boot?.chargePointVendor, csms.station('GEN-1')?.boot?.chargePointModel], ['Generic', 'GEN-2x22']);
    const call = <A extends OutgoingAction<'CentralSystem'>>(action: A, payload: Req<A>) => csms.call('GEN-1', action, payload);

    const conf = await call('GetConfiguration', { key: ['MeterValueSampleInterval', 'BoxIdentifier', 'SampledDataInterval'] });
    assert.deepEqual(conf.configurationKey?.map((k) => [k.key, k.value]), [['MeterValueSampleInterval', '60']]);
    assert.deepEqual(conf.unknownKey, ['BoxIdentifier', 'SampledDataInterval'], 'the EVlink\'s own keys do not exist on this product');
    assert.equal((await call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '5' })).status, 'Accepted');
    assert.equal((await call('ChangeConfiguration', { key: 'SampledDataInterval', value: '5' })).status, 'NotSupported');

    // SendLocalList, which the EVlink does not support, works here (OCPP 1.6 §5.15).
    const entry = (idTag: string) => ({ idTag, idTagInfo: { status: 'Accepted' as const } });
    assert.equal((await call('SendLocalList', { listVersion: 3, updateType: 'Full', localAuthorizationList: [entry('A'), entry('B')] })).status, 'Accepted');
    assert.equal((await call('GetLocalListVersion', {})).listVersion, 3);
    assert.equal((await call('SendLocalList', { listVersion: 3, updateType: 'Differential', localAuthorizationList: [entry('C')] })).status, 'VersionMismatch');
    assert.equal((await call('SendLocalList', { listVersion: 4, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }, entry('C')] })).status, 'Accepted');
    assert.deepEqual(m.station.context.controls.getLocalList!().entries.map((e) => e.idTag).sort(), ['B', 'C']);
    assert.equal((await call('SendLocalList', { listVersion: 5, updateType: 'Full', localAuthorizationList: [entry('A'), entry('B'), entry('C')] })).status, 'Failed', 'SendLocalListMaxLength 2');
    assert.equal((await call('SendLocalList', { listVersion: 5, updateType: 'Differential', localAuthorizationList: [entry('D'), entry('E')] })).status, 'Failed', 'LocalAuthListMaxLength 3');
    assert.equal((await call('SendLocalList', { listVersion: 0, updateType: 'Full', localAuthorizationList: [entry('A')] })).status, 'Failed', 'version 0 means "no list" (1.6 §5.10)');
    assert.equal((await call('SendLocalList', { listVersion: 6, updateType: 'Full', localAuthorizationList: [{ idTag: 'A' }] })).status, 'Failed', 'a Full entry needs idTagInfo');
    assert.equal((await call('GetLocalListVersion', {})).listVersion, 4, 'a failed update changes nothing');

    // Smart charging per the profile: W allowed, Daily recurrence only.
    const profile = (id: number, extra: Record<string, unknown>) => ({ chargingProfileId: id, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile' as const, chargingProfileKind: 'Absolute' as const, chargingSchedule: day, ...extra });
    assert.equal((await call('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, {}) })).status, 'Accepted');
    const weekly = profile(2, { chargingProfileKind: 'Recurring', recurrencyKind: 'Weekly', chargingSchedule: { ...day, startSchedule: new Date(clock.now()).toISOString() } });
    assert.equal((await call('SetChargingProfile', { connectorId: 1, csChargingProfiles: weekly as never })).status, 'Rejected');
    assert.equal((await call('SetChargingProfile', { connectorId: 1, csChargingProfiles: { ...weekly, recurrencyKind: 'Daily' } as never })).status, 'Accepted');

    assert.equal((await call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 })).status, 'Accepted', 'two connectors');
  } finally {
    await fleet.stop();
    await csms.close();
    clock.dispose();
  }
});

test('an operation the profile does not list gets CALLERROR NotSupported (OCPP-J §4.2.3); one it lists as not supported gets its NotSupported status', async () => {
  const ops = genericJson.operations as Record<string, string[]>;
  const narrowed = parseDeviceProfile({
    ...genericJson,
    operations: { ...ops, centralSystemInitiated: ops.centralSystemInitiated!.filter((o) => o !== 'ReserveNow' && o !== 'UnlockConnector'), notSupported: ['UnlockConnector'] },
  });
  const r = await evlinkRig({ build: buildProfileStation({ profile: narrowed }) });
  const when = new Date(r.clock.now() + 3_600_000).toISOString();
  await assert.rejects(r.csms.call('ReserveNow', { connectorId: 1, expiryDate: when, idTag: 'A', reservationId: 1 }), (e) => e instanceof RpcError && e.rpcCode === 'NotSupported');
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'NotSupported');
  assert.equal((await r.csms.call('CancelReservation', { reservationId: 1 })).status, 'Rejected', 'listed operations still work');
});

test('the generic profile\'s standard key names drive the same behaviour: MeterValueSampleInterval re-arms the sampler', async () => {
  const r = await evlinkRig({ startIdTagInfo: { status: 'Accepted' }, build: buildProfileStation({ profile: generic, configOverrides: { AuthenticationOCPPMode: 'false' } }) });
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '10' })).status, 'Accepted');
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.equal(r.sent.find((s) => s.action === 'StartTransaction')?.payload.idTag, 'DEFAULT', 'undeclared keys read as the vocabulary fallback (DefaultIdTag), overrides still apply (AuthenticationOCPPMode)');
  const t0 = r.clock.now();
  await r.clock.advance(31_000);
  const periodic = r.sent.filter((s) => s.action === 'MeterValues' && JSON.stringify(s.payload).includes('Sample.Periodic'));
  assert.deepEqual(periodic.map((s) => (s.at - t0) / 1000), [10, 20, 30]);
  const measurands = JSON.stringify(periodic[0]?.payload);
  assert.ok(measurands.includes('Power.Active.Import') && !measurands.includes('Voltage'), 'MeterValuesSampledData of the profile');
});

test('a key declared under its own name with standardKey drives the standard behaviour, and only its own name is visible to the central system', async () => {
  const json = structuredClone(genericJson) as { configurationKeys: Array<Record<string, unknown>> };
  const hb = json.configurationKeys.find((k) => k.key === 'HeartbeatInterval')!;
  Object.assign(hb, { key: 'HbPeriod', standardKey: 'HeartbeatInterval', default: '600' });
  const r = await evlinkRig({ build: buildProfileStation({ profile: parseDeviceProfile(json) }) });
  // The BootNotification.conf interval (300 s in the rig) lands in the mapped key.
  const read = await r.csms.call('GetConfiguration', { key: ['HbPeriod', 'HeartbeatInterval'] });
  assert.deepEqual(read.configurationKey?.map((k) => [k.key, k.value]), [['HbPeriod', '300']]);
  assert.deepEqual(read.unknownKey, ['HeartbeatInterval']);
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '20' })).status, 'NotSupported');
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'HbPeriod', value: '20' })).status, 'Accepted');
  const t0 = r.clock.now();
  await r.clock.advance(61_000);
  assert.deepEqual(r.sent.filter((s) => s.action === 'Heartbeat').map((s) => Math.round((s.at - t0) / 1000)), [20, 40, 60], 'the heartbeat follows the mapped key at once');
});
