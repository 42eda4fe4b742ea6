import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.6 DataTransfer: another vendor → UnknownVendorId; the station\'s vendor with any message → UnknownMessageId', async () => {
  const { csms } = await evlinkRig();
  assert.equal((await csms.call('DataTransfer', { vendorId: 'ACME' })).status, 'UnknownVendorId');
  assert.equal((await csms.call('DataTransfer', { vendorId: 'Schneider Electric', messageId: 'Anything', data: 'x' })).status, 'UnknownMessageId');
});

test('guide: SendLocalList is not supported → SendLocalList.conf NotSupported', async () => {
  const { csms } = await evlinkRig();
  assert.equal((await csms.call('SendLocalList', { listVersion: 2, updateType: 'Full', localAuthorizationList: [] })).status, 'NotSupported');
});

test('OCPP 1.6 §5.17 TriggerMessage: Accepted and the message sent after the confirmation; Rejected for a missing connector', async () => {
  const { csms, sent, settle } = await evlinkRig();
  sent.length = 0;
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).status, 'Accepted');
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).status, 'Accepted');
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 })).status, 'Rejected');
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'BootNotification' })).status, 'Accepted');
  await settle();
  assert.deepEqual(sent.map((s) => s.action), ['Heartbeat', 'StatusNotification', 'BootNotification']);
  assert.equal(sent[1]?.payload.connectorId, 1);
});

test('OCPP 1.6 §5.13 Reset: Accepted, then the runtime is asked to reboot with the requested kind', async () => {
  const { csms, reboots, settle } = await evlinkRig();
  assert.equal((await csms.call('Reset', { type: 'Hard' })).status, 'Accepted');
  await settle();
  assert.deepEqual(reboots, ['Hard']);
});
