/**
 * The control API cannot be driven from another site: foreign Origin refused, only JSON for POST/PUT/
 * DELETE, only loopback Host names while bound to loopback (DNS rebinding), a bearer token when asked for
 * (required off loopback). Requests are sent with node:http so every header is exactly what a browser
 * (or an attacker's page) would send.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { ControlApiClient } from '../../src/api-client/client.ts';
import { TwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const ID = 'EVB-ADM';

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: ID });
  await waitFor(() => fleet.get(ID).station.registration === 'Accepted');
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

interface Answer { status: number; code: string | undefined; headers: Record<string, string | string[] | undefined> }
/** One request with exactly these headers; the answer's status and error code (the body is not kept for SSE). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) { res.destroy(); resolve({ status: res.statusCode ?? 0, code: undefined, headers: res.headers }); return; }
      let text = '';
      res.on('data', (d) => { text += String(d); });
      res.on('end', () => {
        let code: string | undefined;
        try { code = (JSON.parse(text) as { error?: { code: string } }).error?.code; } catch { /* not JSON (dashboard) */ }
        resolve({ status: res.statusCode ?? 0, code, headers: res.headers });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

const plugged = (): boolean => fleet.get(ID).station.snapshot().connectors[1]?.status !== 'Available';

test('control API: a text/plain POST from a foreign Origin (plug, badge, pause the clock, ChangeConfiguration) is refused 403 TWIN_ERR_API_FOREIGN_ORIGIN and changes nothing', async () => {
  const evil = { origin: 'http://evil.example', 'content-type': 'text/plain' };
  const port = api.port;
  const attempts: Array<[string, string]> = [
    [`/api/stations/${ID}/connectors/1/plug`, ''],
    [`/api/stations/${ID}/badge`, JSON.stringify({ idTag: 'TAG-0001' })],
    ['/api/clock', JSON.stringify({ action: 'pause' })],
    [`/api/csms/stations/${ID}/call`, JSON.stringify({ action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '5' } })],
  ];
  for (const [path, body] of attempts) {
    const a = await send(port, 'POST', path, evil, body);
    assert.deepEqual([a.status, a.code], [403, 'TWIN_ERR_API_FOREIGN_ORIGIN'], path);
  }
  // The same with a JSON content type (a page cannot send it without a preflight, but refuse it anyway).
  const json = await send(port, 'POST', `/api/stations/${ID}/connectors/1/plug`, { origin: 'http://evil.example', 'content-type': 'application/json' });
  assert.deepEqual([json.status, json.code], [403, 'TWIN_ERR_API_FOREIGN_ORIGIN']);
  const nullOrigin = await send(port, 'POST', `/api/stations/${ID}/connectors/1/plug`, { origin: 'null', 'content-type': 'application/json' });
  assert.deepEqual([nullOrigin.status, nullOrigin.code], [403, 'TWIN_ERR_API_FOREIGN_ORIGIN']);
  const otherPort = await send(port, 'GET', '/api/stations', { origin: 'http://127.0.0.1:1' });
  assert.deepEqual([otherPort.status, otherPort.code], [403, 'TWIN_ERR_API_FOREIGN_ORIGIN'], 'another local port is another origin');
  const crossSite = await send(port, 'GET', '/api/stations', { 'sec-fetch-site': 'cross-site' });
  assert.deepEqual([crossSite.status, crossSite.code], [403, 'TWIN_ERR_API_FOREIGN_ORIGIN']);
  assert.equal(plugged(), false, 'the cable was not plugged');
  assert.equal(clock.state().paused, false, 'the clock runs');
  const frames = await (await fetch(`${api.url}/api/stations/${ID}/frames?action=ChangeConfiguration`)).json() as unknown[];
  assert.deepEqual(frames, [], 'no ChangeConfiguration reached the station');
});

test('control API: POST/PUT/DELETE need content-type application/json (415 TWIN_ERR_API_MEDIA_TYPE), with or without an Origin', async () => {
  for (const [method, path] of [['POST', `/api/stations/${ID}/connectors/1/plug`], ['PUT', `/api/stations/${ID}/local-list`], ['DELETE', `/api/stations/${ID}/errors/12.0?connectorId=1`]] as const) {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const a = await send(api.port, method, path, type ? { 'content-type': type } : {});
      assert.deepEqual([a.status, a.code], [415, 'TWIN_ERR_API_MEDIA_TYPE'], `${method} ${path} ${type ?? '(none)'}`);
    }
  }
  assert.equal(plugged(), false);
});

