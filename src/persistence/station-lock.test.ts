import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TwinError } from '../shared/errors.ts';
import { lockFile, lockStations } from './station-lock.ts';

/** A PID that was alive a moment ago and is not now (a process that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(r.stdout));
}

test('one process per station in a data folder: a live owner refuses the lock naming folder, station and PID; all or none are taken; release removes only our locks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-lock-'));
  try {
    const owner = process.ppid; // alive for as long as this test runs
    mkdirSync(join(dir, 'locks'));
    writeFileSync(lockFile(dir, 'B'), `${owner}\n`);
    assert.throws(() => lockStations(dir, ['A', 'B']), (e: unknown) => {
      assert.ok(e instanceof TwinError && e.code === 'TWIN_ERR_STORAGE_LOCKED');
      assert.equal(e.message, `data folder ${dir} is in use: station B is run by process ${owner} (lock file ${lockFile(dir, 'B')})`);
      return true;
    });
    assert.equal(existsSync(lockFile(dir, 'A')), false, 'A, taken before B was refused, is released');
    const held = lockStations(dir, ['A', 'C/x?']);
    assert.equal(readFileSync(lockFile(dir, 'A'), 'utf8'), `${process.pid}\n`);
    assert.equal(lockFile(dir, 'C/x?'), join(dir, 'locks', 'C%2Fx%3F.lock'));
    assert.throws(() => lockStations(dir, ['A'], process.ppid), /station A is run by process/);
    held.release();
    assert.deepEqual([existsSync(lockFile(dir, 'A')), existsSync(lockFile(dir, 'C/x?')), existsSync(lockFile(dir, 'B'))], [false, false, true]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('one process per station: a stale lock (its PID dead after kill -9, or our own PID reused) is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-lock-'));
  try {
    mkdirSync(dirname(lockFile(dir, 'S')), { recursive: true });
    writeFileSync(lockFile(dir, 'S'), `${deadPid()}\n`);
    writeFileSync(lockFile(dir, 'T'), `${process.pid}\n`);
    const held = lockStations(dir, ['S', 'T']);
    assert.equal(readFileSync(lockFile(dir, 'S'), 'utf8'), `${process.pid}\n`);
    held.release();
    assert.equal(existsSync(lockFile(dir, 'S')), false);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('one process per station: the locks of one call are links to one complete file holding our PID, and no temporary file is left behind, taken or refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-lock-'));
  try {
    const ids = Array.from({ length: 200 }, (_, i) => `EVB-${String(i + 1).padStart(4, '0')}`);
    const held = lockStations(dir, ids);
    const names = readdirSync(join(dir, 'locks')).sort();
    assert.deepEqual(names, ids.map((id) => `${id}.lock`).sort(), 'exactly the lock files');
    for (const id of ids) assert.equal(readFileSync(lockFile(dir, id), 'utf8'), `${process.pid}\n`);
    assert.throws(() => lockStations(dir, ['NEW-1', 'EVB-0100'], process.ppid), /station EVB-0100 is run by process/);
    assert.deepEqual(readdirSync(join(dir, 'locks')).sort(), names, 'the refused call took nothing and left no temporary file');
    held.release();
    assert.deepEqual(readdirSync(join(dir, 'locks')), []);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
