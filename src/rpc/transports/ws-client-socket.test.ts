import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SimulatedClock } from '../../shared/simulated-clock.ts';
import { seededRandom } from '../../runtime/reconnect-backoff.ts';
import { serverFrame, startRawPeer, switchingProtocols, type RawPeer } from '../../../test/support/raw-websocket-peer.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { connectWs, type WsClientTransport } from './ws-client.ts';

const clock = new SimulatedClock();

interface Watched { t: WsClientTransport; got: string[]; closes: Array<[number, string]> }

async function open(url: string, maxPayload?: number): Promise<Watched> {
  const t = await connectWs({ csmsUrl: url, chargePointId: 'CP-RFC', clock, ...(maxPayload !== undefined ? { maxPayload } : {}) });
  const w: Watched = { t, got: [], closes: [] };
  t.attach({ message: (m) => w.got.push(m), close: (code, reason) => w.closes.push([code, reason]) });
  return w;
}

/** A ws server that echoes text; the last connection and what it saw of pongs and closes. */
async function wsServer(opts: { maxPayload?: number } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6', ...opts });
  await once(wss, 'listening');
  const s = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
    socket: undefined as WebSocket | undefined,
    texts: [] as string[],
    pongs: [] as string[],
    closes: [] as Array<[number, string]>,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
  wss.on('connection', (ws) => {
    s.socket = ws;
    ws.on('error', () => {});
    ws.on('message', (d, binary) => { if (!binary) { s.texts.push(d.toString()); ws.send(d.toString()); } });
    ws.on('pong', (d) => s.pongs.push(d.toString()));
    ws.on('close', (code, reason) => s.closes.push([code, reason.toString()]));
  });
  return s;
}

test('RFC 6455 §5.2, §5.3: text both ways with 7-, 16- and 64-bit lengths through a ws server (which refuses unmasked client frames)', async () => {
  const server = await wsServer();
  const c = await open(server.url);
  try {
    const texts = ['', 'x', 'é'.repeat(62), 'y'.repeat(126), 'z'.repeat(65_535), '€'.repeat(30_000)];
    for (const text of texts) c.t.send(text);
    await waitFor(() => c.got.length === texts.length, 5000, 'echoes');
    assert.deepEqual(c.got, texts);
    assert.deepEqual(server.texts, texts);
  } finally { c.t.close(1006); await server.close(); }
});

test('RFC 6455 §5.5.2–3: a ping is answered with a pong carrying the same payload', async () => {
  const server = await wsServer();
  const c = await open(server.url);
  try {
    server.socket!.ping('ping-payload-1');
    server.socket!.ping(Buffer.alloc(0));
    await waitFor(() => server.pongs.length === 2);
    assert.deepEqual(server.pongs, ['ping-payload-1', '']);
  } finally { c.t.close(1006); await server.close(); }
});

test('RFC 6455 §5.5.1, §7.1.5: a close from the server is echoed with its code, the socket ends, and the code and reason are reported; sends after close are dropped', async () => {
  const server = await wsServer();
  const c = await open(server.url);
  try {
    server.socket!.close(4001, 'bye now');
    await waitFor(() => c.closes.length === 1);
    assert.deepEqual(c.closes, [[4001, 'bye now']]);
    await waitFor(() => server.closes.length === 1);
    assert.deepEqual(server.closes, [[4001, '']], 'the server got our echo: its code, no reason (ws reports what the echo carried)');
    assert.equal(c.t.isOpen, false);
    c.t.send('after close');
    c.t.close(1000);
    assert.deepEqual(server.texts, []);
    assert.equal(c.closes.length, 1, 'reported once');
  } finally { await server.close(); }
});

test('RFC 6455 §7.1.5: a close frame without a code is reported as 1005, and echoed without a code', async () => {
  const peer = await startRawPeer();
  const c = await open(peer.url);
  try {
    peer.write(serverFrame(8, Buffer.alloc(0)));
    await waitFor(() => peer.frames.length === 1);
    assert.deepEqual([peer.frames[0]!.opcode, peer.frames[0]!.payload.length], [8, 0]);
    peer.destroy();
    await waitFor(() => c.closes.length === 1);
    assert.deepEqual(c.closes, [[1005, '']]);
  } finally { await peer.close(); }
});

test('RFC 6455 §7.1.1–2: close(code, reason) sends a close frame, isOpen turns false at once, and the close is reported when the server has answered', async () => {
  const server = await wsServer();
  const c = await open(server.url);
  try {
    assert.equal(c.t.isOpen, true);
    c.t.close(1000, 'done');
    assert.equal(c.t.isOpen, false);
    c.t.send('dropped');
    await waitFor(() => c.closes.length === 1);
    assert.deepEqual(server.closes, [[1000, 'done']]);
    assert.deepEqual(c.closes, [[1000, 'done']]);
    assert.deepEqual(server.texts, []);
  } finally { await server.close(); }
});

test('RFC 6455 §7.1.7: close(1006) destroys the socket without a close frame; a TCP connection that dies without one is reported as 1006; send never throws', async () => {
  const server = await wsServer();
  const c = await open(server.url);
  try {
    c.t.close(1006);
    assert.doesNotThrow(() => c.t.send('into a destroyed socket'));
    await waitFor(() => c.closes.length === 1 && server.closes.length === 1);
    assert.deepEqual(c.closes, [[1006, '']]);
    assert.equal(server.closes[0]![0], 1006, 'the server saw no close frame');
  } finally { await server.close(); }
  const peer = await startRawPeer();
  const d = await open(peer.url);
  try {
    peer.destroy();
    await waitFor(() => d.closes.length === 1);
    assert.deepEqual(d.closes, [[1006, '']]);
    assert.equal(d.t.isOpen, false);
  } finally { await peer.close(); }
});

