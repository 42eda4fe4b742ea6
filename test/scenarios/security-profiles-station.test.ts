import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { startHttpFileServer } from '../../src/csms/file-server/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import type { Logger } from '../../src/shared/logger.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { makeTestPki } from '../support/test-certificates.ts';
import { waitFor } from '../support/wait-for.ts';

const KEY = 'station-key-0123456789abcdef';

test('1.6 security whitepaper profile 1, station level: an EVlink twin with an AuthorizationKey (plain ws:// allowed explicitly) boots on the CSMS that checks Basic auth', async () => {
  const clock = new ScaledClock({ scale: 100 });
  const csms = await startCsms({ basicAuth: { 'EVB-P1': KEY } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  try {
    const m = fleet.add({ id: 'EVB-P1', authorizationKey: KEY, allowBasicAuthOverPlainWs: true });
    await waitFor(() => m.station.registration === 'Accepted', 5000, 'boot');
    assert.equal(csms.station('EVB-P1')?.bootCount, 1);
  } finally { await fleet.stop(); await csms.close(); clock.dispose(); }
});

test('1.6 security whitepaper profile 2, station level: wss:// verified against the station CA bundle; the same bundle verifies HTTPS diagnostics uploads; another CA is refused', async () => {
  const pki = makeTestPki();
  const clock = new ScaledClock({ scale: 100 });
  const csms = await startCsms({ tls: { key: pki.serverKey, cert: pki.serverCert }, basicAuth: { 'EVB-P2': KEY, 'EVB-P2X': KEY } });
  const files = await startHttpFileServer({ tls: { key: pki.serverKey, cert: pki.serverCert } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, backoff: { initialMs: 20, maxMs: 100 }, build: buildEvlinkStation() });
  try {
    const m = fleet.add({ id: 'EVB-P2', authorizationKey: KEY, ca: pki.caCert });
    await waitFor(() => m.station.registration === 'Accepted', 5000, 'boot over wss://');
    const conf = await csms.call('EVB-P2', 'GetDiagnostics', { location: `${files.url}/diagnostics/` });
    await waitFor(() => files.received.some((f) => f.name === conf.fileName), 5000, 'HTTPS upload with the station CA');
    const stranger = fleet.add({ id: 'EVB-P2X', authorizationKey: KEY, ca: pki.otherCaCert });
    await waitFor(() => /cannot connect/.test(stranger.runtime.lastError ?? ''), 5000, 'TLS refusal');
    assert.equal(csms.station('EVB-P2X'), undefined, 'a CSMS certificate from another CA is never trusted');
  } finally { await fleet.stop(); await files.close(); await csms.close(); clock.dispose(); }
});

test('1.6 security whitepaper: a wrong AuthorizationKey is refused with 401; the station retries with exponential backoff, does not crash, and connects once the key is right', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const waits: number[] = [];
  const logger: Logger = { log: (_l, msg) => { const w = /^reconnecting in (\d+) ms$/.exec(msg); if (w) waits.push(Number(w[1])); }, child: () => logger };
  const keys: Record<string, string> = { 'EVB-401': 'the-right-key-0123456789' };
  const csms = await startCsms({ basicAuth: keys });
  const fleet = createFleet({ csmsUrl: csms.url, clock, logger, backoff: { initialMs: 1000, maxMs: 4000, jitter: 0 }, build: buildEvlinkStation() });
  try {
    const m = fleet.add({ id: 'EVB-401', authorizationKey: KEY, allowBasicAuthOverPlainWs: true });
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitFor(() => waits.length === attempt, 5000, `refusal ${attempt}`);
      assert.match(m.runtime.lastError ?? '', /HTTP 401/);
      assert.equal(m.runtime.link, 'waiting');
      await clock.advance(waits.at(-1)!);
    }
    await waitFor(() => waits.length === 5, 5000, 'refusal 5');
    assert.deepEqual(waits, [1000, 2000, 4000, 4000, 4000], 'exponential, capped');
    assert.equal(csms.station('EVB-401'), undefined, 'never connected with the wrong key');
    keys['EVB-401'] = KEY; // the CSMS operator fixes the key
    await clock.advance(4000);
    await waitFor(() => m.runtime.link === 'open', 5000, 'connected with the right key');
    await clock.advance(0);
    await waitFor(() => m.station.registration === 'Accepted', 5000, 'boot');
    csms.station('EVB-401')!.connection!.close(1001, 'going away');
    await waitFor(() => waits.length === 6, 5000, 'retry after the drop');
    assert.equal(waits[5], 1000, 'backoff starts again after a successful connection');
  } finally { await fleet.stop(); await csms.close(); }
});

test('1.6 security whitepaper profile 1 over plain ws:// needs explicit consent: without it the station refuses to send the key and does not fall back to an unauthenticated connection', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const csms = await startCsms(); // would accept any station, with or without credentials
  const fleet = createFleet({ csmsUrl: csms.url, clock, backoff: { initialMs: 1000, maxMs: 1000, jitter: 0 }, build: buildEvlinkStation() });
  try {
    const m = fleet.add({ id: 'EVB-PLAIN', authorizationKey: KEY });
    await waitFor(() => /refusing to send the AuthorizationKey over plain ws/.test(m.runtime.lastError ?? ''), 5000, 'refusal');
    for (let i = 0; i < 3; i++) await clock.advance(1000);
    assert.equal(m.runtime.link, 'waiting', 'still retrying');
    assert.equal(csms.station('EVB-PLAIN'), undefined, 'no connection at all, with or without the key');
  } finally { await fleet.stop(); await csms.close(); }
});
