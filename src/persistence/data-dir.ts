/** Where durable state lives by default: $XDG_DATA_HOME/chargetwin, else ~/.local/share/chargetwin. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'chargetwin');
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'chargetwin.db');
}