/** Opens on a raw peer, writes `bytes`, and returns the close code the client sent and the one it reported. */
async function failWith(bytes: Buffer, maxPayload?: number): Promise<{ sent: number | undefined; reported: number; got: string[] }> {
  const peer: RawPeer = await startRawPeer();
  const c = await open(peer.url, maxPayload);
  try {
    peer.write(bytes);
    await waitFor(() => peer.frames.some((f) => f.opcode === 8), 3000, 'the client\'s close frame');
    const close = peer.frames.find((f) => f.opcode === 8)!;
    await waitFor(() => c.closes.length === 1, 5000, 'the close reported');
    return { sent: close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined, reported: c.closes[0]![0], got: c.got };
  } finally { c.t.close(1006); await peer.close(); }
}

test('RFC 6455 §5.1, §5.2, §5.5, §7.4: protocol errors from the server fail the connection with 1002, sent and reported', async () => {
  const cases: Array<[string, Buffer]> = [
    ['masked server frame', serverFrame(1, 'hi', { masked: true })],
    ['control frame of 126 bytes', serverFrame(9, 'x'.repeat(126))],
    ['fragmented control frame', serverFrame(9, 'x', { fin: false })],
    ['RSV1 set', serverFrame(1, 'x', { first: 0xc1 })],
    ['unknown opcode 3', serverFrame(3, 'x')],
    ['continuation with no message', serverFrame(0, 'x')],
    ['close code 1006 on the wire', serverFrame(8, Buffer.from([0x03, 0xee]))],
    ['close code 2999', serverFrame(8, Buffer.from([0x0b, 0xb7]))],
  ];
  for (const [name, bytes] of cases) {
    const r = await failWith(bytes);
    assert.deepEqual([r.sent, r.reported], [1002, 1002], name);
  }
});

test('RFC 6455 §8.1: a text message that is not UTF-8 fails the connection with 1007', async () => {
  const r = await failWith(Buffer.concat([serverFrame(1, 'fine'), serverFrame(1, Buffer.from([0xe2, 0x82]))]));
  assert.deepEqual([r.sent, r.reported, r.got], [1007, 1007, ['fine']]);
});

test('RFC 6455 §10.4: a message above maxPayload, counting its fragments, fails with 1009 once its header is read, the rest never sent', async () => {
  const header = serverFrame(1, 'x'.repeat(200_000)).subarray(0, 10);
  const r = await failWith(header, 100_000);
  assert.deepEqual([r.sent, r.reported], [1009, 1009]);
  const fragments = await failWith(Buffer.concat([serverFrame(1, 'a'.repeat(60_000), { fin: false }), serverFrame(0, 'b'.repeat(60_000))]), 100_000);
  assert.deepEqual([fragments.sent, fragments.reported], [1009, 1009]);
  // A ws server's 5 MiB frame against the default 4 MiB.
  const server = await wsServer();
  const c = await open(server.url);
  try {
    server.socket!.send('x'.repeat(5 * 1024 * 1024));
    await waitFor(() => c.closes.length === 1 && server.closes.length === 1, 10_000);
    assert.deepEqual([c.closes[0]![0], server.closes[0]![0]], [1009, 1009]);
  } finally { await server.close(); }
});

test('RFC 6455 §5.4: a fragmented text message with a ping between its fragments: the message whole, the ping answered', async () => {
  const peer = await startRawPeer();
  const c = await open(peer.url);
  try {
    peer.write(Buffer.concat([serverFrame(1, '[2,"1",', { fin: false }), serverFrame(9, 'mid'), serverFrame(0, '"Heartbeat",{}]')]));
    await waitFor(() => c.got.length === 1 && peer.frames.length === 1);
    assert.deepEqual(c.got, ['[2,"1","Heartbeat",{}]']);
    assert.deepEqual([peer.frames[0]!.opcode, peer.frames[0]!.payload.toString(), peer.frames[0]!.masked], [10, 'mid', true]);
  } finally { c.t.close(1006); await peer.close(); }
});

test('RFC 6455 §5: a recorded server stream written over TCP in random pieces gives the same messages (10 runs)', async () => {
  const messages = ['[3,"1",{"status":"Accepted","interval":600}]', 'é'.repeat(100), 'z'.repeat(70_000), '[2,"2","Reset",{"type":"Soft"}]'];
  const stream = Buffer.concat([serverFrame(1, messages[0]!), serverFrame(9, 'p'), serverFrame(1, messages[1]!.slice(0, 50), { fin: false }), serverFrame(0, messages[1]!.slice(50)), serverFrame(1, messages[2]!), serverFrame(1, messages[3]!)]);
  const random = seededRandom(17);
  for (let run = 0; run < 10; run++) {
    const peer = await startRawPeer((head, socket) => {
      const bytes = Buffer.concat([Buffer.from(switchingProtocols(head)), stream]);
      let at = 0;
      const next = (): void => {
        if (at >= bytes.length) return;
        const n = 1 + Math.floor(random() * 3000);
        socket.write(bytes.subarray(at, at + n));
        at += n;
        setImmediate(next);
      };
      next();
    });
    const c = await open(peer.url);
    try {
      await waitFor(() => c.got.length === messages.length, 5000, `run ${run}`);
      assert.deepEqual(c.got, messages);
    } finally { c.t.close(1006); await peer.close(); }
  }
});
