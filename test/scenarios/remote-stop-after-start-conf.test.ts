/**
 * OCPP 1.6 §5.12 RemoteStopTransaction right after the §4.10 StartTransaction.conf: a central system that
 * stops a transaction as soon as it has answered its start (both frames in one TCP read by the station)
 * must find the transaction stopped. The station's RPC layer handled the CALL before the confirmation's
 * continuation had recorded the transaction id, so it answered Rejected (unknown transaction) and the
 * session went on charging. Frames read together are now handled in order, each after the continuations
 * of the answer before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startStation } from '../../src/sdk.ts';
import { waitFor } from '../support/wait-for.ts';
import { serverFrame } from '../support/raw-websocket-peer.ts';

/** An unmasked server text frame (RFC 6455 §5.2). */
const textFrame = (text: string): Buffer => serverFrame(0x1, text);

test('§5.12 RemoteStopTransaction in the same TCP read as the StartTransaction.conf: Accepted, and the StopTransaction follows', { timeout: 20_000 }, async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: unknown[][] = [];
  const now = (): string => new Date().toISOString();
  server.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      received.push(frame);
      if (frame[0] !== 2) return;
      const [, id, action] = frame as [number, string, string];
      const answer = (payload: object): void => { ws.send(JSON.stringify([3, id, payload])); };
      if (action === 'BootNotification') answer({ status: 'Accepted', currentTime: now(), interval: 3600 });
      else if (action === 'Authorize') answer({ idTagInfo: { status: 'Accepted' } });
      else if (action === 'StartTransaction') {
        const conf = JSON.stringify([3, id, { transactionId: 4711, idTagInfo: { status: 'Accepted' } }]);
        const stop = JSON.stringify([2, 'stop-1', 'RemoteStopTransaction', { transactionId: 4711 }]);
        // Both frames in one write: the station reads them in one chunk.
        (ws as unknown as { _socket: Socket })._socket.write(Buffer.concat([textFrame(conf), textFrame(stop)]));
      } else if (action === 'StopTransaction') answer({ idTagInfo: { status: 'Accepted' } });
      else if (action === 'Heartbeat') answer({ currentTime: now() });
      else answer({});
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const station = await startStation({ csmsUrl: url, id: 'EVB-RSTOP' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted', { timeoutMs: 5000 });
    await station.plugIn(1);
    await station.presentBadge('TAG-1', 1);
    await waitFor(() => received.some((f) => f[0] === 3 && f[1] === 'stop-1'), 5000, 'the RemoteStopTransaction answered');
    assert.deepEqual(received.find((f) => f[0] === 3 && f[1] === 'stop-1')![2], { status: 'Accepted' });
    await waitFor(() => received.some((f) => f[0] === 2 && f[2] === 'StopTransaction'), 5000, () => `a StopTransaction; received: ${received.map((f) => (f[0] === 2 ? String(f[2]) : 'an answer')).join(', ')}`);
    const stopReq = received.find((f) => f[0] === 2 && f[2] === 'StopTransaction')![3] as { transactionId: number; reason?: string };
    assert.equal(stopReq.transactionId, 4711);
    assert.equal(stopReq.reason, 'Remote');
  } finally {
    await station.stop();
    for (const c of server.clients) c.terminate();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
