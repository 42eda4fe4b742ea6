/**
 * `--history` of `chargetwin station` and `demo` (decision D29), seen from the control API: the mode each
 * twin records in, by flag and by the fleet's size; a bad value is a usage error before anything starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (l) => err.push(l) });
  return { code, err: err.join('\n') };
}

/** Starts `chargetwin station …` with a fresh data folder, reads the API address, runs `fn`, then stops it (bounded: 20 s). */
async function withStationCommand(args: string[], fn: (api: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-history-'));
  const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--csms', 'ws://127.0.0.1:1/ocpp', '--api-port', '0', '--data-dir', dir, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const killer = setTimeout(() => p.kill('SIGKILL'), 20_000);
  try {
    const api = await new Promise<string>((resolve, reject) => {
      let err = '';
      p.stderr.on('data', (d) => {
        err += String(d);
        const m = /dashboard and control API on (http:\/\/[^\s/]+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      p.once('exit', (code) => reject(new Error(`station exited ${code}: ${err}`)));
    });
    await fn(api);
  } finally {
    const exited = new Promise((r) => p.once('exit', r));
    if (p.exitCode === null) p.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  }
}

const recording = async (api: string, id: string): Promise<{ mode: string; recording: boolean; since: number | null }> =>
  ((await (await fetch(`${api}/api/stations/${id}/connectors/1/history`)).json()) as { recording: { mode: string; recording: boolean; since: number | null } }).recording;

test('station --history off: the twins keep no chart history, and the API says so', { timeout: 30_000 }, async () => {
  await withStationCommand(['--id', 'HOFF', '--count', '2', '--history', 'off'], async (api) => {
    assert.deepEqual(await recording(api, 'HOFF-0001'), { mode: 'off', recording: false, since: null });
  });
});

test('station without --history: a fleet of 1,001 twins records only the stations viewed, from the first request on', { timeout: 60_000 }, async () => {
  await withStationCommand(['--id', 'HV', '--count', '1001'], async (api) => {
    const r = await recording(api, 'HV-0007');
    assert.equal(r.mode, 'viewed');
    assert.equal(r.recording, true, 'the request started it');
    assert.equal(typeof r.since, 'number');
    assert.equal((await recording(api, 'HV-0007')).since, r.since);
  });
});

test('--history with a value other than all, viewed or off: usage error (exit 2) for station and demo', async () => {
  const station = await run('station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'X', '--history', 'some');
  assert.equal(station.code, 2);
  assert.match(station.err, /--history must be one of all, viewed, off, got "some"/);
  const demo = await run('demo', '--history', 'everything');
  assert.equal(demo.code, 2);
  assert.match(demo.err, /--history must be one of all, viewed, off/);
});
