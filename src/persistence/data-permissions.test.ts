import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.ts';
import { ensureDataDir } from './data-dir.ts';

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

test('the data folder is created 0700 and the SQLite files (database, -wal, -shm) 0600, whatever the umask; an older 0644 database is tightened', () => {
  const root = mkdtempSync(join(tmpdir(), 'chargetwin-perm-'));
  const before = process.umask(0o022);
  try {
    const dataDir = join(root, 'a', 'data');
    ensureDataDir(dataDir);
    assert.equal(mode(dataDir), '700');
    const path = join(root, 'b', 'chargetwin.db');
    const db = openDatabase(path);
    db.exec("INSERT INTO schema_version (version) VALUES (999)");
    assert.deepEqual([mode(join(root, 'b')), mode(path), mode(`${path}-wal`), mode(`${path}-shm`)], ['700', '600', '600', '600']);
    db.close();
    const old = join(root, 'old.db');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    openDatabase(old).close();
    assert.equal(mode(old), '600');
  } finally { process.umask(before); rmSync(root, { recursive: true, force: true }); }
});
