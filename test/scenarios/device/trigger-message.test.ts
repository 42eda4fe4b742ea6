import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildProfileStation } from '../../../src/runtime/profile-station.ts';
import { parseDeviceProfile } from '../../../src/station/profile/index.ts';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';

/** Records the file-transfer status notifications the rig's CSMS does not record by default. */
function recordStatusNotifications(r: EvlinkRig): void {
  for (const action of ['DiagnosticsStatusNotification', 'FirmwareStatusNotification'] as const) {
    r.csms.handle(action, (p) => { r.sent.push({ action, payload: p as Record<string, unknown>, at: r.clock.now() }); return {}; });
  }
}

test('OCPP 1.6 §5.17 TriggerMessage DiagnosticsStatusNotification / FirmwareStatusNotification: Accepted, then Idle sent', async () => {
  const r = await evlinkRig();
  recordStatusNotifications(r);
  r.sent.length = 0;
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).status, 'Accepted');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
  await r.settle();
  assert.deepEqual(r.sent.map((s) => [s.action, s.payload.status]), [['DiagnosticsStatusNotification', 'Idle'], ['FirmwareStatusNotification', 'Idle']]);
});

test('OCPP 1.6 §5.17 TriggerMessage MeterValues: Accepted for an existing connector (context Trigger); Rejected for one that does not exist, nothing sent', async () => {
  const r = await evlinkRig();
  r.sent.length = 0;
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 2 })).status, 'Rejected');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 7 })).status, 'Rejected');
  await r.settle();
  assert.equal(r.sent.length, 0, 'a Rejected trigger sends nothing');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).status, 'Accepted');
  await r.settle();
  assert.deepEqual(r.actions(), ['MeterValues']);
  assert.equal(r.sent[0]?.payload.connectorId, 1);
  assert.match(JSON.stringify(r.sent[0]?.payload), /"context":"Trigger"/);
});

test('OCPP 1.6 §5.17 "if the specified connectorId is not relevant to the message, it should be ignored … the requested message should still be sent": Heartbeat, BootNotification and the file-transfer statuses with a connector id that does not exist are Accepted and sent', async () => {
  const r = await evlinkRig();
  recordStatusNotifications(r);
  r.sent.length = 0;
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 5 })).status, 'Accepted');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification', connectorId: 9 })).status, 'Accepted');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification', connectorId: 2 })).status, 'Accepted');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'BootNotification', connectorId: 3 })).status, 'Accepted');
  await r.settle();
  assert.deepEqual(r.actions().slice(0, 4), ['Heartbeat', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'BootNotification']);
});

test('OCPP 1.6 §5.17 TriggerMessage NotImplemented: a message the product does not send (profile without the FirmwareManagement notifications)', async () => {
  const json = JSON.parse(readFileSync(new URL('../../fixtures/profiles/generic-ocpp16.json', import.meta.url), 'utf8')) as { operations: Record<string, string[]> };
  const ops = json.operations;
  const profile = parseDeviceProfile({
    ...json,
    operations: { ...ops, chargePointInitiated: ops.chargePointInitiated!.filter((o) => !o.endsWith('StatusNotification') || o === 'StatusNotification') },
  });
  const r = await evlinkRig({ build: buildProfileStation({ profile }) });
  recordStatusNotifications(r);
  r.sent.length = 0;
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).status, 'NotImplemented');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'NotImplemented');
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).status, 'Accepted');
  await r.settle();
  assert.deepEqual(r.actions(), ['Heartbeat']);
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
