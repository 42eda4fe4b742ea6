/**
 * Issue 16 items 2 and 6, server side: the fleet summary the fleet view shows, the central-system
 * console's list of operations with their schemas, and the dry-run check that refuses invalid input with
 * the schema's message before anything is sent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const call = async (method: string, path: string, body?: unknown, base = api.url) => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Record<string, unknown> & { error?: { code: string; message: string } } };
};

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock, tags: { 'TAG-1': 'Accepted' } });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  for (const id of ['EVB-S1', 'EVB-S2', 'EVB-S3']) fleet.add({ id });
  await waitFor(() => fleet.list().every((m) => m.station.registration === 'Accepted'));
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

test('fleet summary: stations by registration and link, connectors by status, sessions, energy, frames per second (issue 16 item 6)', async () => {
  const m = fleet.get('EVB-S2');
  m.station.context.controls.plugIn!(1);
  assert.equal((await m.station.context.controls.presentBadge!('TAG-1', 1) as { accepted: boolean }).accepted, true);
  await waitFor(() => m.station.context.status.get(1).status === 'Charging');
  await fleet.get('EVB-S3').runtime.cutNetwork();
  await waitFor(() => fleet.get('EVB-S3').runtime.link !== 'open');
  const first = await call('GET', '/api/fleet/summary');
  assert.equal(first.status, 200);
  const s = first.body as unknown as { stations: number; byRegistration: Record<string, number>; byLink: Record<string, number>; connectors: number; byConnectorStatus: Record<string, number>; activeSessions: number; energyWh: number; framesPerSecond: number | null; csms: boolean };
  const connectorsPerStation = fleet.get('EVB-S1').station.snapshot().connectors.length - 1;
  assert.equal(s.stations, 3);
  assert.deepEqual(s.byRegistration, { Accepted: 3 });
  assert.equal(s.byLink.open, 2);
  assert.equal(Object.values(s.byLink).reduce((a, b) => a + b, 0), 3);
  assert.equal(s.connectors, 3 * connectorsPerStation);
  assert.equal(s.byConnectorStatus.Charging, 1);
  assert.equal(s.byConnectorStatus.Available, 3 * connectorsPerStation - 1);
  assert.equal(s.activeSessions, 1);
  assert.equal(typeof s.energyWh, 'number');
  assert.equal(s.csms, true);
  // Frames per second is the growth of the frame counters between two readings (at least 0.5 s apart).
  await new Promise((r) => setTimeout(r, 600));
  fleet.get('EVB-S1').station.context.controls.plugIn!(2 <= connectorsPerStation ? 2 : 1);
  await new Promise((r) => setTimeout(r, 200));
  const second = (await call('GET', '/api/fleet/summary')).body as { framesPerSecond: number | null };
  assert.equal(typeof second.framesPerSecond, 'number');
  assert.ok(second.framesPerSecond! > 0, `frames were exchanged: ${second.framesPerSecond}`);
  fleet.get('EVB-S3').runtime.restoreNetwork();
});

test('central-system console: the guide\'s operations with their request schemas; SendLocalList listed as not supported (issue 16 item 2)', async () => {
  const { status, body } = await call('GET', '/api/csms/console');
  assert.equal(status, 200);
  const actions = body.actions as Array<{ action: string; supported: boolean; reason?: string; schema: { properties: Record<string, unknown>; required?: string[] } }>;
  assert.equal(actions.filter((a) => a.supported).length, 18);
  for (const a of ['RemoteStartTransaction', 'SetChargingProfile', 'GetLocalListVersion', 'ClearCache', 'DataTransfer']) assert.ok(actions.some((x) => x.action === a && x.supported), a);
  const sll = actions.find((a) => a.action === 'SendLocalList');
  assert.equal(sll?.supported, false);
  assert.match(sll?.reason ?? '', /Not supported/);
  const ccfg = actions.find((a) => a.action === 'ChangeConfiguration')!;
  assert.deepEqual(ccfg.schema.required, ['key', 'value']);
  assert.equal((ccfg.schema as Record<string, unknown>).$id, undefined);
});

test('console without an embedded central system: the console route says so (the page hides the console)', async () => {
  const bare = await startControlApi({ fleet, clock, port: 0 });
  try {
    const r = await call('GET', '/api/csms/console', undefined, bare.url);
    assert.equal(r.body.error?.code, 'TWIN_ERR_API_NO_CSMS');
    assert.equal((await call('GET', '/api/fleet/summary', undefined, bare.url)).body.csms, false);
  } finally { await bare.close(); }
});

test('payload check: the schema\'s message for invalid input, valid for a good one; nothing is sent', async () => {
  const framesBefore = fleet.get('EVB-S1').frames!.total;
  const bad = await call('POST', '/api/ocpp/check', { action: 'UnlockConnector', payload: { connectorId: 1.5 } });
  assert.deepEqual(bad.body, { valid: false, message: 'payload of UnlockConnector: /connectorId must be integer', rpcCode: 'TypeConstraintViolation' });
  const missing = await call('POST', '/api/ocpp/check', { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval' } });
  assert.equal(missing.body.valid, false);
  assert.match(String(missing.body.message), /misses required property "value"/);
  assert.deepEqual((await call('POST', '/api/ocpp/check', { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '60' } })).body, { valid: true });
  assert.equal((await call('POST', '/api/ocpp/check', { action: 'NoSuchAction', payload: {} })).body.error?.code, 'TWIN_ERR_API_BAD_REQUEST');
  assert.equal(fleet.get('EVB-S1').frames!.total, framesBefore, 'a check sends no frame');
});

test('fleet page for the fleet view: filtered by connector status, sorted by a column either way (issue 16 item 6)', async () => {
  // EVB-S1 has its cable in since the summary test; EVB-S2 charges; EVB-S3 is Available.
  await waitFor(() => fleet.get('EVB-S1').station.context.status.get(1).status !== 'Available');
  const ids = async (q: string) => ((await call('GET', `/api/fleet?${q}`)).body.stations as Array<{ id: string }>).map((s) => s.id);
  const status1 = fleet.get('EVB-S1').station.context.status.get(1).status;
  assert.deepEqual(await ids(`status=${status1}`), ['EVB-S1']);
  assert.deepEqual(await ids('status=Charging'), ['EVB-S2']);
  assert.deepEqual(await ids('status=Faulted'), []);
  assert.deepEqual(await ids('sort=id&order=desc'), ['EVB-S3', 'EVB-S2', 'EVB-S1']);
  assert.deepEqual(await ids('order=desc'), ['EVB-S3', 'EVB-S2', 'EVB-S1']);
  // By status: connector 1's status first; ties keep the order the stations were added.
  const byStatus = await ids('sort=status');
  const key = (id: string) => fleet.get(id).station.snapshot().connectors.slice(1).map((c) => c.status).join(',');
  assert.deepEqual(byStatus, [...byStatus].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : 1)));
  assert.equal((await call('GET', '/api/fleet?sort=colour')).body.error?.code, 'TWIN_ERR_API_BAD_REQUEST');
});