test('control API: a Host that is not loopback (DNS rebinding) is refused 403 TWIN_ERR_API_HOST_REFUSED, for state, the event stream and the dashboard', async () => {
  for (const path of ['/api/stations', '/api/events', '/openapi.json', '/']) {
    const a = await send(api.port, 'GET', path, { host: `evil.example:${api.port}` });
    assert.deepEqual([a.status, a.code], [403, 'TWIN_ERR_API_HOST_REFUSED'], path);
  }
  const rebound = await send(api.port, 'POST', `/api/stations/${ID}/connectors/1/plug`, { host: `evil.example:${api.port}`, origin: `http://evil.example:${api.port}`, 'content-type': 'application/json' });
  assert.deepEqual([rebound.status, rebound.code], [403, 'TWIN_ERR_API_HOST_REFUSED']);
  assert.equal(plugged(), false);
});

test('control API: same-origin requests (Origin = the API itself, Host localhost or 127.0.0.1) and requests without Origin pass', async () => {
  for (const host of [`127.0.0.1:${api.port}`, `localhost:${api.port}`]) {
    const a = await send(api.port, 'GET', '/api/stations', { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    assert.equal(a.status, 200, host);
    const events = await send(api.port, 'GET', '/api/events', { host });
    assert.equal(events.status, 200);
  }
  const plug = await send(api.port, 'POST', `/api/stations/${ID}/connectors/1/plug`, { origin: `http://127.0.0.1:${api.port}`, 'content-type': 'application/json; charset=utf-8' });
  assert.equal(plug.status, 200);
  assert.equal(plugged(), true);
  const unplug = await send(api.port, 'POST', `/api/stations/${ID}/connectors/1/unplug`, { 'content-type': 'application/json' });
  assert.equal(unplug.status, 200, 'no Origin (curl, SDK, ctl)');
  assert.equal((await send(api.port, 'GET', '/', {})).status, 200, 'the dashboard');
});

test('control API: off loopback a token is required to start (TWIN_ERR_API_TOKEN_REQUIRED); with a token every API request needs Authorization: Bearer (401 TWIN_ERR_API_UNAUTHORIZED), the ControlApiClient sends it', async () => {
  const open = await startControlApi({ fleet, port: 0, host: '0.0.0.0' }).then(async (a) => { await a.close(); return 'started'; }, (e: unknown) => (e instanceof TwinError ? e.code : String(e)));
  assert.equal(open, 'TWIN_ERR_API_TOKEN_REQUIRED');
  const token = 'test-token-0123456789abcdef';
  const guarded = await startControlApi({ fleet, port: 0, token });
  try {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, `Bearer ${token}x`]) {
      const a = await send(guarded.port, 'GET', '/api/stations', auth ? { authorization: auth } : {});
      assert.deepEqual([a.status, a.code], [401, 'TWIN_ERR_API_UNAUTHORIZED'], auth ?? '(none)');
      assert.equal(a.headers['www-authenticate'], 'Bearer');
    }
    assert.equal((await send(guarded.port, 'GET', '/openapi.json', {})).status, 401);
    assert.equal((await send(guarded.port, 'GET', '/api/events', {})).status, 401);
    assert.equal((await send(guarded.port, 'GET', '/api/stations', { authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await send(guarded.port, 'GET', '/', {})).status, 200, 'the dashboard page itself holds no state');
    const ids = (await new ControlApiClient(guarded.url, { token }).stations()).map((s) => s.id);
    assert.deepEqual(ids, [ID]);
    await assert.rejects(new ControlApiClient(guarded.url).stations(), (e: unknown) => e instanceof TwinError && e.code === 'TWIN_ERR_API_UNAUTHORIZED');
    // chargetwin ctl: the token from the environment variable (preferred) or --api-token.
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const ctl = (args: string[], env: NodeJS.ProcessEnv) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, ['bin/chargetwin.js', 'ctl', '--api', guarded.url, ...args, 'list'], { cwd: root, env: { ...process.env, ...env } });
      let out = '', err = '';
      p.stdout.on('data', (d) => { out += String(d); });
      p.stderr.on('data', (d) => { err += String(d); });
      p.on('exit', (code) => resolve({ code, out, err }));
    });
    const viaEnv = await ctl([], { CHARGETWIN_API_TOKEN: token });
    assert.equal(viaEnv.code, 0, viaEnv.err);
    assert.match(viaEnv.out, new RegExp(ID));
    const viaFlag = await ctl(['--api-token', token], { CHARGETWIN_API_TOKEN: '' });
    assert.equal(viaFlag.code, 0, viaFlag.err);
    const without = await ctl([], { CHARGETWIN_API_TOKEN: '' });
    assert.equal(without.code, 1);
    assert.match(without.err, /TWIN_ERR_API_UNAUTHORIZED/);
  } finally { await guarded.close(); }
});
