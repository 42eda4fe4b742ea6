import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { ROUTES } from '../../src/api/routes.ts';
import { ERROR_STATUS } from '../../src/api/error-status.ts';
import { waitFor } from '../support/wait-for.ts';
import { openSse } from '../support/sse-client.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { API_SCHEMAS } from '../../src/api/api-schemas.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const call = async (method: string, path: string, body?: unknown, raw?: string) => {
  const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Record<string, unknown> & { error?: { code: string } } };
};
const st = (id = 'EVB-API') => `/api/stations/${id}`;

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock, tags: { 'TAG-1': 'Accepted', EVLINK: 'Accepted' } });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-API' });
  await waitFor(() => fleet.get('EVB-API').station.registration === 'Accepted');
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

test('control API: OpenAPI documents every route', async () => {
  const { status, body } = await call('GET', '/openapi.json');
  assert.equal(status, 200);
  const paths = body.paths as Record<string, Record<string, unknown>>;
  for (const r of ROUTES) assert.ok(paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`);
  assert.ok(paths['/api/events']);
});

test('control API: list and state; unknown station → 404 with a stable code', async () => {
  const list = await call('GET', '/api/stations');
  assert.equal((list.body as unknown as Array<{ id: string }>)[0]?.id, 'EVB-API');
  const s = await call('GET', st());
  assert.equal(s.body.registration, 'Accepted');
  assert.equal((s.body.connectors as Array<{ status: string }>)[1]?.status, 'Available');
  const missing = await call('GET', st('NOPE'));
  assert.deepEqual([missing.status, missing.body.error?.code], [404, 'TWIN_ERR_FLEET_NO_STATION']);
});

test('control API: plug, badge, EV requesting → Charging; stop button; frames filtered; transactions from the station and the CSMS ledger', async () => {
  assert.equal((await call('POST', `${st()}/connectors/1/plug`)).status, 200);
  assert.deepEqual((await call('POST', `${st()}/badge`, { idTag: 'TAG-1' })).body, { accepted: true });
  assert.equal((await call('POST', `${st()}/connectors/1/ev-requesting`, { requesting: true })).status, 200);
  await waitFor(() => fleet.get('EVB-API').station.context.status.get(1).status === 'Charging');
  const frames = await call('GET', `${st()}/frames?action=StartTransaction&direction=out`);
  assert.equal((frames.body as unknown as Array<{ action: string }>).length, 1);
  assert.equal((await call('POST', `${st()}/connectors/1/stop`)).status, 200);
  await waitFor(() => csms.ledger.forStation('EVB-API')[0]?.stop !== undefined);
  await waitFor(() => fleet.get('EVB-API').frames!.list({ action: 'StopTransaction', direction: 'out' }).length > 0);
  const own = (await call('GET', `${st()}/transactions`)).body as unknown as Array<{ state: string; stopReason: string; transactionId: number; idTag: string; meterStop: number }>;
  const ledger = csms.ledger.forStation('EVB-API')[0]!;
  assert.deepEqual(own.map((t) => [t.state, t.stopReason, t.transactionId, t.idTag, t.meterStop]), [['stopped', 'Local', ledger.transactionId, 'TAG-1', ledger.stop!.meterStop]]);
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ $id: 'api', components: { schemas: API_SCHEMAS } });
  const conforms = (name: string, value: unknown): void => assert.ok(ajv.validate({ $ref: `api#/components/schemas/${name}` }, value), `${name}: ${ajv.errorsText()}`);
  conforms('StationTransactions', own);
  conforms('StationState', (await call('GET', st())).body);
  conforms('StationList', (await call('GET', '/api/stations')).body);
  conforms('Frames', frames.body);
  conforms('LocalList', (await call('GET', `${st()}/local-list`)).body);
  conforms('Clock', (await call('GET', '/api/clock')).body);
  const txs = await call('GET', `/api/csms/stations/EVB-API/transactions`);
  conforms('CsmsTransactions', txs.body);
  conforms('CsmsLedger', (await call('GET', '/api/csms/transactions')).body);
  conforms('Error', (await call('POST', `${st()}/connectors/1/stop`)).body);
  assert.equal((txs.body as unknown as Array<{ stop: { reason: string } }>)[0]?.stop.reason, 'Local');
  assert.equal((await call('POST', `${st()}/connectors/1/stop`)).body.error?.code, 'TWIN_ERR_NO_TRANSACTION');
  assert.equal((await call('POST', `${st()}/connectors/1/unplug`)).status, 200);
  const again = await call('POST', `${st()}/connectors/1/unplug`);
  assert.deepEqual([again.status, again.body.error?.code], [409, 'TWIN_ERR_ILLEGAL_EVENT']);
});

test('control API: EV settings, vendor errors, availability, local list', async () => {
  assert.equal((await call('POST', `${st()}/connectors/1/ev`, { maxCurrentA: 16, socPercent: 50 })).status, 200);
  assert.equal((await call('POST', `${st()}/connectors/1/ev`, { phases: 2 })).status, 400);
  assert.equal((await call('POST', `${st()}/errors`, { code: '12.0', connectorId: 1 })).status, 200);
  await waitFor(() => fleet.get('EVB-API').station.context.status.get(1).status === 'Faulted');
  assert.equal((await call('DELETE', `${st()}/errors/12.0?connectorId=1`)).status, 200);
  assert.equal((await call('POST', `${st()}/errors`, { code: '99.9' })).body.error?.code, 'TWIN_ERR_UNKNOWN_VENDOR_ERROR');
  assert.equal((await call('POST', `${st()}/connectors/1/availability`, { operative: false })).status, 200);
  await waitFor(() => fleet.get('EVB-API').station.context.status.get(1).status === 'Unavailable');
  assert.equal((await call('POST', `${st()}/connectors/1/availability`, { operative: true })).status, 200);
  const ll = await call('PUT', `${st()}/local-list`, { entries: [{ idTag: 'LOCAL', status: 'Accepted' }], version: 3 });
  assert.equal(ll.body.version, 3);
  assert.equal((await call('GET', `${st()}/local-list`)).body.version, 3);
  assert.equal((await call('PUT', `${st()}/local-list`, { entries: [{ idTag: 'X', status: 'Maybe' }] })).status, 400);
});

test('control API: any central-system call from the embedded CSMS, validated by the official schema', async () => {
  const r = await call('POST', `/api/csms/stations/EVB-API/call`, { action: 'GetConfiguration', payload: { key: ['LedIntensity'] } });
  assert.deepEqual((r.body.confirmation as { configurationKey: unknown[] }).configurationKey, [{ key: 'LedIntensity', readonly: false, value: '100' }]);
  assert.equal((await call('POST', `/api/csms/stations/EVB-API/call`, { action: 'Reset', payload: { type: 'Sideways' } })).status, 400);
  assert.equal((await call('POST', `/api/csms/stations/EVB-API/call`, { action: 'Fly', payload: {} })).status, 400);
  assert.equal((await call('GET', '/api/csms/transactions')).status, 200);
});

test('control API: clock pause / scale / fast-forward; bad values refused', async () => {
  const t0 = (await call('GET', '/api/clock')).body.now as number;
  const ff = await call('POST', '/api/clock', { action: 'fast-forward', seconds: 3600 });
  assert.ok((ff.body.now as number) >= t0 + 3600_000);
  assert.equal((await call('POST', '/api/clock', { action: 'scale', scale: 0 })).status, 400);
  assert.equal((await call('POST', '/api/clock', { action: 'warp' })).status, 400);
  assert.equal((await call('POST', '/api/clock', { action: 'pause' })).body.paused, true);
  assert.equal((await call('POST', '/api/clock', { action: 'resume' })).body.paused, false);
});

test('control API: network cut/restore, power cut/restore, reboot', async () => {
  assert.equal((await call('POST', `${st()}/network`, { connected: false })).status, 200);
  await waitFor(() => csms.station('EVB-API')?.connected === false);
  await call('POST', `${st()}/network`, { connected: true });
  await waitFor(() => csms.station('EVB-API')?.connected === true);
  const boots = csms.station('EVB-API')!.bootCount;
  await call('POST', `${st()}/power`, { on: false });
  assert.equal((await call('GET', st())).body.link, 'powered-off');
  await call('POST', `${st()}/power`, { on: true });
  await waitFor(() => (csms.station('EVB-API')?.bootCount ?? 0) === boots + 1, 5000);
  await call('POST', `${st()}/reboot`, { kind: 'Hard' });
  await waitFor(() => (csms.station('EVB-API')?.bootCount ?? 0) === boots + 2, 5000);
  assert.equal((await call('POST', `${st()}/reboot`, { kind: 'Warm' })).status, 400);
});

test('control API: bad input — invalid JSON, wrong types, unknown route and method, duplicate station', async () => {
  assert.equal((await call('POST', `${st()}/badge`, undefined, '{nope')).body.error?.code, 'TWIN_ERR_API_BAD_JSON');
  assert.equal((await call('POST', `${st()}/badge`, { idTag: 5 })).body.error?.code, 'TWIN_ERR_API_BAD_REQUEST');
  assert.equal((await call('POST', `${st()}/connectors/x/plug`)).status, 400);
  assert.equal((await call('GET', '/api/nothing')).status, 404);
  assert.equal((await call('DELETE', '/api/clock')).status, 405);
  assert.equal((await call('POST', '/api/stations', { id: 'EVB-API' })).status, 409);
  assert.equal((await call('POST', '/api/stations', { id: 'EVB-X', model: 'NOPE' })).status, 400);
  for (const [code, status] of Object.entries(ERROR_STATUS)) assert.ok(status >= 400 && status < 600, code);
});

test('control API: add and remove a station; Server-Sent Events stream frames', async () => {
  const ctrl = new AbortController();
  const res = await fetch(`${api.url}/api/events`, { signal: ctrl.signal });
  const reader = res.body!.getReader();
  assert.equal((await call('POST', '/api/stations', { id: 'EVB-NEW' })).status, 200);
  let text = '';
  const deadline = Date.now() + 5000;
  while (!text.includes('"type":"frame"') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
  assert.match(text, /"stationId":"EVB-NEW"/);
  ctrl.abort();
  assert.equal((await call('DELETE', '/api/stations/EVB-NEW')).status, 200);
  assert.equal((await call('GET', '/api/stations/EVB-NEW')).status, 404);
});

test('dashboard: index.html and the bundled app are served', async () => {
  const html = await (await fetch(`${api.url}/`)).text();
  assert.match(html, /<script type="module" src="\/app.js">/);
  const js = await fetch(`${api.url}/app.js`);
  assert.equal(js.status, 200);
  assert.match(await js.text(), /EventSource/);
});

test('control API: Server-Sent Events deliver changed events of the station', async () => {
  const events = await openSse(`${api.url}/api/events`);
  assert.equal(events.contentType, 'text/event-stream');
  assert.equal((await call('POST', `${st()}/connectors/1/plug`)).status, 200);
  try {
    await events.until((x) => x.events.some((e) => e.type === 'changed'), 'a changed event');
  } finally { events.close(); }
  const changed = events.events.filter((e) => e.type === 'changed').map((e) => JSON.parse(e.data) as { stationId: string; what: string });
  assert.equal(changed[0]?.stationId, 'EVB-API');
  assert.match(changed[0]?.what ?? '', /connector:1|station/);
  assert.equal((await call('POST', `${st()}/connectors/1/unplug`)).status, 200);
});

test('control API: /api/fleet pages the fleet at a glance (total, offset, limit, match) and conforms to its schema', async () => {
  for (const id of ['EVB-P1', 'EVB-P2', 'EVB-P3']) assert.equal((await call('POST', '/api/stations', { id })).status, 200);
  try {
    const all = (await call('GET', '/api/fleet')).body as unknown as { total: number; offset: number; stations: Array<{ id: string; registration: string; link: string; connectors: Array<{ id: number; status: string }> }> };
    assert.equal(all.total, fleet.list().length);
    assert.deepEqual(all.stations.map((s) => s.id), fleet.list().map((m) => m.spec.id));
    const api0 = all.stations.find((s) => s.id === 'EVB-API')!;
    assert.equal(api0.registration, 'Accepted');
    assert.deepEqual(api0.connectors.map((c) => c.id), [0, 1]);
    const page = (await call('GET', '/api/fleet?match=EVB-P&offset=1&limit=1')).body as unknown as typeof all;
    assert.deepEqual([page.total, page.offset, page.stations.map((s) => s.id)], [3, 1, ['EVB-P2']]);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'api', components: { schemas: API_SCHEMAS } });
    assert.ok(ajv.validate({ $ref: 'api#/components/schemas/FleetPage' }, all), ajv.errorsText());
    assert.equal((await call('GET', '/api/fleet?limit=0')).status, 400);
    assert.equal((await call('GET', '/api/fleet?offset=-1')).status, 400);
    assert.equal((await call('GET', '/api/fleet?page=2')).status, 400);
  } finally {
    for (const id of ['EVB-P1', 'EVB-P2', 'EVB-P3']) await call('DELETE', `/api/stations/${id}`);
  }
});

test('control API: /api/events?station=<id> streams the frames of that station only', async () => {
  const events = await openSse(`${api.url}/api/events?station=EVB-F2`);
  assert.equal((await call('POST', '/api/stations', { id: 'EVB-F1' })).status, 200);
  assert.equal((await call('POST', '/api/stations', { id: 'EVB-F2' })).status, 200);
  const frameStations = (): Set<string> => new Set(events.events.filter((e) => e.type === 'frame').map((e) => (JSON.parse(e.data) as { stationId: string }).stationId));
  try {
    await events.until(() => frameStations().has('EVB-F2'), 'a frame of EVB-F2', 5000);
    await waitFor(() => fleet.get('EVB-F1').station.registration === 'Accepted');
  } finally { events.close(); }
  assert.deepEqual([...frameStations()], ['EVB-F2'], 'EVB-F1 booted too, but its frames are not in this stream');
  await call('DELETE', '/api/stations/EVB-F1');
  await call('DELETE', '/api/stations/EVB-F2');
});
