import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { WebSocketServer } from 'ws';
import { SimulatedClock } from '../../shared/simulated-clock.ts';
import { isTwinError } from '../../shared/errors.ts';
import { serverFrame, startRawPeer, switchingProtocols } from '../../../test/support/raw-websocket-peer.ts';
import { makeTestPki } from '../../../test/support/test-certificates.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { HandshakeGate } from './handshake-gate.ts';
import { connectWs } from './ws-client.ts';

const clock = new SimulatedClock();

test('RFC 6455 §4.1: the opening handshake a ws server sees: Host with the port, Upgrade, Connection, a 16-byte key (fresh each time), version 13, ocpp1.6 and Basic credentials', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  await once(wss, 'listening');
  const port = (wss.address() as AddressInfo).port;
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  wss.on('connection', (_ws, req) => { seen.push({ ...req.headers, url: req.url }); });
  try {
    for (let i = 0; i < 2; i++) {
      const t = await connectWs({ csmsUrl: `ws://127.0.0.1:${port}/ocpp/`, chargePointId: 'CP 1', clock, authorizationKey: 'secret', allowBasicAuthOverPlainWs: true });
      assert.equal(t.isOpen, true);
      t.close();
    }
    await waitFor(() => seen.length === 2);
    const [h] = seen;
    assert.equal(h!.url, '/ocpp/CP%201');
    assert.equal(h!.host, `127.0.0.1:${port}`);
    assert.equal(h!.upgrade, 'websocket');
    assert.equal(h!.connection, 'Upgrade');
    assert.equal(h!['sec-websocket-version'], '13');
    assert.equal(h!['sec-websocket-protocol'], 'ocpp1.6');
    assert.equal(Buffer.from(String(h!['sec-websocket-key']), 'base64').length, 16);
    assert.notEqual(seen[1]!['sec-websocket-key'], h!['sec-websocket-key'], 'a fresh key per handshake');
    assert.equal(h!.authorization, `Basic ${Buffer.from('CP 1:secret').toString('base64')}`);
  } finally { for (const c of wss.clients) c.terminate(); await new Promise((r) => wss.close(r)); }
});

test('RFC 6455 §4.1: the 101 answer split across chunks, and the server\'s first frame in the same chunk as the 101: nothing is lost', async () => {
  const peer = await startRawPeer((head, socket) => {
    // Byte by byte, the first frames glued to the end of the head.
    const bytes = Buffer.concat([Buffer.from(switchingProtocols(head)), serverFrame(1, 'first'), serverFrame(1, 'second')]);
    let i = 0;
    const next = (): void => { if (i < bytes.length) { socket.write(bytes.subarray(i, ++i)); setImmediate(next); } };
    next();
  });
  const glued = await startRawPeer((head, socket) => { socket.write(Buffer.concat([Buffer.from(switchingProtocols(head)), serverFrame(1, 'in the 101 chunk')])); });
  try {
    const t = await connectWs({ csmsUrl: peer.url, chargePointId: 'CP-SPLIT', clock });
    const got: string[] = [];
    t.attach({ message: (m) => got.push(m), close: () => {} });
    await waitFor(() => got.length === 2);
    assert.deepEqual(got, ['first', 'second']);
    t.close(1006);
    const u = await connectWs({ csmsUrl: glued.url, chargePointId: 'CP-GLUED', clock });
    const early: string[] = [];
    u.attach({ message: (m) => early.push(m), close: () => {} });
    assert.deepEqual(early, ['in the 101 chunk'], 'delivered as the owner attaches');
    u.close(1006);
  } finally { await peer.close(); await glued.close(); }
});

test('RFC 6455 §4.1: a refusal gives TWIN_ERR_WS_UNAUTHORIZED for 401, TWIN_ERR_WS_HANDSHAKE with the status otherwise, and the socket is destroyed', async () => {
  for (const [status, code] of [[401, 'TWIN_ERR_WS_UNAUTHORIZED'], [403, 'TWIN_ERR_WS_HANDSHAKE'], [200, 'TWIN_ERR_WS_HANDSHAKE']] as const) {
    // The server keeps its side open: only the client's destroy closes the connection.
    const peer = await startRawPeer((_head, socket) => { socket.write(`HTTP/1.1 ${status} Nope\r\nContent-Length: 0\r\n\r\n`); });
    try {
      const e = await connectWs({ csmsUrl: peer.url, chargePointId: 'CP-R', clock }).catch((x: unknown) => x);
      assert.ok(isTwinError(e, code), `${status}: ${String(e)}`);
      assert.equal(e.details?.status, status);
      await waitFor(() => peer.closed, 3000, `the socket closed after ${status}`);
    } finally { await peer.close(); }
  }
});

