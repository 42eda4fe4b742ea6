/**
 * OCPP 1.6 §4.2 and §4.6: the station is RECOMMENDED to synchronise its clock with the currentTime of
 * BootNotification.conf and Heartbeat.conf. The twin does not: its time is the process's station clock
 * (real, scaled or paused, fast-forwarded by the user; decision D11), and taking the central system's time
 * at each answer would undo a fast-forward or a pause. Pinned here: a central system an hour ahead does
 * not move the station's timestamps (docs/conformance.md, "Registration and heartbeat").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStation } from '../../src/sdk.ts';
import { waitFor } from '../support/wait-for.ts';
import { startScriptedCsms } from '../support/scripted-csms.ts';

const HOUR = 3_600_000;

test('OCPP 1.6 §4.2/§4.6 currentTime is not adopted: with a central system an hour ahead, a MeterValues read after the boot and a Heartbeat is stamped with the station\'s own clock', { timeout: 20_000 }, async () => {
  const csms = await startScriptedCsms((action) => {
    const ahead = new Date(Date.now() + HOUR).toISOString();
    return action === 'BootNotification' ? { status: 'Accepted', currentTime: ahead, interval: 3600 } : action === 'Heartbeat' ? { currentTime: ahead } : {};
  });
  const received = csms.received;
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-TIME' });
  try {
    await station.waitFor((v) => v.registration === 'Accepted');
    csms.send([2, 't-hb', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'Heartbeat'), 5000, 'the Heartbeat');
    const before = Date.now();
    csms.send([2, 't-mv', 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 }]);
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'MeterValues'), 5000, 'the triggered MeterValues');
    const after = Date.now();
    const mv = received.find((f) => f[0] === 2 && f[2] === 'MeterValues')![3] as { meterValue: Array<{ timestamp: string }> };
    const stamped = Date.parse(mv.meterValue[0]!.timestamp);
    // Read now, on the station's clock: this host's time, not the central system's hour ahead.
    assert.ok(stamped >= before - 1000 && stamped <= after + 1000, `stamped ${new Date(stamped).toISOString()}, between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`);
    assert.ok(Math.abs(station.clock.now() - Date.now()) < 60_000, 'the station clock still follows this host');
  } finally {
    await station.stop();
    await csms.close();
  }
});
