/** OCPP 1.6 §5.6 DataTransfer, both directions, on the EVlink twin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.6 DataTransfer: another vendor → UnknownVendorId; the station\'s vendor with any message → UnknownMessageId', async () => {
  const { csms } = await evlinkRig();
  assert.equal((await csms.call('DataTransfer', { vendorId: 'ACME' })).status, 'UnknownVendorId');
  assert.equal((await csms.call('DataTransfer', { vendorId: 'Schneider Electric', messageId: 'Anything', data: 'x' })).status, 'UnknownMessageId');
});

test('guide EvPresenceNotification=true: plugging and unplugging send a DataTransfer', async () => {
  const r = await evlinkRig({ configOverrides: { EvPresenceNotification: 'true' } });
  r.controls.plugIn!(1);
  r.controls.unplug!(1);
  await r.settle();
  const dt = r.sent.filter((s) => s.action === 'DataTransfer').map((s) => [s.payload.vendorId, s.payload.messageId, JSON.parse(String(s.payload.data)).evPresent]);
  assert.deepEqual(dt, [['Schneider Electric', 'EvPresence', true], ['Schneider Electric', 'EvPresence', false]]);
});
