/** Where durable state lives by default: $XDG_DATA_HOME/chargetwin, else ~/.local/share/chargetwin. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'chargetwin');
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'chargetwin.db');
}

/** Creates the data folder (and any missing parent) owner-only, 0700; an existing folder is left as it is. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}