test('RFC 6455 §4.1: a wrong Sec-WebSocket-Accept, an extension not asked for (TWIN_ERR_WS_HANDSHAKE) or a subprotocol other than ocpp1.6 (TWIN_ERR_WS_SUBPROTOCOL) fail the connection', async () => {
  const cases: Array<[(head: string) => string, string]> = [
    [(head) => switchingProtocols(head).replace(/Sec-WebSocket-Accept: (\S+)/, 'Sec-WebSocket-Accept: AAAA$1'), 'TWIN_ERR_WS_HANDSHAKE'],
    [(head) => switchingProtocols(head, ['Sec-WebSocket-Protocol: ocpp1.6', 'Sec-WebSocket-Extensions: permessage-deflate']), 'TWIN_ERR_WS_HANDSHAKE'],
    [(head) => switchingProtocols(head, []), 'TWIN_ERR_WS_SUBPROTOCOL'],
    [(head) => switchingProtocols(head, ['Sec-WebSocket-Protocol: ocpp2.0.1']), 'TWIN_ERR_WS_SUBPROTOCOL'],
  ];
  for (const [answer, code] of cases) {
    const peer = await startRawPeer((head, socket) => { socket.write(answer(head)); });
    try {
      const e = await connectWs({ csmsUrl: peer.url, chargePointId: 'CP-B', clock }).catch((x: unknown) => x);
      assert.ok(isTwinError(e, code), String(e));
      await waitFor(() => peer.closed, 3000, 'the socket closed');
    } finally { await peer.close(); }
  }
});

test('RFC 6455 §4.1: a server that never answers the handshake fails it with TWIN_ERR_WS_CONNECT after connectTimeoutMs; a refused TCP connection too', async () => {
  const peer = await startRawPeer(() => { /* silent */ });
  try {
    const e = await connectWs({ csmsUrl: peer.url, chargePointId: 'CP-T', clock, connectTimeoutMs: 50 }).catch((x: unknown) => x);
    assert.ok(isTwinError(e, 'TWIN_ERR_WS_CONNECT'), String(e));
    assert.match(String(e), /timed out/);
    await waitFor(() => peer.closed, 3000, 'the socket closed');
  } finally { await peer.close(); }
  const closedPort = await startRawPeer();
  const url = closedPort.url;
  await closedPort.close();
  const refused = await connectWs({ csmsUrl: url, chargePointId: 'CP-T', clock }).catch((x: unknown) => x);
  assert.ok(isTwinError(refused, 'TWIN_ERR_WS_CONNECT'), String(refused));
});

test('handshake gate: the handshake timeout runs from when the gate lets the attempt through, not while it waits', async () => {
  let release: (() => void) | undefined;
  const peer = await startRawPeer((head, socket) => {
    if (release === undefined) release = () => socket.write(switchingProtocols(head)); // the first waits for the test
    else socket.write(switchingProtocols(head));
  });
  const gate = new HandshakeGate(1);
  try {
    const first = connectWs({ csmsUrl: peer.url, chargePointId: 'CP-G1', clock, gate });
    const second = connectWs({ csmsUrl: peer.url, chargePointId: 'CP-G2', clock, gate, connectTimeoutMs: 2000 });
    await waitFor(() => release !== undefined);
    // Hold the only slot well past the second attempt's own timeout, then let the first through.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(peer.connections, 1, 'the second attempt has not connected yet');
    release!();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.isOpen && b.isOpen, true, 'the waiting attempt opened: its timeout had not started');
    a.close(1006);
    b.close(1006);
  } finally { await peer.close(); }
});

test('RFC 6455 §4.1 over TLS: wss:// sends the host name as SNI (not an IP address), verifies the server against the CA bundle and refuses an untrusted one', async () => {
  const pki = makeTestPki();
  const names: Array<string | false | null> = [];
  const server = createTlsServer({ key: pki.serverKey, cert: pki.serverCert }, (socket) => {
    names.push(socket.servername);
    let head = '';
    socket.on('error', () => {});
    socket.on('data', (c: Buffer) => { head += c.toString('latin1'); if (head.includes('\r\n\r\n')) socket.write(switchingProtocols(head)); });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const byName = await connectWs({ csmsUrl: `wss://localhost:${port}/ocpp`, chargePointId: 'CP-TLS', clock, ca: pki.caCert });
    assert.equal(byName.isOpen, true);
    byName.close(1006);
    const byIp = await connectWs({ csmsUrl: `wss://127.0.0.1:${port}/ocpp`, chargePointId: 'CP-TLS', clock, ca: pki.caCert });
    byIp.close(1006);
    assert.deepEqual(names, ['localhost', false]);
    const untrusted = await connectWs({ csmsUrl: `wss://localhost:${port}/ocpp`, chargePointId: 'CP-TLS', clock, ca: pki.otherCaCert }).catch((x: unknown) => x);
    assert.ok(isTwinError(untrusted, 'TWIN_ERR_WS_CONNECT'), String(untrusted));
  } finally { await new Promise((r) => server.close(r)); }
});
