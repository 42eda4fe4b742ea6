/**
 * One process per station in a data folder (docs/storage.md, "One process per station"). Two processes
 * running the same charge point id on one database would share its durable state and its queue and both
 * connect as that id. Each process therefore holds, for every station it runs, a lock file
 * `<data-dir>/locks/<id>.lock` holding its PID:
 * - taken atomically: the PID is written to a private temporary file which is then hard-linked to the
 *   lock's name (link fails if the name exists), so a lock file is never seen half written. One
 *   temporary file serves all the locks of one call (their content is the same PID): a shard of 16,000
 *   twins then makes 16,000 links instead of 16,000 file writes and removals, which took seconds;
 * - a lock whose PID is no longer alive (kill -9, a power cut), or is our own PID (a PID reused after a
 *   reboot: we are only starting), is stale: it is read again, removed if unchanged, and taken;
 * - released when the process closes its stations, and on `exit` as a last resort; only a lock still
 *   holding our PID is removed.
 * Stations of one process share the folder freely; other ids in the same folder run in other processes.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TwinError } from '../shared/errors.ts';

export interface StationLocks {
  /** The lock files held. */
  readonly files: readonly string[];
  release(): void;
}

/** The lock file of a station id: characters other than letters, digits, `.`, `_` and `-` as %XX (ids have no `%`). */
export function lockFile(dataDir: string, stationId: string): string {
  const safe = stationId.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return join(dataDir, 'locks', `${safe}.lock`);
}

/** Whether a process with that PID exists (EPERM: it exists, another user's). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const readOrUndefined = (file: string): string | undefined => {
  try { return readFileSync(file, 'utf8'); } catch { return undefined; }
};

/** Links the complete lock file `temp` (holding `pid`) to the station's lock name, taking over a stale lock. */
function take(file: string, temp: string, dataDir: string, stationId: string, pid: number): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { linkSync(temp, file); return; } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
    const held = readOrUndefined(file);
    if (held === undefined) continue; // released meanwhile: try again
    const owner = Number.parseInt(held, 10);
    if (owner !== pid && processAlive(owner)) {
      throw new TwinError('TWIN_ERR_STORAGE_LOCKED', `data folder ${dataDir} is in use: station ${stationId} is run by process ${owner} (lock file ${file})`, { details: { dataDir, stationId, pid: owner } });
    }
    // Stale: remove it only if it still holds what we judged (another starter may have taken it over).
    if (readOrUndefined(file) === held) { try { unlinkSync(file); } catch { /* gone already */ } }
  }
  throw new TwinError('TWIN_ERR_STORAGE_LOCKED', `data folder ${dataDir}: could not take the lock of station ${stationId} (${file}); another process keeps taking it`);
}

/** Takes the locks of `stationIds` in `dataDir`, all or none (a refusal releases those already taken). */
export function lockStations(dataDir: string, stationIds: readonly string[], pid = process.pid): StationLocks {
  mkdirSync(join(dataDir, 'locks'), { recursive: true, mode: 0o700 });
  const files: string[] = [];
  const release = (): void => {
    process.removeListener('exit', release);
    for (const f of files.splice(0)) {
      if (readOrUndefined(f) === `${pid}\n`) { try { unlinkSync(f); } catch { /* already gone */ } }
    }
  };
  process.on('exit', release);
  const temp = join(dataDir, 'locks', `.${pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, `${pid}\n`, { mode: 0o600 });
    for (const id of stationIds) {
      const f = lockFile(dataDir, id);
      take(f, temp, dataDir, id, pid);
      files.push(f);
    }
  } catch (e) {
    release();
    throw e;
  } finally {
    try { unlinkSync(temp); } catch { /* never written, or gone */ }
  }
  return { files, release };
}
