import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startCsms, type Csms } from '../csms/index.ts';
import { createFleet, type Fleet } from '../fleet/index.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from './server.ts';
import { waitFor } from '../../test/support/wait-for.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from './openapi.ts';
import { API_SCHEMAS } from './api-schemas.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock, deadUrl: string;
const get = async (path: string, method = 'GET') => {
  const res = await fetch(`${api.url}${path}`, { method });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
};

/** A loopback URL where nothing listens: a port taken and released (connections are refused). */
async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `ws://127.0.0.1:${port}/ocpp`;
}

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), backoff: { initialMs: 50, maxMs: 200 } });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  deadUrl = await refusedUrl();
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

test('/healthz: 200 {status:"ok"} while the process runs, whatever the twins do', async () => {
  assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
  fleet.add({ id: 'EVB-H-DEAD', csmsUrl: deadUrl });
  assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
  await fleet.remove('EVB-H-DEAD');
});

test('/readyz: a process with no twin is ready (nothing to wait for)', async () => {
  assert.deepEqual(await get('/readyz'), { status: 200, body: { status: 'ready', stations: 0, registered: 0, notRegistered: 0, byRegistration: {} } });
});

test('/readyz: 503 with the counts while a twin is not registered; 200 once every twin is Accepted', async () => {
  fleet.add({ id: 'EVB-H-1' });
  fleet.add({ id: 'EVB-H-2', csmsUrl: deadUrl });
  await waitFor(() => fleet.get('EVB-H-1').station.registration === 'Accepted', 5000, 'EVB-H-1 registered');
  const notReady = await get('/readyz');
  assert.equal(notReady.status, 503);
  assert.deepEqual(notReady.body, { status: 'not-ready', stations: 2, registered: 1, notRegistered: 1, byRegistration: { Accepted: 1, Unregistered: 1 } });
  await fleet.remove('EVB-H-2');
  assert.deepEqual(await get('/readyz'), { status: 200, body: { status: 'ready', stations: 1, registered: 1, notRegistered: 0, byRegistration: { Accepted: 1 } } });
  await fleet.remove('EVB-H-1');
});

test('/healthz and /readyz answer GET only; other methods get the API\'s 405/404 errors, not a probe answer', async () => {
  const r = await get('/healthz', 'POST');
  assert.notEqual(r.status, 200);
  assert.ok((r.body.error as { code: string }).code.startsWith('TWIN_ERR_API_'));
});

test('/healthz and /readyz are in the OpenAPI document; a 503 answer of /readyz matches its Readiness schema', async () => {
  const doc = openApiDocument('0') as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
  assert.ok(doc.paths['/healthz']?.get?.responses['200']);
  assert.ok(doc.paths['/readyz']?.get?.responses['200'] && doc.paths['/readyz'].get.responses['503']);
  fleet.add({ id: 'EVB-H-3', csmsUrl: deadUrl });
  try {
    const r = await get('/readyz');
    assert.equal(r.status, 503);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'api', components: { schemas: API_SCHEMAS } });
    const validate = ajv.compile({ $ref: 'api#/components/schemas/Readiness' });
    assert.ok(validate(r.body), JSON.stringify(validate.errors));
  } finally { await fleet.remove('EVB-H-3'); }
});
