import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last } from '../../support/evlink-rig.ts';

const inMinutes = (r: { clock: { now(): number } }, m: number) => new Date(r.clock.now() + m * 60_000).toISOString();

test('OCPP 1.6 §5.14 ReserveNow accepted → Reserved; expires at expiryDate → Available', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 10), idTag: 'TAG-1', reservationId: 7 })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Reserved');
  await r.clock.advance(10 * 60_000);
  assert.equal(last(r.reported(1)), 'Available');
});

test('OCPP 1.6 §5.14 a reservation is used by its tag (reservationId in StartTransaction) and refuses other tags', async () => {
  const r = await evlinkRig();
  await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 10), idTag: 'TAG-2', parentIdTag: 'FLEET', reservationId: 8 });
  assert.equal((await r.controls.presentBadge!('TAG-1', 1)).accepted, false);
  assert.equal((await r.controls.presentBadge!('TAG-3', 1)).accepted, true, 'same parentIdTag may use it');
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StartTransaction')).payload.reservationId, 8);
});

test('OCPP 1.6 §5.14 ReserveNow: Occupied, Unavailable, Faulted, Rejected (connector 0), same id replaces; §5.1 CancelReservation', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 0, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 1 })).status, 'Rejected');
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 1 })).status, 'Accepted');
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 20), idTag: 'TAG-2', reservationId: 1 })).status, 'Accepted', 'same id replaces');
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 2 })).status, 'Occupied');
  assert.equal((await r.csms.call('CancelReservation', { reservationId: 99 })).status, 'Rejected');
  assert.equal((await r.csms.call('CancelReservation', { reservationId: 1 })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
  r.controls.plugIn!(1);
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 3 })).status, 'Occupied');
  r.controls.unplug!(1);
  await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 4 })).status, 'Unavailable');
  await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Operative' });
  r.controls.raiseError!('12.0', 1);
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 5 })).status, 'Faulted');
});

test('OCPP 1.6 §3.5 offline: LocalAuthorizeOffline uses the cache and the local list; unknown tags only with AllowOfflineTxForUnknownId', async () => {
  const r = await evlinkRig();
  const badge = async (tag: string) => { const o = await r.controls.presentBadge!(tag); await r.clock.advance(61_000); return o.accepted; };
  assert.equal(await badge('TAG-1'), true, 'online: Authorize.req, answer cached');
  r.controls.setLocalList!([{ idTag: 'LOCAL-1', status: 'Accepted' }], 5);
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 5);
  r.station.detach();
  assert.equal(await badge('LOCAL-1'), true, 'local list while offline');
  assert.equal(await badge('TAG-1'), true, 'cache while offline');
  assert.equal(await badge('STRANGER'), false, 'unknown tag offline');
  r.station.context.configuration.change('AllowOfflineTxForUnknownId', 'true');
  assert.equal(await badge('STRANGER2'), true, 'AllowOfflineTxForUnknownId');
  r.station.context.configuration.change('LocalAuthorizeOffline', 'false');
  assert.equal(await badge('TAG-1'), false, 'without LocalAuthorizeOffline a cached tag is not used offline');
});

test('guide LocalPreAuthorize=true: a cached tag starts without Authorize.req', async () => {
  const r = await evlinkRig({ configOverrides: { LocalPreAuthorize: 'true', ConnectionTimeOut: '10' } });
  await r.controls.presentBadge!('TAG-1');
  await r.clock.advance(11_000);
  const before = r.actions('Authorize').length;
  await r.controls.presentBadge!('TAG-1');
  assert.equal(r.actions('Authorize').length, before, 'no second Authorize');
});

test('OCPP 1.6 §5.14 a refused ReserveNow with the id of a reservation on another connector leaves that reservation; an accepted one moves it', async () => {
  const r = await evlinkRig({ connectors: 2 });
  const reserve = async (connectorId: number, minutes = 10) => (await r.csms.call('ReserveNow', { connectorId, expiryDate: inMinutes(r, minutes), idTag: 'TAG-1', reservationId: 5 })).status;
  const reservationOf = (id: number) => (r.controls.state!() as { connectors: Array<{ reservation: { reservationId: number } | null }> }).connectors[id - 1]!.reservation?.reservationId;
  assert.equal(await reserve(1), 'Accepted');
  r.controls.plugIn!(2);
  assert.equal(await reserve(2), 'Occupied');
  r.controls.unplug!(2);
  assert.equal(await reserve(2, -1), 'Rejected', 'expiryDate in the past');
  r.controls.raiseError!('12.0', 2);
  assert.equal(await reserve(2), 'Faulted');
  r.controls.clearError!('12.0', 2);
  await r.csms.call('ChangeAvailability', { connectorId: 2, type: 'Inoperative' });
  assert.equal(await reserve(2), 'Unavailable');
  await r.settle();
  assert.equal(reservationOf(1), 5, 'the reservation on connector 1 survived every refused request');
  assert.equal(last(r.reported(1)), 'Reserved');
  await r.csms.call('ChangeAvailability', { connectorId: 2, type: 'Operative' });
  assert.equal(await reserve(2), 'Accepted');
  await r.settle();
  assert.deepEqual([reservationOf(1), reservationOf(2)], [undefined, 5]);
  assert.deepEqual([last(r.reported(1)), last(r.reported(2))], ['Available', 'Reserved']);
});

test('OCPP 1.6 §3.5.2 "Conflicts between the local authorization list and the validity reported in … a StartTransaction.conf": the station sends a StatusNotification for connector 0 with errorCode LocalListConflict; the list itself is not changed', async () => {
  // LOCAL-OK is Accepted on the list; the central system says Blocked. LocalPreAuthorize starts at once from the list.
  const r = await evlinkRig({ configOverrides: { LocalPreAuthorize: 'true' }, tags: { 'LOCAL-OK': { status: 'Blocked' }, 'LOCAL-SAME': { status: 'Accepted' } } });
  r.controls.setLocalList!([{ idTag: 'LOCAL-OK', status: 'Accepted' }, { idTag: 'LOCAL-SAME', status: 'Accepted' }], 3);
  const conflicts = (): Array<Record<string, unknown>> => r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.errorCode === 'LocalListConflict').map((s) => s.payload);
  r.controls.plugIn!(1);
  assert.equal((await r.controls.presentBadge!('LOCAL-SAME', 1)).accepted, true);
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 1);
  assert.deepEqual(conflicts(), [], 'the central system agrees with the list: no conflict');
  r.controls.presentBadge!('LOCAL-SAME', 1);
  await r.settle();
  r.controls.unplug!(1);
  await r.settle();
  r.controls.plugIn!(1);
  assert.equal((await r.controls.presentBadge!('LOCAL-OK', 1)).accepted, true, 'accepted from the list');
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 2);
  const [conflict] = conflicts();
  assert.ok(conflict, 'a LocalListConflict StatusNotification was sent');
  assert.deepEqual([conflict.connectorId, conflict.status], [0, 'Available']);
  assert.deepEqual(r.controls.getLocalList!().entries, [{ idTag: 'LOCAL-OK', status: 'Accepted' }, { idTag: 'LOCAL-SAME', status: 'Accepted' }], 'the list is only changed by its owner');
});
