import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { formatFrame } from '../../src/cli/frame-log.ts';
import { REDACTED } from '../../src/ocpp/index.ts';
import type { FileTransfer } from '../../src/station/firmware/transfer-port.ts';
import { waitFor } from '../support/wait-for.ts';

const OLD_KEY = 'old-key-0123456789abcdef';
const NEW_KEY = 'rotated-key-9876543210fedcba';

/** A station of the fleet on the embedded CSMS with Basic auth (profile 1, plain ws allowed explicitly). */
async function rig(id: string) {
  const clock = new ScaledClock({ scale: 100 });
  const keys: Record<string, string> = { [id]: OLD_KEY };
  const csms = await startCsms({ basicAuth: keys });
  const uploads: Array<{ fileName: string; bytes: Uint8Array }> = [];
  const transfer: FileTransfer = {
    download: () => Promise.reject(new Error('no downloads in this test')),
    upload: async (_location, fileName, bytes) => { uploads.push({ fileName, bytes }); },
  };
  const fleet = createFleet({ csmsUrl: csms.url, clock, rebootDelayMs: 100, backoff: { initialMs: 20, maxMs: 100 }, build: buildEvlinkStation({ transfer }) });
  const m = fleet.add({ id, authorizationKey: OLD_KEY, allowBasicAuthOverPlainWs: true });
  await waitFor(() => m.station.registration === 'Accepted', 5000, 'boot with the first key');
  const connections: number[] = [];
  csms.on((e) => { if (e.type === 'connected') connections.push(e.at); });
  return { clock, keys, csms, fleet, m, uploads, connections, done: async () => { await fleet.stop(); await csms.close(); clock.dispose(); } };
}

test('1.6 security whitepaper (AuthorizationKey is write-only): after ChangeConfiguration the key is absent from the frame ring, the CLI frame log and the diagnostics file; the wire frame carried it', async () => {
  const r = await rig('EVB-KEY1');
  try {
    r.keys['EVB-KEY1'] = NEW_KEY;
    assert.deepEqual(await r.csms.call('EVB-KEY1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: NEW_KEY }), { status: 'Accepted' });
    await waitFor(() => r.connections.length === 1 && r.m.runtime.link === 'open', 5000, 'reconnect with the new key');

    // The wire: the CSMS sent the key (its own record keeps what it sent, verbatim; see docs/conformance.md).
    assert.ok(r.csms.frames.some((f) => f.direction === 'out' && f.text.includes(NEW_KEY)), 'the CSMS record holds the frame as sent');

    // The station's frame ring (control API log, dashboard, diagnostics source).
    const ring = r.m.frames!.list();
    const change = ring.find((f) => f.type === 2 && f.action === 'ChangeConfiguration');
    assert.ok(change, 'the ChangeConfiguration frame is recorded');
    assert.deepEqual((JSON.parse(change.text) as unknown[])[3], { key: 'AuthorizationKey', value: REDACTED });
    assert.ok(ring.every((f) => !f.text.includes(NEW_KEY) && !f.text.includes(OLD_KEY)), 'no key in the ring');

    // The CLI's frame log line.
    for (const f of ring) assert.ok(!formatFrame(f.at, 'EVB-KEY1', f.direction, f.text, () => f.action, { color: false, width: 500 }).includes(NEW_KEY));
    assert.ok(!formatFrame(0, 'EVB-KEY1', 'in', r.csms.frames.find((f) => f.text.includes(NEW_KEY))!.text, () => undefined, { color: false, width: 500 }).includes(NEW_KEY), 'the CLI log redacts even a frame taken from the CSMS record');

    // The diagnostics file the station uploads, plain and gzipped.
    for (const compress of ['false', 'true']) {
      await r.csms.call('EVB-KEY1', 'ChangeConfiguration', { key: 'compressDiagnostic', value: compress });
      const conf = await r.csms.call('EVB-KEY1', 'GetDiagnostics', { location: 'ftp://127.0.0.1/diag/' });
      await waitFor(() => r.uploads.some((u) => u.fileName === conf.fileName), 5000, 'diagnostics upload');
      const bytes = r.uploads.find((u) => u.fileName === conf.fileName)!.bytes;
      const content = Buffer.from(compress === 'true' ? gunzipSync(bytes) : bytes).toString('utf8');
      assert.match(content, /ChangeConfiguration/);
      assert.ok(content.includes(REDACTED), 'the redacted frame is in the file');
      assert.ok(!content.includes(NEW_KEY), 'the key is not in the diagnostics file');
    }
  } finally { await r.done(); }
});

test('1.6 security whitepaper, HTTP Basic password update: after an accepted ChangeConfiguration of AuthorizationKey the station answers, then reconnects at once with the new key, which survives a reboot', async () => {
  const r = await rig('EVB-KEY2');
  try {
    r.keys['EVB-KEY2'] = NEW_KEY; // the CSMS now accepts only the new key
    const conf = await r.csms.call('EVB-KEY2', 'ChangeConfiguration', { key: 'AuthorizationKey', value: NEW_KEY });
    assert.deepEqual(conf, { status: 'Accepted' }, 'the answer reached the CSMS before the reconnect');
    await waitFor(() => r.connections.length === 1 && r.csms.station('EVB-KEY2')?.connected === true && r.m.runtime.link === 'open', 5000, 'reconnect');
    assert.equal(r.m.runtime.lastError, undefined, 'the new connection was not refused');
    assert.equal(r.csms.station('EVB-KEY2')?.bootCount, 1, 'a reconnect, not a reboot');
    // The key is write-only: GetConfiguration lists it without a value.
    const got = await r.csms.call('EVB-KEY2', 'GetConfiguration', { key: ['AuthorizationKey'] });
    assert.deepEqual(got.configurationKey, [{ key: 'AuthorizationKey', readonly: false }]);
    // A rejected value changes nothing and does not reconnect.
    const before = r.connections.length;
    assert.deepEqual(await r.csms.call('EVB-KEY2', 'ChangeConfiguration', { key: 'AuthorizationKey', value: 'x'.repeat(41) }), { status: 'Rejected' });
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.connections.length, before);
    assert.equal(r.m.station.context.config.str('AuthorizationKey'), NEW_KEY);
    // The new key is durable: after a reboot the station still connects with it.
    assert.deepEqual(await r.csms.call('EVB-KEY2', 'Reset', { type: 'Soft' }), { status: 'Accepted' });
    await waitFor(() => r.csms.station('EVB-KEY2')?.bootCount === 2 && r.m.runtime.link === 'open', 5000, 'boot after reset with the new key');
    assert.equal(r.m.runtime.reboots, 1);
  } finally { await r.done(); }
});
