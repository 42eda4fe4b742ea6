/**
 * Issue 15 item 1 through the control API: a few twins against the embedded central system on a
 * fast-forwarded clock; the generator starts and stops sessions, refuses blocked and unknown tags (a
 * badge's Authorize is answered Blocked/Invalid and no StartTransaction follows), remote starts and stops go
 * through the embedded central system, and bad settings are a 400 that starts nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { waitFor } from '../support/wait-for.ts';
import { ControlApiClient } from '../../src/api-client/client.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const IDS = ['EVB-G1', 'EVB-G2', 'EVB-G3'];
/** The fields these tests read from the answers. */
interface Body {
  running: number | boolean; stations: number; remoteThroughCentral: boolean; title: string;
  totals: { arrivals: number; started: number; refused: { invalid: number; blocked: number }; remoteFallbacks: number };
  error: { code: string; message: string }; sessionGenerator: { running: boolean };
}
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Body };
};

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock, tags: { 'TAG-1': 'Accepted', 'TAG-BLOCKED': 'Blocked' } });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), backoff: { initialMs: 20, maxMs: 50 } });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  for (const id of IDS) fleet.add({ id });
  await waitFor(() => IDS.every((id) => fleet.get(id).station.registration === 'Accepted'), 10_000);
});
after(async () => { await call('DELETE', '/api/sessions-generator'); await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

test('bad settings: 400 TWIN_ERR_BAD_SESSION_SETTINGS naming the field, nothing started', async () => {
  const r = await call('POST', '/api/sessions-generator', { settings: { arrivalsPerHour: 'often' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'TWIN_ERR_BAD_SESSION_SETTINGS');
  assert.match(r.body.error.message, /arrivalsPerHour must be number/);
  assert.equal((await call('GET', '/api/sessions-generator')).body.stations, 0);
  assert.equal((await call('GET', '/api/sessions-generator/schema')).body.title, 'ChargeTwin session generator settings');
});

test('generated sessions on three twins against the embedded central system, started and stopped through the API', async () => {
  const settings = {
    seed: 5, arrivalsPerHour: 1.5, plugDurationMin: { kind: 'uniform', min: 15, max: 40 }, energyKWh: { kind: 'fixed', value: 3 },
    starts: { badge: 2, remote: 1 }, endings: { stopButton: 1, remoteStop: 1, unplug: 1 },
    tags: { valid: ['TAG-1'], invalid: ['TAG-NOBODY'], blocked: ['TAG-BLOCKED'], invalidShare: 0.2, blockedShare: 0.2 },
  };
  const started = await call('POST', '/api/sessions-generator', { settings });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.deepEqual([started.body.running, started.body.stations, started.body.remoteThroughCentral], [3, 3, true]);
  await clock.fastForward(6 * 3_600_000);
  await new Promise((r) => setTimeout(r, 300));
  const summary = (await call('GET', '/api/sessions-generator')).body;
  const t = summary.totals;
  assert.ok(t.arrivals >= 10, JSON.stringify(t));
  assert.ok(t.started >= 3, JSON.stringify(t));
  assert.ok(t.refused.invalid + t.refused.blocked >= 1, JSON.stringify(t));
  assert.equal(t.remoteFallbacks, 0);
  const ledger = csms.ledger.all();
  assert.ok(ledger.length >= 3);
  // A badge with a refused tag never starts a transaction (Authorize first); a remote start does not
  // authorize first (AuthorizeRemoteTxRequests false), so its transaction is stopped DeAuthorized by StartTransaction.conf.
  for (const tx of ledger) {
    const tag = (tx.start as { idTag: string }).idTag;
    if (tag !== 'TAG-1') assert.equal((tx.stop as { reason?: string } | undefined)?.reason, 'DeAuthorized', `${tx.stationId}: ${tag}`);
  }
  assert.ok(ledger.some((tx) => (tx.start as { idTag: string }).idTag === 'TAG-1'))
  const frames = IDS.flatMap((id) => fleet.get(id).frames!.list({ action: 'StopTransaction', direction: 'out' }));
  const reasons = new Set(frames.map((f) => (JSON.parse(f.text) as [number, string, string, { reason: string }])[3].reason));
  assert.ok(reasons.has('Local') || reasons.has('Remote') || reasons.has('EVDisconnected'), [...reasons].join(','));
  const one = await call('GET', `/api/stations/${IDS[0]}/sessions-generator`);
  assert.equal(one.body.running, true);
  assert.equal((await call('GET', `/api/stations/${IDS[0]}`)).body.sessionGenerator.running, true, 'visible in the station view (dashboard)');
  const client = new ControlApiClient(api.url);
  assert.equal((await client.sessionsGenerator() as Body).running, 3);
  const stopped = { body: await client.sessionsGenerator(false) as Body };
  assert.equal(stopped.body.running, 0);
  assert.equal((await call('GET', `/api/stations/${IDS[1]}/sessions-generator`)).body.running, false);
  assert.equal((await call('GET', '/api/stations/EVB-NONE/sessions-generator')).status, 404);
});
