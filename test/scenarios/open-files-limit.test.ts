/**
 * Open files and big fleets (issue 17 item 2, docs/sharding.md "Open files", D37). A twin holds one file
 * (its websocket) and the limit counts per process. Node raises its soft limit to the hard one when it
 * starts, so a fleet is not held back by a low soft limit it inherited; only the hard limit counts, and
 * a process whose twins do not fit under it says so before connecting. Linux only (reads /proc, sets
 * limits through /bin/sh's ulimit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCsms } from '../../src/csms/index.ts';
import { shardIds } from '../../src/fleet/shard.ts';
import { startStationProcess, type StationProcess } from '../support/station-process.ts';
import { waitFor } from '../support/wait-for.ts';

const SCRUB = ['CHARGETWIN_SHARD', 'CHARGETWIN_SHARDS', 'JOB_COMPLETION_INDEX', 'CHARGETWIN_API_TOKEN', 'CHARGETWIN_API_HOST'];
const skip = process.platform !== 'linux' ? 'reads /proc and sets limits with /bin/sh' : false;

/** `chargetwin station …` started by a shell that first runs `ulimit <limitFlags>` (e.g. -Sn 200). */
const stationUnder = (limitFlags: string, args: string[]): StationProcess => startStationProcess(args, { scrub: SCRUB, ulimit: limitFlags, killAfterMs: 100_000 });

const limitsOf = (pid: number | 'self'): { soft: number; hard: number } => {
  const m = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))!;
  return { soft: Number(m[1]), hard: Number(m[2]) };
};
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

test('issue 17 item 2: started with a soft open-files limit of 200, `--count 400 --processes 2` runs the parent and each shard at the hard limit (node raises the soft limit it inherits), and all 400 twins boot', { skip, timeout: 120_000 }, async () => {
  const { hard } = limitsOf('self');
  const csms = await startCsms({});
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-nofile-'));
  // 200 twins per shard plus the database, API and stdio do not fit under 200 files.
  const run = stationUnder('-Sn 200', ['--csms', csms.url, '--id', 'EVN', '--count', '400', '--processes', '2', '--data-dir', dir]);
  const expected = shardIds('EVN', 400);
  let pids: number[] = [];
  try {
    await waitFor(() => /control API over 2 shard processes/.test(run.err()) || run.p.exitCode !== null, 60_000, () => `fleet up: ${run.err()}`);
    assert.deepEqual(limitsOf(run.p.pid!), { soft: hard, hard }, 'the parent: raised from 200 when node started');
    assert.match(run.err(), new RegExp(`open-files limit ${hard} \\(hard ${hard}\\) per process: enough for 200 twins per shard`));
    pids = [...run.err().matchAll(/\d+\/\d+ pid (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.deepEqual(limitsOf(pid), { soft: hard, hard }, `shard pid ${pid} runs at the hard limit`);
    await waitFor(() => expected.every((id) => csms.station(id)?.boot !== undefined) || run.p.exitCode !== null, 60_000, () => `all 400 booted: ${expected.filter((id) => csms.station(id)?.boot === undefined).length} missing; ${run.err().slice(-2000)}`);
    assert.doesNotMatch(run.err(), /EMFILE|warning: open-files/);
    run.p.kill('SIGTERM');
    assert.equal((await run.exited).code, 0, run.err());
  } finally {
    run.p.kill('SIGKILL');
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lone `station --count 400` under a hard open-files limit of 300 warns before connecting that its twins do not fit, naming what raises the hard limit', { skip, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-nofile-'));
  // Lowering a hard limit needs no privilege; 400 twins need about 464 files.
  const run = stationUnder('-n 300', ['--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'EVW', '--count', '400', '--data-dir', dir]);
  try {
    await waitFor(() => /warning: open-files/.test(run.err()) || run.p.exitCode !== null, 30_000, () => `the warning: ${run.err()}`);
    assert.match(run.err(), /warning: open-files limit 300 \(hard 300\) per process is below the ~464 a process of 400 twins needs; node already runs at the hard limit: raise that before starting \(ulimit -n as root, systemd LimitNOFILE, docker --ulimit nofile=…\)/);
    run.p.kill('SIGTERM');
    await run.exited;
  } finally {
    run.p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
