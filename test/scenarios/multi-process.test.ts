/**
 * `chargetwin station --count N --processes P` (docs/sharding.md, "Many processes on one host", D23):
 * one parent, P shard processes, one control API that fans out to them. Pinned here over 2 shards against
 * the embedded central system on loopback: every twin boots once; the parent's /api/fleet pages the
 * whole fleet; a station of either shard is driven through the parent; /metrics sums the shards; SIGTERM
 * ends every child and the parent exits 0; a child that dies is reported, /readyz says so, and the
 * parent's exit status is 1, and /metrics' counters keep what the dead shard had counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCsms } from '../../src/csms/index.ts';
import { shardIds } from '../../src/fleet/shard.ts';
import { parseExposition, sampleValue } from '../support/prom-text.ts';
import { startStationProcess, type StationProcess } from '../support/station-process.ts';
import { waitFor } from '../support/wait-for.ts';

const SCRUB = ['CHARGETWIN_SHARD', 'CHARGETWIN_SHARDS', 'JOB_COMPLETION_INDEX', 'CHARGETWIN_API_TOKEN', 'CHARGETWIN_API_HOST'];

const parent = (args: string[]): StationProcess => startStationProcess(args, { scrub: SCRUB, killAfterMs: 80_000 });

const apiOf = (err: string): string | undefined => /control API over \d+ shard processes on (http:\/\/\S+)/.exec(err)?.[1];
const pidsOf = (err: string): number[] => [...err.matchAll(/\d+\/\d+ pid (\d+)/g)].map((m) => Number(m[1]));
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
const get = async (url: string): Promise<{ status: number; body: unknown; headers: Headers }> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
};

test('station --count 10 --processes 2: one fan-out API over 2 shard processes (fleet pages, driving either shard, summed /metrics); SIGTERM ends all, exit 0', { timeout: 120_000 }, async () => {
  const csms = await startCsms({});
  const boots: string[] = [];
  const preparing = new Set<string>();
  csms.on((e) => {
    if (e.type !== 'frame' || e.direction !== 'in') return;
    if (e.text.includes('"BootNotification"')) boots.push(e.stationId);
    if (e.text.includes('"StatusNotification"') && e.text.includes('"Preparing"')) preparing.add(e.stationId);
  });
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-processes-'));
  const run = parent(['--csms', csms.url, '--id', 'EVS', '--count', '10', '--processes', '2', '--data-dir', dir]);
  const expected = shardIds('EVS', 10);
  let pids: number[] = [];
  try {
    await waitFor(() => (apiOf(run.err()) !== undefined && expected.every((id) => csms.station(id)?.boot !== undefined)) || run.p.exitCode !== null, 60_000, () => `fleet up: ${run.err()}`);
    const api = apiOf(run.err())!;
    pids = pidsOf(run.err());
    assert.equal(pids.length, 2, run.err());
    assert.deepEqual([...new Set(boots)].sort(), expected);
    assert.equal(boots.length, 10, `each id booted once: ${boots.join(',')}`);

    let ready = await get(`${api}/readyz`);
    for (let i = 0; i < 200 && ready.status !== 200; i++) { await new Promise((r) => setTimeout(r, 50)); ready = await get(`${api}/readyz`); }
    assert.equal(ready.status, 200, JSON.stringify(ready.body));

    const whole = await get(`${api}/api/fleet`);
    assert.equal(whole.status, 200);
    const page = whole.body as { total: number; stations: Array<{ id: string }> };
    assert.equal(page.total, 10);
    assert.deepEqual(page.stations.map((s) => s.id), expected, 'the shards concatenated in shard order');
    const across = (await get(`${api}/api/fleet?offset=3&limit=4`)).body as { total: number; offset: number; stations: Array<{ id: string }> };
    assert.deepEqual({ ...across, stations: across.stations.map((s) => s.id) }, { total: 10, offset: 3, stations: ['EVS-0004', 'EVS-0005', 'EVS-0006', 'EVS-0007'] }, 'a page across the shard boundary');

    const matched = (await get(`${api}/api/fleet?match=0009`)).body as { total: number; stations: Array<{ id: string }> };
    assert.deepEqual([matched.total, matched.stations.map((s) => s.id)], [1, ['EVS-0009']], 'match filters in each shard');
    for (const bad of ['sort=id', 'limit=0', 'bogus=1']) assert.equal((await get(`${api}/api/fleet?${bad}`)).status, 400, bad);

    for (const [id, shard] of [['EVS-0002', '0'], ['EVS-0009', '1']] as const) {
      const res = await fetch(`${api}/api/stations/${id}/connectors/1/plug`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(15_000) });
      assert.equal(res.status, 200, await res.text());
      assert.equal(res.headers.get('x-chargetwin-shard'), shard);
    }
    await waitFor(() => preparing.has('EVS-0002') && preparing.has('EVS-0009'), 15_000, 'both plugged stations report Preparing to the CSMS');
    const state = (await get(`${api}/api/stations/EVS-0009`)).body as { id: string };
    assert.equal(state.id, 'EVS-0009');
    const missing = await get(`${api}/api/stations/NOPE/connectors/1/plug`);
    assert.equal(missing.status, 404);

    const metrics = parseExposition((await get(`${api}/metrics`)).body as string);
    const bootsAtCsms = boots.length;
    assert.equal(sampleValue(metrics, 'chargetwin_frames_total', { direction: 'sent', type: 'CALL', action: 'BootNotification' }), bootsAtCsms, 'the shards\' counters summed: 5 + 5 BootNotifications');
    assert.equal(sampleValue(metrics, 'chargetwin_stations', { registration: 'Accepted', link: 'open' }), 10, 'a gauge summed over the shards');
    assert.equal(sampleValue(metrics, 'chargetwin_shard_up'), 2);

    run.p.kill('SIGTERM');
    assert.equal((await run.exited).code, 0, run.err());
    for (const pid of pids) assert.equal(alive(pid), false, `shard pid ${pid} ended with the parent`);
  } finally {
    run.p.kill('SIGKILL');
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('station --processes 2: a shard that dies is reported, not restarted, /readyz answers 503, and the parent exits 1', { timeout: 120_000 }, async () => {
  const csms = await startCsms({});
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-processes-'));
  const run = parent(['--csms', csms.url, '--id', 'EVK', '--count', '4', '--processes', '2', '--data-dir', join(dir, 'p{shard}')]);
  let pids: number[] = [];
  try {
    await waitFor(() => apiOf(run.err()) !== undefined || run.p.exitCode !== null, 60_000, () => `API up: ${run.err()}`);
    const api = apiOf(run.err())!;
    pids = pidsOf(run.err());
    assert.equal(pids.length, 2, run.err());
    const boots = async (): Promise<number> => sampleValue(parseExposition((await get(`${api}/metrics`)).body as string), 'chargetwin_frames_total', { direction: 'sent', type: 'CALL', action: 'BootNotification' });
    for (const start = Date.now(); await boots() !== 4;) {
      assert.ok(Date.now() - start < 30_000, 'the 4 twins booted');
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(pids[1]!, 'SIGKILL');
    await waitFor(() => /shard 1\/2 \(pid \d+\) ended by itself with signal SIGKILL; not restarted/.test(run.err()), 20_000, () => `the death reported: ${run.err()}`);
    assert.equal(run.p.exitCode, null, 'the parent keeps serving the other shard');
    const ready = await get(`${api}/readyz`);
    assert.equal(ready.status, 503);
    const dead = (ready.body as { shards: Array<{ shard: number; ready: boolean; ended?: { signal: string } }> }).shards[1]!;
    assert.deepEqual([dead.shard, dead.ready, dead.ended?.signal], [1, false, 'SIGKILL']);
    const shards = (await get(`${api}/api/shards`)).body as Array<{ shard: number; state: string; ended?: { signal: string } }>;
    assert.deepEqual(shards.map((s) => [s.shard, s.state, s.ended?.signal ?? null]), [[0, 'running', null], [1, 'ended', 'SIGKILL']]);
    const down = await get(`${api}/api/stations/EVK-0004`);
    assert.equal(down.status, 503, 'a station of the dead shard: service unavailable');
    assert.equal((await get(`${api}/api/stations/EVK-0001`)).status, 200, 'the live shard still answers');
    const after = parseExposition((await get(`${api}/metrics`)).body as string);
    assert.equal(sampleValue(after, 'chargetwin_frames_total', { direction: 'sent', type: 'CALL', action: 'BootNotification' }), 4, 'a counter keeps what the dead shard counted: it never goes down');
    assert.equal(sampleValue(after, 'chargetwin_shard_up', { shard: '1' }), 0);
    assert.equal(sampleValue(after, 'chargetwin_stations', { registration: 'Accepted', link: 'open' }), 2, 'a gauge: only the live shard\'s twins');
    run.p.kill('SIGTERM');
    assert.equal((await run.exited).code, 1, run.err());
    assert.equal(alive(pids[0]!), false);
  } finally {
    run.p.kill('SIGKILL');
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
