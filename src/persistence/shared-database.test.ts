/**
 * One data folder, several processes (docs/storage.md): `chargetwin station --id A` and `--id B` may run
 * on the same folder, so the same SQLite file. A transaction that reads before it writes must take the
 * write lock when it begins: begun as a plain (deferred) transaction it reads a snapshot, another process
 * commits, and its first write then fails at once with "database is locked" (the busy timeout does not
 * apply to a stale snapshot), which ended a station process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './database.ts';
import { sqliteStationStore } from './sqlite-stores.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../../test/support/shared-database-writer.ts', import.meta.url));

function writer(file: string, stationId: string, rounds: number): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawn(process.execPath, ['--import', './bin/register-ts.mjs', fixture, file, stationId, String(rounds)], { cwd: root });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += String(d); });
  p.stderr.on('data', (d) => { err += String(d); });
  const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => p.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, err }); }));
}

test('one data folder, several processes: processes created, migrated and writing one new database at the same time all finish, no read-modify-write lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-shared-db-'));
  const file = join(dir, 'chargetwin.db');
  const rounds = 400;
  try {
    const ids = ['A', 'B', 'C'];
    const results = await Promise.all(ids.map((id) => writer(file, id, rounds)));
    for (const [i, r] of results.entries()) assert.deepEqual({ code: r.code, out: r.out.trim(), err: r.err }, { code: 0, out: String(rounds), err: '' }, `process ${ids[i]}`);
    const db = openDatabase(file);
    for (const id of ids) assert.equal(sqliteStationStore(db, id).load('count'), rounds);
    db.close();
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
