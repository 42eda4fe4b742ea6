import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { ROUTES } from '../../src/api/routes.ts';

interface Param { name: string; in: string; required: boolean; schema: Record<string, unknown> }
interface Operation { parameters?: Param[]; requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown>; required?: string[] } } } }; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }

async function servedDocument(): Promise<{ paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Record<string, unknown>> } }> {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, clock, port: 0 });
  try {
    const res = await fetch(`${api.url}/openapi.json`);
    assert.equal(res.status, 200);
    return await res.json() as never;
  } finally { await api.close(); await fleet.stop(); clock.dispose(); }
}

test('OpenAPI: every route of the table appears with its path and query parameters, body fields and response schema', async () => {
  const doc = await servedDocument();
  for (const r of ROUTES) {
    const where = `${r.method} ${r.path}`;
    const op = doc.paths[r.path]?.[r.method.toLowerCase()];
    assert.ok(op, `${where} missing`);
    const params = op.parameters ?? [];
    for (const name of [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
      assert.ok(params.some((p) => p.in === 'path' && p.name === name && p.required), `${where}: path parameter ${name}`);
    }
    for (const [name, f] of Object.entries(r.query ?? {})) {
      const p = params.find((x) => x.in === 'query' && x.name === name);
      assert.ok(p, `${where}: query parameter ${name}`);
      assert.equal(p.schema.type, f.type, `${where}: type of ${name}`);
    }
    const body = op.requestBody?.content['application/json'].schema;
    for (const [name, f] of Object.entries(r.body ?? {})) {
      assert.ok(body?.properties[name], `${where}: body field ${name}`);
      if (f.required) assert.ok(body.required?.includes(name), `${where}: ${name} required`);
    }
    const ref = op.responses['200']?.content?.['application/json']?.schema?.$ref;
    assert.equal(ref, `#/components/schemas/${r.response}`, `${where}: response schema`);
    assert.ok(doc.components.schemas[r.response], `${where}: schema ${r.response} defined`);
    assert.equal(op.responses.default?.content?.['application/json']?.schema?.$ref, '#/components/schemas/Error');
  }
  assert.ok(doc.paths['/api/events']?.get);
});

test('OpenAPI: the documented query parameters include action, direction, limit and connectorId', async () => {
  const doc = await servedDocument();
  const names = (path: string, method: string): string[] => (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  assert.deepEqual(names('/api/stations/{id}/frames', 'get').sort(), ['action', 'direction', 'limit']);
  assert.deepEqual(names('/api/stations/{id}/errors/{code}', 'delete'), ['connectorId']);
  const state = doc.components.schemas.StationState as { required: string[]; properties: Record<string, unknown> };
  assert.ok(state.required.includes('connectors') && state.properties.registration);
  const tx = (doc.components.schemas.StationTransactions as { items: { properties: Record<string, unknown> } }).items.properties;
  for (const k of ['transactionId', 'meterStart', 'meterStop', 'stopReason']) assert.ok(tx[k], k);
});
