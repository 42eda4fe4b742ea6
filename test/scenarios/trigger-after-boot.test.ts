/**
 * OCPP 1.6 §5.17 TriggerMessage right after §4.2 BootNotification: a central system that sends a
 * TriggerMessage as soon as it has answered the boot (both frames in one TCP read by the station) gets the
 * triggered message. The station handled that CALL before the confirmation's continuation had marked it
 * registered, answered Accepted, and its send was refused as "before registration": the message was lost
 * (seen as a rare failure of a firmware test that fast-forwards right after a reboot).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startStation } from '../../src/sdk.ts';
import { waitFor } from '../support/wait-for.ts';
import { serverFrame } from '../support/raw-websocket-peer.ts';

/** An unmasked server text frame (RFC 6455 §5.2). */
const textFrame = (text: string): Buffer => serverFrame(0x1, text);

test('§5.17 TriggerMessage(Heartbeat) in the same TCP read as the BootNotification.conf: Accepted, and the Heartbeat is sent', { timeout: 20_000 }, async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: unknown[][] = [];
  server.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      received.push(frame);
      if (frame[0] !== 2) return;
      const [, id, action] = frame as [number, string, string];
      if (action === 'BootNotification') {
        const conf = JSON.stringify([3, id, { status: 'Accepted', currentTime: new Date().toISOString(), interval: 3600 }]);
        const trigger = JSON.stringify([2, 'trigger-1', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
        // Both frames in one write: the station reads them in one chunk.
        (ws as unknown as { _socket: Socket })._socket.write(Buffer.concat([textFrame(conf), textFrame(trigger)]));
      } else {
        ws.send(JSON.stringify([3, id, action === 'Heartbeat' ? { currentTime: new Date().toISOString() } : {}]));
      }
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const station = await startStation({ csmsUrl: url, id: 'EVB-TRIG' });
  try {
    await waitFor(() => received.some((f) => f[0] === 3 && f[1] === 'trigger-1'), 5000, 'the TriggerMessage answered');
    assert.deepEqual(received.find((f) => f[0] === 3 && f[1] === 'trigger-1')![2], { status: 'Accepted' });
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'Heartbeat'), 5000, () => `the triggered Heartbeat; received: ${received.map((f) => (f[0] === 2 ? String(f[2]) : 'an answer')).join(', ')}`);
  } finally {
    await station.stop();
    for (const c of server.clients) c.terminate();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
