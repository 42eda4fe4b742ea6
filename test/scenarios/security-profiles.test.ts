import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { connectWs } from '../../src/rpc/index.ts';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { makeTestPki } from '../support/test-certificates.ts';

const clock = new SimulatedClock();

test('1.6 security whitepaper profile 1: Basic auth with the charge point id and AuthorizationKey; a wrong key is refused with 401', async () => {
  const csms = await startCsms({ basicAuth: { 'CP-SEC': 'right-key-0123456789' } });
  try {
    const ok = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-SEC', clock, authorizationKey: 'right-key-0123456789', allowBasicAuthOverPlainWs: true });
    assert.equal(ok.isOpen, true);
    ok.close();
    const bad = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-SEC', clock, authorizationKey: 'wrong', allowBasicAuthOverPlainWs: true }).catch((e) => e);
    assert.ok(isTwinError(bad, 'TWIN_ERR_WS_UNAUTHORIZED'), String(bad));
    const none = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-SEC', clock }).catch((e) => e);
    assert.ok(isTwinError(none, 'TWIN_ERR_WS_UNAUTHORIZED'));
  } finally { await csms.close(); }
});

test('1.6 security whitepaper: the AuthorizationKey is never sent over plain ws:// unless explicitly allowed', async () => {
  const e = await connectWs({ csmsUrl: 'ws://127.0.0.1:1/ocpp', chargePointId: 'CP', clock, authorizationKey: 'k' }).catch((x) => x);
  assert.ok(isTwinError(e, 'TWIN_ERR_WS_KEY_OVER_PLAIN'));
});

test('1.6 security whitepaper profile 2: wss:// with the server certificate verified against the configured CA bundle', async () => {
  const pki = makeTestPki();
  const csms = await startCsms({ tls: { key: pki.serverKey, cert: pki.serverCert }, basicAuth: { 'CP-TLS': 'tls-key-0123456789ab' } });
  try {
    assert.match(csms.url, /^wss:\/\//);
    const t = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-TLS', clock, authorizationKey: 'tls-key-0123456789ab', ca: pki.caCert });
    assert.equal(t.isOpen, true);
    t.close();
    const untrusted = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-TLS', clock, authorizationKey: 'tls-key-0123456789ab', ca: pki.otherCaCert }).catch((x) => x);
    assert.ok(isTwinError(untrusted, 'TWIN_ERR_WS_CONNECT'), 'a certificate from an untrusted CA is refused');
    const wrongKey = await connectWs({ csmsUrl: csms.url, chargePointId: 'CP-TLS', clock, authorizationKey: 'nope', ca: pki.caCert }).catch((x) => x);
    assert.ok(isTwinError(wrongKey, 'TWIN_ERR_WS_UNAUTHORIZED'));
  } finally { await csms.close(); }
});

test('OCPP-J 1.6 §3.1: the CSMS refuses a client that does not offer subprotocol ocpp1.6, and unknown paths', async () => {
  const csms = await startCsms();
  try {
    const { default: WebSocket } = await import('ws');
    const status = (url: string, protocols: string[]) => new Promise<number>((resolve) => {
      const ws = new WebSocket(url, protocols);
      ws.on('unexpected-response', (_q, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => {});
    });
    assert.equal(await status(`${csms.url}/CP-X`, ['ocpp2.0.1']), 400);
    assert.equal(await status(csms.url.replace('/ocpp', '/other/CP-X'), ['ocpp1.6']), 404);
    // A malformed %-escape in the id is refused, and the central system goes on serving.
    assert.equal(await status(`${csms.url}/CP-%E0%A4%A`, ['ocpp1.6']), 400);
    assert.equal(await status(`${csms.url}/CP-X`, ['ocpp1.6']), 101);
  } finally { await csms.close(); }
});

test('1.6 security whitepaper profile 3 (TLS with a client certificate) is not offered: the guide lists no SecurityProfile key and no certificate messages; a CSMS that demands a client certificate is refused as a connection failure, never reached without one', async () => {
  const pki = makeTestPki();
  const { createServer } = await import('node:https');
  const { WebSocketServer } = await import('ws');
  const server = createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true });
  const wss = new WebSocketServer({ server, handleProtocols: () => 'ocpp1.6' });
  let opened = 0;
  wss.on('connection', () => { opened++; });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.address() as { port: number }).port;
    const refused = await connectWs({ csmsUrl: `wss://127.0.0.1:${port}/ocpp`, chargePointId: 'CP-MTLS', clock, ca: pki.caCert, connectTimeoutMs: 5000 }).catch((x) => x);
    assert.ok(isTwinError(refused, 'TWIN_ERR_WS_CONNECT'), `a connection failure, got ${String(refused)}`);
    assert.equal(opened, 0, 'no websocket was opened without a client certificate');
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
});
