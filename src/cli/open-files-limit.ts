/**
 * The open-files limit of this process, for `station --processes` and large `station --count` fleets
 * (docs/sharding.md, "Many processes on one host"; issue 17 item 2). A twin holds one file (its
 * websocket), and the limit counts per process. Node raises its own soft limit to the hard one when it
 * starts (PlatformInit in node.cc), so every process of ours (the parent, each shard, a lone `station`)
 * already runs at the hard limit whatever soft limit it inherited (test: "issue 17 item 2: started with a
 * soft open-files limit of 200 …"). What is left to check is the hard limit: the process reads
 * `/proc/self/limits`, says it, and warns when twins would not fit; only the shell as root (`ulimit -n`),
 * systemd (LimitNOFILE) or the container runtime (`--ulimit nofile=…`) can raise that (D37).
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
export function openFilesReport(limit: OpenFilesLimit | undefined, twinsPerProcess: number, what: 'shard' | 'process' = 'shard'): string {
  if (!limit) return 'open-files limit unknown on this system (no /proc/self/limits); each shard process needs about one per twin';
  const need = twinsPerProcess + OPEN_FILES_OVERHEAD;
  const hard = limit.hard === Infinity ? 'unlimited' : String(limit.hard);
  if (need <= limit.soft) return `open-files limit ${limit.soft} (hard ${hard}) per process: enough for ${twinsPerProcess} twins per ${what}`;
  return `warning: open-files limit ${limit.soft} (hard ${hard}) per process is below the ~${need} a ${what} of ${twinsPerProcess} twins needs; `
    + 'node already runs at the hard limit: raise that before starting (ulimit -n as root, systemd LimitNOFILE, docker --ulimit nofile=…) or use more processes';
}
