import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { waitFor } from '../support/wait-for.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ctl = (...args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', 'ctl', ...args], { cwd: root });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += String(d); });
  p.stderr.on('data', (d) => { err += String(d); });
  p.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
});

test('chargetwin ctl drives a running twin through the control API; bad usage exits 2 with one line', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  try {
    fleet.add({ id: 'EVB-CTL' });
    await waitFor(() => fleet.get('EVB-CTL').station.registration === 'Accepted');
    const list = await ctl('--api', api.url, 'list');
    assert.equal(list.code, 0, list.err);
    assert.deepEqual(list.out.trim().split('\n'), ['ID\tREGISTRATION\tLINK\tCONNECTORS', 'EVB-CTL\tAccepted\topen\t0:Available 1:Available'], 'a header row, then one row per station');
    fleet.add({ id: 'OTHER-1' });
    const filtered = await ctl('--api', api.url, 'list', 'CTL');
    assert.deepEqual(filtered.out.trim().split('\n').map((l) => l.split('\t')[0]), ['ID', 'EVB-CTL']);
    // ctl frames: the demo's one-line log format (time, station, arrow, type, action, payload); --json: the API's answer.
    const frames = (await ctl('--api', api.url, 'frames', 'EVB-CTL', 'BootNotification')).out.trim().split('\n');
    assert.equal(frames.length, 2, frames.join('\n'));
    assert.match(frames[0]!, /^\d\d:\d\d:\d\d\.\d{3} {2}EVB-CTL {2}→ CALL {3}BootNotification +\{"chargePointVendor":"Schneider Electric"/);
    assert.match(frames[1]!, /^\d\d:\d\d:\d\d\.\d{3} {2}EVB-CTL {2}← RESULT BootNotification +\{"[a-zA-Z]+":/);
    const framesJson = (await ctl('--api', api.url, '--json', 'frames', 'EVB-CTL', 'BootNotification')).out.trim().split('\n');
    assert.equal(framesJson.length, 1);
    assert.deepEqual((JSON.parse(framesJson[0]!) as Array<{ direction: string }>).map((f) => f.direction), ['out', 'in']);
    assert.match((await ctl('--api', api.url, 'list')).out, /OTHER-1/);
    assert.equal((await ctl('--api', api.url, 'plug', 'EVB-CTL', '1')).code, 0);
    const state = JSON.parse((await ctl('--api', api.url, '--json', 'state', 'EVB-CTL')).out) as { connectors: Array<{ status: string }> };
    assert.equal(state.connectors[1]?.status, 'Preparing');
    const call = await ctl('--api', api.url, 'call', 'EVB-CTL', 'ChangeConfiguration', '{"key":"LedIntensity","value":"30"}');
    assert.match(call.out, /"status": "Accepted"/);
    const bad = await ctl('--api', api.url, 'ev', 'EVB-CTL', '1', 'maybe');
    assert.equal(bad.code, 2);
    assert.equal(bad.err.trim().split('\n').length, 1);
    const missing = await ctl('--api', api.url, 'state', 'NOPE');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /TWIN_ERR_FLEET_NO_STATION/);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('chargetwin ctl: add, set-ev, availability, local-list, transactions, remove — with --json answers', async () => {
  const { main } = await import('../../src/cli/main.ts');
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-CTL': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  const run = async (...args: string[]) => {
    const out: string[] = [], err: string[] = [];
    const code = await main(['ctl', '--api', api.url, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const json = async (...args: string[]) => {
    const r = await run('--json', ...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.out.split('\n').length, 1, 'one JSON line');
    return JSON.parse(r.out) as Record<string, unknown> & unknown[];
  };
  try {
    assert.equal((await json('add', 'EVB-CTL2')).id, 'EVB-CTL2');
    await waitFor(() => fleet.get('EVB-CTL2').station.registration === 'Accepted');
    assert.deepEqual(await json('set-ev', 'EVB-CTL2', '1', 'maxCurrentA=16', 'socPercent=20'), { ok: true });
    const ev = ((await json('state', 'EVB-CTL2')).connectors as Array<{ ev?: Record<string, number> }>)[1]?.ev;
    assert.deepEqual([ev?.maxCurrentA, ev?.socPercent], [16, 20]);
    const tooFull = await run('set-ev', 'EVB-CTL2', '1', 'socPercent=500');
    assert.deepEqual([tooFull.code, /TWIN_ERR_API_BAD_REQUEST/.test(tooFull.err)], [1, true]);
    await json('availability', 'EVB-CTL2', '1', 'inoperative');
    await waitFor(() => fleet.get('EVB-CTL2').station.context.status.get(1).status === 'Unavailable');
    await json('availability', 'EVB-CTL2', '1', 'operative');
    assert.deepEqual(await json('local-list', 'EVB-CTL2', 'set', '[{"idTag":"LL-1","status":"Accepted"}]', '4'), { version: 4, entries: [{ idTag: 'LL-1', status: 'Accepted' }] });
    assert.equal((await json('local-list', 'EVB-CTL2')).version, 4);
    assert.deepEqual(await json('transactions', 'EVB-CTL2'), []);
    await json('plug', 'EVB-CTL2', '1');
    assert.deepEqual(await json('badge', 'EVB-CTL2', 'TAG-CTL'), { accepted: true });
    await json('ev', 'EVB-CTL2', '1', 'on');
    await waitFor(() => fleet.get('EVB-CTL2').frames!.list({ action: 'StartTransaction', direction: 'in' }).length === 1);
    const txs = await json('transactions', 'EVB-CTL2') as unknown as Array<{ state: string; idTag: string }>;
    assert.deepEqual(txs.map((t) => [t.state, t.idTag]), [['running', 'TAG-CTL']]);
    const table = (await run('transactions', 'EVB-CTL2')).out.split('\n');
    assert.equal(table[0], 'CONNECTOR\tTRANSACTION\tIDTAG\tSTATE\tMETER\tSTOP REASON');
    assert.match(table[1] ?? '', /^1\t\d+\tTAG-CTL\trunning\t/);
    assert.equal(table.length, 2);
    assert.equal(((await json('csms-transactions')).transactions as unknown[]).length, 1);
    assert.deepEqual(await json('remove', 'EVB-CTL2'), { ok: true });
    assert.match((await run('state', 'EVB-CTL2')).err, /TWIN_ERR_FLEET_NO_STATION/);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('chargetwin ctl against an address where no API listens: exit 1, one line that says what to check', async () => {
  const { main } = await import('../../src/cli/main.ts');
  const { createServer } = await import('node:net');
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const err: string[] = [];
  const code = await main(['ctl', '--api', `http://127.0.0.1:${port}`, 'list'], { out: () => undefined, err: (l) => err.push(l) });
  assert.equal(code, 1);
  assert.equal(err.length, 1);
  assert.match(err[0]!, /^chargetwin ctl: TWIN_ERR_API_UNREACHABLE: cannot reach the control API at http:\/\/127\.0\.0\.1:\d+: .* \(is chargetwin demo or station running there\? --api <url> picks another address; default http:\/\/127\.0\.0\.1:9230\)$/);
});
