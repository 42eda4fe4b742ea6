import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../csms/index.ts';
import type { Fleet } from '../fleet/index.ts';
import { countingEvery, reportBoots } from './boot-report.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `chargetwin station ...` until its stderr shows the heap compaction that follows the boot summary (or 30 s pass), then stops it with SIGTERM. */
function stationUntilSummary(args: string[], dataDir: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', ...args, '--api-port', '0', '--data-dir', dataDir], { cwd: root });
    let err = '';
    let stopped = false; // one SIGTERM: a second one while it shuts down would kill it the hard way
    const stop = (): void => { if (stopped) return; stopped = true; clearTimeout(timer); p.kill('SIGTERM'); };
    const timer = setTimeout(stop, 30_000);
    p.stderr.on('data', (d) => { err += String(d); if (/^heap compact/m.test(err)) stop(); });
    p.stdout.resume();
    p.on('exit', (code) => resolve({ code, err }));
  });
}

test('station --count N: a progress line while booting and one summary, not N lines; per-station lines with --verbose', async () => {
  const csms = await startCsms({ port: 0 });
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const deadPort = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'chargetwin-count-'))));
  try {
    const [quiet, verbose, failing] = await Promise.all([
      stationUntilSummary(['--csms', csms.url, '--id', 'CNT', '--count', '20'], dirs[0]!),
      stationUntilSummary(['--csms', csms.url, '--id', 'CNTV', '--count', '20', '--verbose'], dirs[1]!),
      stationUntilSummary(['--csms', `ws://127.0.0.1:${deadPort}`, '--id', 'CNTF', '--count', '3'], dirs[2]!),
    ]);

    const lines = quiet.err.trim().split('\n');
    const summaries = lines.filter((l) => / stations booted in /.test(l));
    assert.equal(summaries.length, 1, quiet.err);
    assert.match(summaries[0]!, /^20 of 20 stations booted in \d+\.\d s: 20 accepted, 0 pending, 0 rejected, 0 failed$/);
    assert.equal(lines.filter((l) => /BootNotification/.test(l)).length, 0, `no line per station:\n${quiet.err}`);
    const progress = lines.filter((l) => l.startsWith('booting: '));
    for (const l of progress) assert.match(l, /^booting: \d+\/20 booted \(\d+ accepted, \d+ pending, \d+ rejected\), \d+ failed, \d+ waiting$/);
    assert.ok(!quiet.err.includes('\r'), 'stderr is not a terminal: plain lines, no carriage returns');
    assert.equal(quiet.code, 0, quiet.err);
    // Once the boot wave is over, the heap is compacted once (decision D27), right after the summary.
    const compactions = lines.filter((l) => l.startsWith('heap compact'));
    assert.equal(compactions.length, 1, quiet.err);
    assert.match(compactions[0]!, /^heap compacted after the boot: RSS \d+ → \d+ MiB in \d+\.\d s$/);
    assert.ok(lines.indexOf(compactions[0]!) > lines.indexOf(summaries[0]!), 'after the summary');

    const perStation = verbose.err.split('\n').filter((l) => /^station CNTV-\d{4}: BootNotification Accepted$/.test(l));
    assert.equal(perStation.length, 20, verbose.err);
    assert.match(verbose.err, /^20 of 20 stations booted in \d+\.\d s: 20 accepted/m);

    assert.match(failing.err, /^0 of 3 stations booted in \d+\.\d s: 0 accepted, 0 pending, 0 rejected, 3 failed \(e\.g\. .*ECONNREFUSED.*; they keep retrying\)$/m);
  } finally {
    await csms.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
});

