import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { openSse } from '../support/sse-client.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const S = '/api/stations/EVB-FAULT';

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-FAULT' });
  await waitFor(() => fleet.get('EVB-FAULT').station.registration === 'Accepted');
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: await res.json() };
}

test('control API faults: POST adds a rule, GET lists it with its remaining count, the override answer is marked in GET …/frames and in the SSE frame event; the rule is spent after one firing', async () => {
  const events = await openSse(`${api.url}/api/events?station=EVB-FAULT`);
  try {
    const added = await call('POST', `${S}/faults`, { direction: 'incoming', action: 'ChangeAvailability', mode: 'answer-status', payload: { status: 'Rejected' } });
    assert.equal(added.status, 200);
    const rule = added.json as { id: string };
    assert.deepEqual((await call('GET', `${S}/faults`)).json, [{ id: rule.id, direction: 'incoming', action: 'ChangeAvailability', mode: 'answer-status', payload: { status: 'Rejected' }, remaining: 1, fired: 0 }]);
    const answer = await call('POST', '/api/csms/stations/EVB-FAULT/call', { action: 'ChangeAvailability', payload: { connectorId: 1, type: 'Inoperative' } });
    assert.deepEqual(answer.json, { confirmation: { status: 'Rejected' } });
    assert.deepEqual((await call('GET', `${S}/faults`)).json, []);
    const frames = (await call('GET', `${S}/frames?action=ChangeAvailability`)).json as Array<{ direction: string; type: number; injected?: string }>;
    assert.deepEqual(frames.map((f) => [f.direction, f.type, f.injected]), [['in', 2, undefined], ['out', 3, 'override']]);
    await events.until((s) => s.events.some((e) => e.type === 'frame' && (JSON.parse(e.data) as { frame: { injected?: string } }).frame.injected === 'override'), 'the marked frame event', 5000);
  } finally { events.close(); }
});

test('control API faults: DELETE one rule by id, DELETE all; times 0 lasts until removed', async () => {
  const a = (await call('POST', `${S}/faults`, { direction: 'outgoing', action: 'Heartbeat', mode: 'drop', times: 0 })).json as { id: string; remaining: unknown };
  assert.equal(a.remaining, 'always');
  const b = (await call('POST', `${S}/faults`, { direction: 'link', latencyMs: 5, jitterMs: 5, seed: 3 })).json as { id: string };
  assert.deepEqual(((await call('GET', `${S}/faults`)).json as Array<{ id: string }>).map((r) => r.id), [a.id, b.id]);
  assert.equal((await call('DELETE', `${S}/faults/${a.id}`)).status, 200);
  assert.equal((await call('DELETE', `${S}/faults/${a.id}`)).status, 404);
  assert.deepEqual(((await call('GET', `${S}/faults`)).json as Array<{ id: string }>).map((r) => r.id), [b.id]);
  assert.equal((await call('DELETE', `${S}/faults`)).status, 200);
  assert.deepEqual((await call('GET', `${S}/faults`)).json, []);
});
