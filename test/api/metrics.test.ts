import { test, before, after } from 'node:test';
import { get } from 'node:http';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { escapeLabel, renderMetrics } from '../../src/api/metrics.ts';
import { stationCounters } from '../../src/fleet/fleet-metrics.ts';
import { DEFAULT_QUEUE_BOUND, memoryQueueStore, type MessageQueueStore } from '../../src/queue/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { parseExposition, sampleValue, type Family } from '../support/prom-text.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const ID = 'EVB-MET';

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock, tags: { 'TAG-1': 'Accepted' } });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } }), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: ID });
  await waitFor(() => fleet.get(ID).station.registration === 'Accepted');
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

const scrape = async (): Promise<Map<string, Family>> => {
  const res = await fetch(`${api.url}/metrics`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text());
};
const post = (path: string, body?: unknown) => fetch(`${api.url}/api/stations/${ID}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

test('/metrics: Prometheus text 0.0.4 — after a charge session the counters moved by exactly that session, the histogram is consistent', async () => {
  const before0 = await scrape();
  for (const name of ['chargetwin_stations', 'chargetwin_connectors', 'chargetwin_frames_total', 'chargetwin_callerrors_total', 'chargetwin_call_duration_seconds', 'chargetwin_transaction_queue_messages',
    'chargetwin_transaction_queue_dropped_total', 'chargetwin_sessions_started_total', 'chargetwin_sessions_stopped_total', 'chargetwin_sessions_failed_total', 'chargetwin_energy_delivered_watt_hours_total']) {
    const f = before0.get(name);
    assert.ok(f && f.help.length > 10, `${name} has a HELP line`);
  }
  assert.equal(before0.get('chargetwin_call_duration_seconds')!.type, 'histogram');
  assert.equal(sampleValue(before0, 'chargetwin_stations', { registration: 'Accepted', link: 'open' }), 1);
  assert.equal(sampleValue(before0, 'chargetwin_stations'), 1, 'one twin in all');
  assert.equal(sampleValue(before0, 'chargetwin_connectors', { status: 'Available' }), 1);
  assert.equal(sampleValue(before0, 'chargetwin_call_duration_seconds_count', { action: 'BootNotification' }), 1);
  const sent = (f: Map<string, Family>, action: string) => sampleValue(f, 'chargetwin_frames_total', { direction: 'sent', type: 'CALL', action });

  assert.equal((await post('/connectors/1/plug')).status, 200);
  assert.equal((await post('/badge', { idTag: 'TAG-1' })).status, 200);
  assert.equal((await post('/connectors/1/ev-requesting', { requesting: true })).status, 200);
  await waitFor(() => fleet.get(ID).station.context.status.get(1).status === 'Charging');
  const during = await scrape();
  assert.equal(sampleValue(during, 'chargetwin_connectors', { status: 'Charging' }), 1);
  await clock.fastForward(15 * 60_000);
  assert.equal((await post('/connectors/1/stop')).status, 200);
  await waitFor(() => csms.ledger.forStation(ID)[0]?.stop !== undefined);
  await waitFor(() => fleet.get(ID).frames!.list({ action: 'StopTransaction', direction: 'in' }).length > 0, 5000, 'the StopTransaction answer');
  const tx = csms.ledger.forStation(ID)[0]!;
  const delivered = (tx.stop as { meterStop: number }).meterStop - (tx.start as { meterStart: number }).meterStart;
  assert.ok(delivered > 0, 'energy flowed');

  const after0 = await scrape();
  const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after0, name, labels) - sampleValue(before0, name, labels);
  assert.equal(delta('chargetwin_sessions_started_total'), 1);
  assert.equal(delta('chargetwin_sessions_stopped_total', { reason: 'Local' }), 1);
  assert.equal(delta('chargetwin_sessions_stopped_total'), 1);
  assert.equal(delta('chargetwin_sessions_failed_total'), 0);
  assert.equal(delta('chargetwin_energy_delivered_watt_hours_total'), delivered);
  assert.equal(sent(after0, 'StartTransaction') - sent(before0, 'StartTransaction'), 1);
  assert.equal(sent(after0, 'StopTransaction') - sent(before0, 'StopTransaction'), 1);
  assert.equal(delta('chargetwin_frames_total', { direction: 'received', type: 'CALLRESULT', action: 'StartTransaction' }), 1);
  assert.equal(sent(after0, 'StatusNotification'), fleet.get(ID).frames!.list({ action: 'StatusNotification', direction: 'out' }).filter((f) => f.type === 2).length, 'StatusNotifications counted as the frame log has them');
  assert.equal(delta('chargetwin_call_duration_seconds_count', { action: 'StartTransaction' }), 1);
  assert.equal(delta('chargetwin_call_duration_seconds_count', { action: 'StopTransaction' }), 1);
  assert.ok(sampleValue(after0, 'chargetwin_call_duration_seconds_sum', { action: 'StartTransaction' }) >= 0);
  assert.equal(sampleValue(after0, 'chargetwin_transaction_queue_messages'), 0);
  assert.equal(sampleValue(after0, 'chargetwin_connectors', { status: 'Finishing' }), 1, 'the cable is still in');
  assert.equal(sampleValue(after0, 'chargetwin_connectors'), 1, 'connector 0 is the station, not a connector');
});

test('/metrics: a CALLERROR the station answers is counted by direction, action and code', async () => {
  const before0 = await scrape();
  // More keys than GetConfigurationMaxKeys (50): the station answers CALLERROR OccurenceConstraintViolation.
  await assert.rejects(csms.call(ID, 'GetConfiguration', { key: Array.from({ length: 51 }, (_, i) => `K${i}`) }));
  const after0 = await scrape();
  const labels = { direction: 'sent', action: 'GetConfiguration', code: 'OccurenceConstraintViolation' };
  assert.equal(sampleValue(after0, 'chargetwin_callerrors_total', labels) - sampleValue(before0, 'chargetwin_callerrors_total', labels), 1);
  assert.equal(sampleValue(after0, 'chargetwin_frames_total', { direction: 'received', type: 'CALL', action: 'GetConfiguration' }) - sampleValue(before0, 'chargetwin_frames_total', { direction: 'received', type: 'CALL', action: 'GetConfiguration' }), 1);
});

test('/metrics: label values escaped as the format says; every family is TYPEd before its samples; documented in OpenAPI', async () => {
  assert.equal(escapeLabel('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  const text = renderMetrics(fleet);
  assert.doesNotThrow(() => parseExposition(text));
  const doc = await (await fetch(`${api.url}/openapi.json`)).json() as { paths: Record<string, { get?: { responses: Record<string, { content: Record<string, unknown> }> } }> };
  assert.ok(doc.paths['/metrics']?.get?.responses['200']?.content['text/plain']);
});

test('/metrics follows the admission rules of /api/*: with an API token, a scrape without "Authorization: Bearer" is 401, with it 200', async () => {
  const token = 'metrics-token-0123456789abcdef';
  const guarded = await startControlApi({ fleet, port: 0, token });
  try {
    const without = await fetch(`${guarded.url}/metrics`);
    assert.equal(without.status, 401);
    assert.equal(((await without.json()) as { error: { code: string } }).error.code, 'TWIN_ERR_API_UNAUTHORIZED');
    const withToken = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(withToken.status, 200);
    assert.ok(parseExposition(await withToken.text()).has('chargetwin_stations'));
  } finally { await guarded.close(); }
});

test('/metrics with publicMetrics (--metrics-public, CHARGETWIN_METRICS_PUBLIC; Prometheus annotation scrapes): a scrape without a token is 200, while /api/* and /openapi.json still need the token', async () => {
  const token = 'metrics-token-0123456789abcdef';
  const open = await startControlApi({ fleet, port: 0, token, publicMetrics: true });
  try {
    const scrape = await fetch(`${open.url}/metrics`);
    assert.equal(scrape.status, 200);
    assert.ok(parseExposition(await scrape.text()).has('chargetwin_stations'));
    for (const path of ['/api/stations', '/openapi.json']) {
      const guarded = await fetch(`${open.url}${path}`);
      assert.equal(guarded.status, 401, path);
      assert.equal(((await guarded.json()) as { error: { code: string } }).error.code, 'TWIN_ERR_API_UNAUTHORIZED');
    }
    // The other admission rules still hold for /metrics: a rebound Host name is refused.
    const rebound = await new Promise<number>((resolve, reject) => {
      get(`${open.url}/metrics`, { headers: { host: 'evil.example' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
    });
    assert.equal(rebound, 403);
  } finally { await open.close(); }
});

test('/metrics: removing a station never makes a _total counter go down (what it counted stays in the fleet\'s own totals; no counter reset for Prometheus)', async () => {
  const clock2 = new ScaledClock();
  const csms2 = await startCsms({ clock: clock2 });
  const stores = new Map<string, MessageQueueStore>();
  const storeOf = (id: string): MessageQueueStore => stores.get(id) ?? stores.set(id, memoryQueueStore()).get(id)!;
  const fleet2 = createFleet({
    csmsUrl: csms2.url, clock: clock2, rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 },
    build: buildEvlinkStation({ queueFor: storeOf, configOverrides: { AuthenticationOCPPMode: 'false', AlignedDataInterval: '0' } }),
  });
  const otherFleet = createFleet({ csmsUrl: csms2.url, clock: clock2, build: buildEvlinkStation() });
  try {
    for (const id of ['EVB-RM1', 'EVB-RM2']) fleet2.add({ id });
    await waitFor(() => fleet2.list().every((m) => m.station.registration === 'Accepted'));
    // Both: a session that delivers energy, and a queue full of old MeterValues so the StartTransaction drops one.
    const now = clock2.now();
    for (const id of ['EVB-RM1', 'EVB-RM2']) for (let i = 0; i < DEFAULT_QUEUE_BOUND; i++) storeOf(id).append({ action: 'MeterValues', payload: { i }, txRef: 'old', attempts: 0, nextAttemptAt: now + 3_600_000, createdAt: now });
    const rm1 = fleet2.get('EVB-RM1');
    rm1.station.context.controls.plugIn!(1, { requesting: true });
    const rm2 = fleet2.get('EVB-RM2');
    rm2.station.context.controls.plugIn!(1, { requesting: true });
    await waitFor(() => [rm1, rm2].every((m) => m.station.context.status.get(1).status === 'Charging'), 5000, 'both charging');
    await clock2.fastForward(10 * 60_000);
    const counters = (): { bound: number; attempts: number; energy: number; started: number } => {
      const f = parseExposition(renderMetrics(fleet2));
      return {
        bound: sampleValue(f, 'chargetwin_transaction_queue_dropped_total', { reason: 'bound' }),
        attempts: sampleValue(f, 'chargetwin_transaction_queue_dropped_total', { reason: 'attempts' }),
        energy: sampleValue(f, 'chargetwin_energy_delivered_watt_hours_total'),
        started: sampleValue(f, 'chargetwin_sessions_started_total'),
      };
    };
    const before0 = counters();
    assert.ok(before0.bound >= 1, `a drop at the bound was counted (${before0.bound})`);
    assert.ok(before0.energy > 0, `energy was counted (${before0.energy})`);
    await fleet2.remove('EVB-RM1');
    const after0 = counters();
    for (const k of ['bound', 'attempts', 'energy', 'started'] as const) assert.ok(after0[k] >= before0[k], `${k}: ${before0[k]} before the removal, ${after0[k]} after`);
    assert.deepEqual(after0, before0, 'nothing was counted in between');
    await fleet2.stop();
    const stopped = counters();
    assert.ok(stationCounters(rm2.station).droppedBound > 0, 'EVB-RM2, still in the fleet until the stop, had dropped messages');
    for (const k of ['bound', 'attempts', 'energy', 'started'] as const) assert.ok(stopped[k] >= after0[k], `${k}: ${after0[k]} before the fleet stopped, ${stopped[k]} after`);
    // The totals belong to that fleet, not to the process: another fleet's counters start at zero.
    const other = parseExposition(renderMetrics(otherFleet));
    assert.equal(sampleValue(other, 'chargetwin_transaction_queue_dropped_total', { reason: 'bound' }), 0);
    assert.equal(sampleValue(other, 'chargetwin_energy_delivered_watt_hours_total'), 0);
  } finally { await fleet2.stop(); await otherFleet.stop(); await csms2.close(); clock2.dispose(); }
});

test('/metrics: a station removed and added again with its saved state is not counted twice (its energy register and drops count from when it joined)', async () => {
  const clock3 = new ScaledClock();
  const csms3 = await startCsms({ clock: clock3 });
  csms3.override('StartTransaction', () => ({ idTagInfo: { status: 'Accepted' }, transactionId: 1 }));
  // One builder: its default per-id state store keeps the station's energy register across the re-add, as a data folder would.
  const fleet3 = createFleet({
    csmsUrl: csms3.url, clock: clock3, rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 },
    build: buildEvlinkStation({ configOverrides: { AuthenticationOCPPMode: 'false', AlignedDataInterval: '0' } }),
  });
  const energy = (): number => sampleValue(parseExposition(renderMetrics(fleet3)), 'chargetwin_energy_delivered_watt_hours_total');
  try {
    fleet3.add({ id: 'EVB-RE' });
    await waitFor(() => fleet3.get('EVB-RE').station.registration === 'Accepted');
    const m = fleet3.get('EVB-RE');
    m.station.context.controls.plugIn!(1, { requesting: true });
    await waitFor(() => m.station.context.status.get(1).status === 'Charging', 5000, 'charging');
    await clock3.fastForward(10 * 60_000);
    const delivered = energy();
    assert.ok(delivered > 0, `energy was counted (${delivered})`);
    await fleet3.remove('EVB-RE');
    assert.equal(energy(), delivered, 'kept after the removal');
    fleet3.add({ id: 'EVB-RE' });
    await waitFor(() => fleet3.get('EVB-RE').station.registration === 'Accepted');
    assert.ok(stationCounters(fleet3.get('EVB-RE').station).energyWh >= delivered, 'the twin came back with its register');
    assert.equal(energy(), delivered, 'the register it came back with was counted once, before it left');
  } finally { await fleet3.stop(); await csms3.close(); clock3.dispose(); }
});