test('boot report on a terminal: the progress line rewrites itself in place (\\r), the summary replaces it on its own line', async () => {
  const members = [0, 1].map(() => ({ station: { registration: 'Unregistered' }, runtime: { lastError: undefined as string | undefined } }));
  const fleet = { list: () => members } as unknown as Fleet;
  let out = '';
  const report = reportBoots({ fleet, tty: true, tickMs: 5, write: (t) => { out += t; } });
  try {
    const until = async (cond: () => boolean): Promise<void> => { for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5)); };
    await until(() => out.includes('0/2'));
    members[0]!.station.registration = 'Accepted';
    await until(() => out.includes('1/2'));
    members[1]!.runtime.lastError = 'connect ECONNREFUSED 127.0.0.1:1';
    await until(() => out.includes('\n'));
    const progress = '\rbooting: 0/2 booted (0 accepted, 0 pending, 0 rejected), 0 failed, 2 waiting\u001b[K'
      + '\rbooting: 1/2 booted (1 accepted, 0 pending, 0 rejected), 0 failed, 1 waiting\u001b[K';
    assert.equal(out.slice(0, progress.length), progress, 'one line, rewritten when the counts change');
    const rest = out.slice(progress.length);
    assert.equal(rest.slice(0, 4), '\r\u001b[K', 'the progress line is cleared first');
    assert.match(rest.slice(4), /^1 of 2 stations booted in \d+\.\d s: 1 accepted, 0 pending, 0 rejected, 1 failed \(e\.g\. connect ECONNREFUSED 127\.0\.0\.1:1; they keep retrying\)\n$/);
  } finally { report.stop(); }
});

test('the boot report counts a large fleet less often: 250 ms up to 6,250 twins, 1 ms per 25 twins above, at most once a second', () => {
  assert.equal(countingEvery(1), 250);
  assert.equal(countingEvery(6250), 250);
  assert.equal(countingEvery(16_667), 667);
  assert.equal(countingEvery(25_000), 1000);
  assert.equal(countingEvery(50_000), 1000);
});

test('boot report: onSettled is called once, after the summary line, and not while twins are still waiting', async () => {
  const members = [0, 1].map(() => ({ station: { registration: 'Unregistered' }, runtime: { lastError: undefined as string | undefined } }));
  const fleet = { list: () => members } as unknown as Fleet;
  const seen: string[] = [];
  const report = reportBoots({ fleet, tty: false, tickMs: 5, write: (t) => { seen.push(t.startsWith('booting') ? 'progress' : 'summary'); }, onSettled: () => seen.push('settled') });
  const ticks = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n * 5 + 20));
  try {
    await ticks(4);
    members[0]!.station.registration = 'Accepted';
    await ticks(4);
    assert.ok(!seen.includes('settled'), 'one twin still waiting: the boot wave is not over');
    members[1]!.station.registration = 'Rejected';
    for (let i = 0; i < 100 && !seen.includes('settled'); i++) await ticks(1);
    await ticks(10); // more ticks would come if the report kept running
    assert.deepEqual(seen.filter((x) => x !== 'progress'), ['summary', 'settled']);
  } finally { report.stop(); }
});

test('boot report: a summary that gave up waiting does not end the boot wave; onSettled comes once the last twin answered', async () => {
  const members = [{ station: { registration: 'Unregistered' }, runtime: { lastError: undefined } }];
  const fleet = { list: () => members } as unknown as Fleet;
  let settled = 0;
  let out = '';
  const report = reportBoots({ fleet, tty: false, tickMs: 5, giveUpMs: 30, write: (t) => { out += t; }, onSettled: () => { settled++; } });
  try {
    for (let i = 0; i < 200 && !/still waiting/.test(out); i++) await new Promise((r) => setTimeout(r, 5));
    assert.match(out, /^0 of 1 stations booted in \d+\.\d s: .*1 still waiting$/m);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, 0, 'a twin still waits: the wave is not over');
    members[0]!.station.registration = 'Accepted';
    for (let i = 0; i < 200 && settled === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, 1);
    assert.equal(out.split('\n').filter((l) => / stations booted in /.test(l)).length, 1, 'one summary, nothing printed after it');
  } finally { report.stop(); }
});
