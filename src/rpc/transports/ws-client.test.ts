import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../../shared/simulated-clock.ts';
import { ScaledClock } from '../../platform/scaled-clock.ts';
import { startPingServer } from '../../../test/support/ping-server.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { connectWs, type WsClientTransport } from './ws-client.ts';

async function client(url: string, clock: SimulatedClock | ScaledClock, pingIntervalS: number) {
  const t: WsClientTransport = await connectWs({ csmsUrl: url, chargePointId: 'CP-PING', clock, pingIntervalS });
  const got: string[] = [];
  const closed: number[] = [];
  t.attach({ message: (m) => got.push(m), close: (code) => closed.push(code) });
  const seen = () => got.filter((m) => m === 'ping-seen').length;
  /** A round trip through the server: everything the server sent before is read once this returns. */
  const flush = async (): Promise<void> => { const n = got.length; t.send('flush'); await waitFor(() => got.length > n, 3000, 'echo'); };
  return { t, got, closed, seen, flush };
}

test('WebSocketPingInterval (OCPP 1.6 §9.1.39): a ping every interval on the station clock; a ping left without pong closes the socket at the next interval', async () => {
  const server = await startPingServer();
  const clock = new SimulatedClock();
  const c = await client(server.url, clock, 10);
  try {
    await clock.advance(10_000);
    await waitFor(() => c.seen() === 1, 3000, 'first ping');
    await clock.advance(10_000);
    await waitFor(() => c.seen() === 2, 3000, 'second ping (the first was answered)');
    assert.equal(c.t.isOpen, true);
    server.answerPings = false;
    await clock.advance(10_000);
    await waitFor(() => c.seen() === 3, 3000, 'third ping, unanswered');
    await c.flush();
    assert.equal(c.t.isOpen, true, 'one interval without pong is not yet a dead link');
    await clock.advance(10_000);
    await waitFor(() => c.closed.length === 1, 3000, 'socket closed');
    assert.deepEqual(c.closed, [1006], 'terminated without a close handshake, as a dead link is');
    assert.equal(c.t.isOpen, false);
    assert.equal(clock.pendingTimers, 0, 'no ping timer left behind');
  } finally { c.t.close(); await server.close(); }
});

test('WebSocketPingInterval: a changed interval takes effect at once, and 0 disables pings', async () => {
  const server = await startPingServer();
  const clock = new SimulatedClock();
  const c = await client(server.url, clock, 60);
  try {
    await clock.advance(30_000);
    c.t.setPingInterval(5);
    await clock.advance(5_000);
    // Wait on the client's "ping-seen": the client has then read the pong too. Waiting on the server's count
    // let the next interval come before the pong was read, and the twin took the link for dead.
    await waitFor(() => c.seen() === 1, 3000, 'ping 5 s after the change, not at 60 s');
    await clock.advance(5_000);
    await waitFor(() => c.seen() === 2, 3000, 'next ping after 5 s more');
    assert.equal(server.pings, 2);
    c.t.setPingInterval(0);
    assert.equal(clock.pendingTimers, 0, 'no ping timer armed');
    await clock.advance(3_600_000);
    await c.flush();
    assert.equal(server.pings, 2, 'no ping in an hour with interval 0');
    assert.equal(c.t.isOpen, true);
  } finally { c.t.close(); await server.close(); }
  const server2 = await startPingServer();
  const c2 = await client(server2.url, clock, 0);
  try {
    assert.equal(clock.pendingTimers, 0, 'interval 0 from the start: no pings');
    await clock.advance(600_000);
    await c2.flush();
    assert.equal(server2.pings, 0);
  } finally { c2.t.close(); await server2.close(); }
});

test('WebSocketPingInterval on a ScaledClock runs on real time (D11): a fast-forward of an hour sends no burst of pings and keeps the socket, even with pongs that never come', async () => {
  const server = await startPingServer();
  const clock = new ScaledClock({ scale: 1000 });
  const c = await client(server.url, clock, 10);
  try {
    server.answerPings = false;
    const tick = (): void => { clock.setTimeout(tick, 30_000); };
    clock.setTimeout(tick, 30_000);
    await clock.fastForward(3_600_000);
    await c.flush();
    assert.ok(server.pings <= 1, `pings follow real time, not the jump (${server.pings} sent)`);
    assert.equal(c.t.isOpen, true, 'no ping deadline expired in the jump');
    assert.deepEqual(c.closed, []);
  } finally { c.t.close(); await server.close(); clock.dispose(); }
});
