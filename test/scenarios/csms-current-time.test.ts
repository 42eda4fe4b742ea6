/**
 * OCPP 1.6 §4.2 and §4.6: the station is RECOMMENDED to synchronise its clock with the currentTime of
 * BootNotification.conf and Heartbeat.conf. The twin does not: its time is the process's station clock
 * (real, scaled or paused, fast-forwarded by the user; decision D11), and taking the central system's time
 * at each answer would undo a fast-forward or a pause. Pinned here: a central system an hour ahead does
 * not move the station's timestamps (docs/conformance.md, "Registration and heartbeat").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startStation } from '../../src/sdk.ts';
import { waitFor } from '../support/wait-for.ts';

const HOUR = 3_600_000;

test('OCPP 1.6 §4.2/§4.6 currentTime is not adopted: with a central system an hour ahead, a MeterValues read after the boot and a Heartbeat is stamped with the station\'s own clock', { timeout: 20_000 }, async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: unknown[][] = [];
  let socket: WebSocket | undefined;
  server.on('connection', (ws: WebSocket) => {
    socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      received.push(frame);
      if (frame[0] !== 2) return;
      const ahead = new Date(Date.now() + HOUR).toISOString();
      const conf = frame[2] === 'BootNotification' ? { status: 'Accepted', currentTime: ahead, interval: 3600 } : frame[2] === 'Heartbeat' ? { currentTime: ahead } : {};
      ws.send(JSON.stringify([3, frame[1], conf]));
    });
  });
  const station = await startStation({ csmsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, id: 'EVB-TIME' });
  try {
    await station.waitFor((v) => v.registration === 'Accepted');
    socket!.send(JSON.stringify([2, 't-hb', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]));
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'Heartbeat'), 5000, 'the Heartbeat');
    const before = Date.now();
    socket!.send(JSON.stringify([2, 't-mv', 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 }]));
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'MeterValues'), 5000, 'the triggered MeterValues');
    const after = Date.now();
    const mv = received.find((f) => f[0] === 2 && f[2] === 'MeterValues')![3] as { meterValue: Array<{ timestamp: string }> };
    const stamped = Date.parse(mv.meterValue[0]!.timestamp);
    // Read now, on the station's clock: this host's time, not the central system's hour ahead.
    assert.ok(stamped >= before - 1000 && stamped <= after + 1000, `stamped ${new Date(stamped).toISOString()}, between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`);
    assert.ok(Math.abs(station.clock.now() - Date.now()) < 60_000, 'the station clock still follows this host');
  } finally {
    await station.stop();
    for (const c of server.clients) c.terminate();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
