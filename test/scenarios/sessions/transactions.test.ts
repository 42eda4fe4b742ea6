import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last } from '../../support/evlink-rig.ts';

test('guide AuthenticationOCPPMode=false (free charging): plugging in starts a transaction under DefaultIdTag', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', DefaultIdTag: 'FREE' } });
  r.controls.plugIn!(1, { requesting: false });
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  const start = r.sent.find((s) => s.action === 'StartTransaction')!;
  assert.equal(start.payload.idTag, 'FREE');
  assert.equal(r.actions('Authorize').length, 0, 'no Authorize in free mode');
  assert.deepEqual(r.reported(1).slice(-3), ['Preparing', 'SuspendedEV', 'Charging'], 'the transaction starts before the EV asks for energy');
});

test('OCPP 1.6 §4.1/§4.3/§4.10 badge → Authorize → plug → charge → same badge stops with reason Local', async () => {
  const r = await evlinkRig();
  assert.deepEqual(await r.controls.presentBadge!('TAG-1'), { accepted: true });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.deepEqual(r.actions().filter((a) => a !== 'StatusNotification').slice(-2), ['Authorize', 'StartTransaction']);
  const start = r.sent.find((s) => s.action === 'StartTransaction')!.payload;
  assert.deepEqual({ connectorId: start.connectorId, idTag: start.idTag, meterStart: start.meterStart }, { connectorId: 1, idTag: 'TAG-1', meterStart: 0 });
  await r.clock.advance(3600_000);
  assert.deepEqual(await r.controls.presentBadge!('TAG-1'), { accepted: true, reason: 'stopped' });
  await r.settle();
  const stop = last(r.sent.filter((s) => s.action === 'StopTransaction')).payload;
  assert.equal(stop.reason, 'Local');
  assert.equal(stop.idTag, 'TAG-1');
  assert.equal(stop.transactionId, 100);
  // 22 kW unit, 3 phases × 32 A × 230 V = 22,080 W for one hour
  assert.ok(Math.abs((stop.meterStop as number) - 22080) <= 1, `meterStop ${String(stop.meterStop)}`);
  assert.ok(Array.isArray(stop.transactionData), 'transactionData from SampledDataTxEnded');
  assert.equal(last(r.reported(1)), 'Finishing');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
});

test('OCPP 1.6 §3.4.3 a badge with the same parentIdTag stops the transaction; another tag does not', async () => {
  const r = await evlinkRig();
  await r.controls.presentBadge!('TAG-2');
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal((await r.controls.presentBadge!('TAG-1', 1)).accepted, false);
  assert.deepEqual(await r.controls.presentBadge!('TAG-3'), { accepted: true, reason: 'stopped' });
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.idTag, 'TAG-3');
});

test('OCPP 1.6 §5.16.3 StartTransaction.conf with a non-Accepted idTagInfo: the transaction is stopped with reason DeAuthorized', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' }, startIdTagInfo: { status: 'Blocked' } });
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'DeAuthorized');
});

test('an invalid badge is refused and nothing starts', async () => {
  const r = await evlinkRig();
  assert.equal((await r.controls.presentBadge!('TAG-BAD')).accepted, false);
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 0);
  assert.equal(last(r.reported(1)), 'Preparing');
});

test('OCPP 1.6 §9.1 ConnectionTimeOut: an authorization without a cable expires', async () => {
  const r = await evlinkRig({ configOverrides: { ConnectionTimeOut: '30' } });
  await r.controls.presentBadge!('TAG-1');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Preparing');
  await r.clock.advance(30_000);
  assert.equal(last(r.reported(1)), 'Available');
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 0);
});

test('OCPP 1.6 §4.9 EV full → SuspendedEV → unplug → Finishing → Available (T2S socket: the cable leaves the socket after the EV)', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  r.controls.setEv!(1, { socPercent: 99, capacityKWh: 10 });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Charging');
  await r.clock.advance(3600_000);
  assert.equal(last(r.reported(1)), 'SuspendedEV', 'the EV stops requesting when full');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'EVDisconnected');
  assert.deepEqual(r.reported(1).slice(-3), ['SuspendedEV', 'Finishing', 'Available']);
  const order = r.sent.slice(-3).map((s) => s.action === 'StatusNotification' ? String(s.payload.status) : s.action);
  assert.deepEqual(order, ['Finishing', 'StopTransaction', 'Available']);
});

test('OCPP 1.6 §4.9 tethered cable (EVB3S22NCB): unplugging while SuspendedEV goes straight to Available (no user action left)', async () => {
  const r = await evlinkRig({ model: 'EVB3S22NCB', configOverrides: { AuthenticationOCPPMode: 'false' } });
  r.controls.plugIn!(1, { requesting: false });
  await r.settle();
  assert.equal(last(r.reported(1)), 'SuspendedEV');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'EVDisconnected');
  assert.deepEqual(r.reported(1).slice(-2), ['SuspendedEV', 'Available']);
});

test('OCPP 1.6 §5.11 RemoteStartTransaction / §5.12 RemoteStopTransaction', async () => {
  const r = await evlinkRig();
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1' })).status, 'Accepted');
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 1);
  assert.equal(r.actions('Authorize').length, 0, 'AuthorizeRemoteTxRequests is false by default');
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 })).status, 'Rejected', 'busy connector');
  assert.equal((await r.csms.call('RemoteStopTransaction', { transactionId: 999 })).status, 'Rejected');
  assert.equal((await r.csms.call('RemoteStopTransaction', { transactionId: 100 })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'Remote');
});

test('guide AuthorizeRemoteTxRequests=true: a remote start for an unknown tag is Accepted but not started after Authorize', async () => {
  const r = await evlinkRig({ configOverrides: { AuthorizeRemoteTxRequests: 'true' } });
  r.controls.plugIn!(1);
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'NOBODY' })).status, 'Accepted');
  await r.settle();
  assert.equal(r.actions('Authorize').length, 1);
  assert.equal(r.actions('StartTransaction').length, 0);
});

test('RemoteStartTransaction with a charging profile is Rejected when no smart-charging module accepts it, and on connector 0', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 0 })).status, 'Rejected');
});
