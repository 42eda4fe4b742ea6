import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';
import { evlinkProAc } from '../../../src/station/profile/index.ts';

const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
const charging = async (r: Awaited<ReturnType<typeof evlinkRig>>) => {
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
};

test('OCPP 1.6 §5.2 ChangeAvailability: Inoperative while charging → Scheduled, applied when the transaction ends; kept across reboot', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await charging(r);
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).status, 'Scheduled');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Charging');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Unavailable');
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.reported(0)), 'Unavailable');
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 5, type: 'Inoperative' })).status, 'Rejected');
});

test('OCPP 1.6 §5.2 availability survives a reboot of the station model', async () => {
  const { buildEvlinkStation } = await import('../../../src/runtime/evlink-station.ts');
  const { SimulatedClock } = await import('../../../src/shared/simulated-clock.ts');
  const build = buildEvlinkStation();
  const clock = new SimulatedClock();
  const a = build({ id: 'EVB-AV' }, { reboot() {} }, clock);
  a.context.controls.setAvailability!(1, false);
  a.dispose();
  const b = build({ id: 'EVB-AV' }, { reboot() {} }, clock);
  assert.equal(b.context.status.get(1).status, 'Unavailable');
});

test('OCPP 1.6 §5.18 UnlockConnector: stops the transaction with UnlockCommand; UnlockFailed while vendor fault 11.0 is active', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await charging(r);
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'Unlocked');
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'UnlockCommand');
  r.controls.raiseError!('11.0', 1);
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'UnlockFailed');
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 3 })).status, 'NotSupported');
});

test('OCPP 1.6 §5.18 UnlockConnector on a tethered-cable model → NotSupported', async () => {
  const r = await evlinkRig({ model: 'EVB3S22NCB' });
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'NotSupported');
});

for (const def of evlinkProAc.vendorErrors) {
  test(`guide vendor error ${def.code} (${def.name}): raise → ${def.faults ? 'Faulted' : 'reported'} with ${def.errorCode}, vendorErrorCode and info; clear → NoError`, async () => {
    const r = await evlinkRig();
    const connector = def.scope === 'station' ? 0 : 1;
    r.controls.raiseError!(def.code, 1);
    await r.settle();
    const sn = last(r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === connector)).payload;
    assert.equal(sn.errorCode, def.errorCode);
    assert.equal(sn.vendorErrorCode, def.code);
    assert.equal(sn.vendorId, 'Schneider Electric');
    assert.equal(sn.info, def.description);
    assert.equal(sn.status, def.faults ? 'Faulted' : 'Available');
    r.controls.clearError!(def.code, 1);
    await r.settle();
    const after = last(r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === connector)).payload;
    assert.equal(after.errorCode, 'NoError');
    assert.equal(after.status, 'Available');
  });
}

test('guide EvPresenceNotification=true: plugging and unplugging send a DataTransfer', async () => {
  const r = await evlinkRig({ configOverrides: { EvPresenceNotification: 'true' } });
  r.controls.plugIn!(1);
  r.controls.unplug!(1);
  await r.settle();
  const dt = r.sent.filter((s) => s.action === 'DataTransfer').map((s) => [s.payload.vendorId, s.payload.messageId, JSON.parse(String(s.payload.data)).evPresent]);
  assert.deepEqual(dt, [['Schneider Electric', 'EvPresence', true], ['Schneider Electric', 'EvPresence', false]]);
});

test('guide MinimumStatusDuration: a status that lasts less than the minimum is never reported', async () => {
  const r = await evlinkRig({ configOverrides: { MinimumStatusDuration: '5' } });
  await r.clock.advance(10_000);
  const before = r.reported(1).length;
  r.controls.plugIn!(1);
  await r.clock.advance(2_000);
  r.controls.unplug!(1);
  await r.clock.advance(10_000);
  assert.equal(r.reported(1).length - before, 0, 'Preparing lasted 2 s: not reported; Available is unchanged');
  r.controls.plugIn!(1);
  await r.clock.advance(6_000);
  assert.equal(last(r.reported(1)), 'Preparing');
});

test('illegal physical events are reported with a stable code, not ignored', async () => {
  const r = await evlinkRig();
  assert.throws(() => r.controls.unplug!(1), /TWIN_ERR_ILLEGAL_EVENT|no cable plugged/);
});
