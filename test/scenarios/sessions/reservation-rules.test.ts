import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig, last } from '../../support/evlink-rig.ts';

const inMinutes = (r: EvlinkRig, m: number) => new Date(r.clock.now() + m * 60_000).toISOString();
const starts = (r: EvlinkRig) => r.sent.filter((s) => s.action === 'StartTransaction').map((s) => s.payload);
const reservationOf = (r: EvlinkRig, id: number) => (r.controls.state!() as { connectors: Array<{ reservation: { reservationId: number } | null }> }).connectors[id - 1]!.reservation?.reservationId;

test('guide AuthenticationOCPPMode=false with a reserved connector: plugging in does not start free charging; the reserved badge starts with the reservationId', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', DefaultIdTag: 'FREE' } });
  assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 30), idTag: 'TAG-1', reservationId: 7 })).status, 'Accepted');
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(starts(r).length, 0, 'no session under DefaultIdTag on a reserved connector');
  assert.equal(last(r.reported(1)), 'Preparing');
  assert.equal((await r.controls.presentBadge!('SOMEONE', 1)).accepted, false, 'another tag may not use the reservation');
  assert.equal((await r.controls.presentBadge!('TAG-1', 1)).accepted, true);
  await r.settle();
  assert.deepEqual(starts(r).map((s) => [s.idTag, s.reservationId]), [['TAG-1', 7]]);
  assert.equal(reservationOf(r, 1), undefined, 'the reservation is used up');
  assert.equal(r.actions('Authorize').length, 0, 'free mode: the reserved tag itself needs no Authorize');
});

test('guide AuthenticationOCPPMode=false: a reservation whose parentIdTag matches (learned with Authorize, 1.6 §5.14) admits another badge', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 30), idTag: 'TAG-2', parentIdTag: 'FLEET', reservationId: 8 });
  r.controls.plugIn!(1);
  assert.equal((await r.controls.presentBadge!('TAG-3', 1)).accepted, true);
  await r.settle();
  assert.deepEqual(starts(r).map((s) => [s.idTag, s.reservationId]), [['TAG-3', 8]]);
  assert.equal(r.actions('Authorize').length, 1, 'one Authorize to learn the parent');
});

test('guide AuthenticationOCPPMode=false: a reservation that expires (or is cancelled) with the cable in lets free charging start under DefaultIdTag', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', DefaultIdTag: 'FREE' } });
  await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 5), idTag: 'TAG-1', reservationId: 9 });
  r.controls.plugIn!(1);
  await r.clock.advance(5 * 60_000);
  await r.settle();
  assert.deepEqual(starts(r).map((s) => [s.idTag, s.reservationId]), [['FREE', undefined]]);
  const r2 = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', DefaultIdTag: 'FREE' } });
  await r2.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r2, 5), idTag: 'TAG-1', reservationId: 9 });
  r2.controls.plugIn!(1);
  await r2.csms.call('CancelReservation', { reservationId: 9 });
  await r2.settle();
  assert.deepEqual(starts(r2).map((s) => s.idTag), ['FREE']);
});

test('OCPP 1.6 §5.11/§5.14 RemoteStartTransaction on a reserved connector honours the reservation\'s parentIdTag', async () => {
  const r = await evlinkRig();
  await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 30), idTag: 'TAG-2', parentIdTag: 'FLEET', reservationId: 11 });
  r.controls.setLocalList!([{ idTag: 'OUTSIDER', status: 'Accepted', parentIdTag: 'OTHER' }], 1);
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'OUTSIDER', connectorId: 1 })).status, 'Rejected', 'known locally to have another parent');
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 })).status, 'Accepted', 'parent unknown locally: answered, then Authorize tells');
  await r.settle();
  assert.equal(starts(r).length, 0, 'TAG-1 has no parent FLEET: nothing starts');
  assert.equal(reservationOf(r, 1), 11);
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-3', connectorId: 1 })).status, 'Accepted');
  await r.settle();
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual(starts(r).map((s) => [s.idTag, s.reservationId]), [['TAG-3', 11]]);
  assert.equal(reservationOf(r, 1), undefined);
});

test('OCPP 1.6 §5.13 "a reservation SHALL be terminated … when the Charge Point or connector are set to Faulted or Unavailable": ChangeAvailability of the station or the connector, and a connector fault, each end it; back in service the connector is Available and CancelReservation finds nothing', async () => {
  const r = await evlinkRig();
  const reserve = async (reservationId: number): Promise<void> => {
    assert.equal((await r.csms.call('ReserveNow', { connectorId: 1, expiryDate: inMinutes(r, 30), idTag: 'TAG-R', reservationId })).status, 'Accepted');
    await r.settle();
    assert.equal(last(r.reported(1)), 'Reserved');
  };
  const ended = async (reservationId: number, how: string): Promise<void> => {
    await r.settle();
    assert.equal(reservationOf(r, 1), undefined, `${how}: the reservation is terminated`);
    assert.equal((await r.csms.call('CancelReservation', { reservationId })).status, 'Rejected', `${how}: nothing left to cancel`);
  };
  // The whole station out of service.
  await reserve(21);
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Unavailable');
  await ended(21, 'station Inoperative');
  await r.csms.call('ChangeAvailability', { connectorId: 0, type: 'Operative' });
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available', 'back in service: Available, not Reserved');
  // The connector out of service.
  await reserve(22);
  await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
  await ended(22, 'connector Inoperative');
  await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Operative' });
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
  // The connector faulted (guide 12.0, contactor discordance).
  await reserve(23);
  r.controls.raiseError!('12.0', 1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Faulted');
  await ended(23, 'connector Faulted');
  r.controls.clearError!('12.0', 1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
});
