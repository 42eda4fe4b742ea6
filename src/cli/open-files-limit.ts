/**
 * The open-files limit of this process, for `station --processes` (docs/sharding.md, "Many processes on
 * one host"). Node cannot raise it (there is no setrlimit), so the shell (`ulimit -n`), systemd
 * (LimitNOFILE) or the container runtime (`--ulimit nofile=…`) raises it; the parent reads it, says it,
 * and warns when a shard's twins (one websocket each) would not fit. Children inherit the limit, and it
 * counts per process.
 */
import { readFileSync } from 'node:fs';

export interface OpenFilesLimit { soft: number; hard: number }

/** Files a process opens besides its twins' sockets: the database, its journal, the API, stdio, locks. */
export const OPEN_FILES_OVERHEAD = 64;

/** The "Max open files" line of /proc/<pid>/limits; undefined when the text has none (or says unlimited). */
export function parseOpenFilesLimit(limitsText: string): OpenFilesLimit | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limitsText);
  if (!m) return undefined;
  const n = (s: string): number => (s === 'unlimited' ? Infinity : Number(s));
  return { soft: n(m[1]!), hard: n(m[2]!) };
}

/** This process's limit on Linux; undefined elsewhere (no /proc). */
export function openFilesLimit(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): OpenFilesLimit | undefined {
  try { return parseOpenFilesLimit(read('/proc/self/limits')); } catch { return undefined; }
}

/** The line the parent prints about the limit: a warning when `twinsPerProcess` sockets do not fit. */
export function openFilesReport(limit: OpenFilesLimit | undefined, twinsPerProcess: number): string {
  if (!limit) return 'open-files limit unknown on this system (no /proc/self/limits); each shard process needs about one per twin';
  const need = twinsPerProcess + OPEN_FILES_OVERHEAD;
  const hard = limit.hard === Infinity ? 'unlimited' : String(limit.hard);
  if (need <= limit.soft) return `open-files limit ${limit.soft} (hard ${hard}) per process: enough for ${twinsPerProcess} twins per shard`;
  return `warning: open-files limit ${limit.soft} (hard ${hard}) per process is below the ~${need} a shard of ${twinsPerProcess} twins needs; `
    + 'raise it before starting (ulimit -n, systemd LimitNOFILE, docker --ulimit nofile=…) or use more processes';
}
