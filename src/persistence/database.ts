/**
 * Opens the SQLite database of a process (better-sqlite3, WAL) and brings its schema up to date with the
 * numbered files of migrations/ (forward only, each applied once, in a transaction, recorded in
 * schema_version).
 *
 * Durability: `process` (synchronous=NORMAL) survives a crash or kill -9 of the process at ~20 µs per
 * commit; `power` (synchronous=FULL) also survives a power cut of the machine at one fsync (~140 µs here)
 * per commit. See docs/storage.md.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwinError } from '../shared/errors.ts';
import { flushStateWrites } from './sqlite-stores.ts';

export type Db = Database.Database;
export type Durability = 'process' | 'power';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration { version: number; name: string; sql: string }

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort().map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(`${dir}/${f}`, 'utf8') }));
}

export function schemaVersion(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration newer than the database; returns the versions applied. Each one in an IMMEDIATE
 * transaction that reads the version again under the write lock: processes opening one new database at
 * the same time (several `station --id` on one data folder) apply each migration once.
 */
export function migrate(db: Db, migrations = loadMigrations()): number[] {
  const applied: number[] = [];
  const current = schemaVersion(db);
  if (migrations.every((m) => m.version <= current)) return applied;
  for (const m of migrations) {
    db.transaction(() => {
      if (m.version <= schemaVersion(db)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}

/**
 * The database and its -wal / -shm files are the owner's only (0600), in a folder created 0700: they hold
 * the AuthorizationKey. A new file is created 0600 before SQLite opens it (SQLite gives -wal and -shm the
 * database file's mode); files left 0644 by an older version are tightened.
 */
function ownerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try { chmodSync(f, 0o600); } catch { /* absent, or not ours to change */ }
  }
}

/**
 * How long a statement waits for another process's write lock before it fails (processes share a data
 * folder's database, one per station id). A failed write ends the process; a wait only delays it.
 */
const BUSY_TIMEOUT_MS = 10_000;

export function openDatabase(path: string, options: { durability?: Durability } = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:') ownerOnly(path);
    db = new Database(path);
  } catch (e) {
    throw new TwinError('TWIN_ERR_STORAGE_OPEN', `cannot open the database ${path}: ${(e as Error).message}`, { cause: e });
  }
  // First, so that every later step waits for another process's write lock instead of failing at once.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'power' ? 'FULL' : 'NORMAL'}`);
  migrate(db);
  // Documents saved with `saveSoon` that still wait for their group commit are committed before the
  // database closes (sqlite-stores.ts, decision D32).
  const close = db.close.bind(db);
  db.close = () => { if (db.open) flushStateWrites(db); return close(); };
  return db;
}
