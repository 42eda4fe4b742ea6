/**
 * GET/POST /api/stations/{id}/configuration (issue 16 item 3, decision D19): every key with its value
 * and the profile's metadata, the write-only AuthorizationKey without its value, and a local change
 * answered with exactly the status ChangeConfiguration gives.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { API_SCHEMAS } from '../../src/api/api-schemas.ts';
import { evlinkProAc } from '../../src/station/profile/index.ts';

let fleet: Fleet, api: ControlApi, clock: ScaledClock;
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as unknown };
};
const PATH = '/api/stations/EVB-CFG/configuration';
type Row = Record<string, unknown> & { key: string };
const row = async (key: string): Promise<Row | undefined> => ((await call('GET', PATH)).body as Row[]).find((r) => r.key === key);

before(async () => {
  clock = new ScaledClock();
  // No central system needed: the station does not have to be connected for a local change.
  fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1/ocpp', clock, build: buildEvlinkStation(), backoff: { initialMs: 1000, maxMs: 5000 } });
  api = await startControlApi({ fleet, clock, port: 0 });
  fleet.add({ id: 'EVB-CFG' });
});
after(async () => { await api.close(); await fleet.stop(); clock.dispose(); });

test('configuration: every key of the profile with value, unit, range, access and reboot flag; AuthorizationKey listed without value; the answer matches its schema', async () => {
  const { status, body } = await call('GET', PATH);
  assert.equal(status, 200);
  const rows = body as Row[];
  assert.deepEqual(rows.map((r) => r.key), evlinkProAc.configurationKeys.map((k) => k.key));
  assert.deepEqual(rows.find((r) => r.key === 'HeartbeatInterval'), {
    key: 'HeartbeatInterval', type: 'integer', access: 'RW', rebootRequired: false, writeOnly: false, value: '3600', unit: 's', min: 0, standardKey: 'HeartbeatInterval',
    description: evlinkProAc.keyIndex.get('HeartbeatInterval')!.description,
  });
  const phases = rows.find((r) => r.key === 'PhasesConnection')!;
  assert.equal(phases.rebootRequired, true);
  assert.equal(phases.max, 6);
  assert.equal(rows.find((r) => r.key === 'GetConfigurationMaxKeys')!.access, 'RO');
  const auth = rows.find((r) => r.key === 'AuthorizationKey')!;
  assert.equal(auth.writeOnly, true);
  assert.equal('value' in auth, false, 'a write-only key has no value in the answer');
  const ajv = new Ajv2020({ strict: false });
  for (const [name, schema] of Object.entries(API_SCHEMAS)) ajv.addSchema(schema, `#/components/schemas/${name}`);
  assert.ok(ajv.validate('#/components/schemas/Configuration', rows), ajv.errorsText());
});

test('configuration: a local change answers as ChangeConfiguration does (Accepted, Rejected out of range or read-only, NotSupported, RebootRequired with the pending value); bad bodies are refused', async () => {
  assert.deepEqual((await call('POST', PATH, { key: 'HeartbeatInterval', value: '120' })).body, { status: 'Accepted' });
  assert.equal((await row('HeartbeatInterval'))?.value, '120');
  assert.deepEqual((await call('POST', PATH, { key: 'LedIntensity', value: '101' })).body, { status: 'Rejected' });
  assert.equal((await row('LedIntensity'))?.value, '100', 'a rejected value changes nothing');
  assert.deepEqual((await call('POST', PATH, { key: 'GetConfigurationMaxKeys', value: '10' })).body, { status: 'Rejected' });
  assert.deepEqual((await call('POST', PATH, { key: 'NoSuchKey', value: '1' })).body, { status: 'NotSupported' });
  assert.deepEqual((await call('POST', PATH, { key: 'PhasesConnection', value: '2' })).body, { status: 'RebootRequired' });
  const phases = await row('PhasesConnection');
  assert.equal(phases?.value, '1');
  assert.equal(phases?.pending, '2');
  assert.deepEqual((await call('POST', PATH, { key: 'AuthorizationKey', value: '0123456789abcdef' })).body, { status: 'Accepted' });
  assert.equal(JSON.stringify((await call('GET', PATH)).body).includes('0123456789abcdef'), false, 'the secret is never shown');
  const bad = await call('POST', PATH, { key: 'HeartbeatInterval' });
  assert.equal(bad.status, 400);
  assert.equal((await call('GET', '/api/stations/NOPE/configuration')).status, 404);
});
