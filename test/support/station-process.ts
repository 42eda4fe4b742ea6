/**
 * A real `chargetwin station …` process for the tests that need one (shards, --processes, data folders,
 * open-files limits): its stdout and stderr kept as text, its end as a promise, and a kill after a real-time
 * bound so a hang fails its test instead of holding the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface StationProcess {
  p: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StationProcessOptions {
  /** Added to the environment (after `scrub`); CHARGETWIN_AUTH_KEY is emptied unless given here. */
  env?: NodeJS.ProcessEnv;
  /** Variables of this process's environment the child must not inherit. */
  scrub?: readonly string[];
  /** Killed (SIGKILL) after this much real time. Default 60 s. */
  killAfterMs?: number;
  /** Started by /bin/sh after `ulimit <flags>` (e.g. "-Sn 200"), which then execs the command. */
  ulimit?: string;
}

/** Starts `chargetwin station --api-port 0 <args>` from the checkout. */
export function startStationProcess(args: string[], o: StationProcessOptions = {}): StationProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(o.scrub ?? []).includes(k)));
  const command = [process.execPath, 'bin/chargetwin.js', 'station', '--api-port', '0', ...args];
  const [file, ...argv] = o.ulimit === undefined ? command : ['/bin/sh', '-c', `ulimit ${o.ulimit} && exec "$0" "$@"`, ...command];
  const p = spawn(file!, argv, { cwd: root, env: { ...inherited, CHARGETWIN_AUTH_KEY: '', ...o.env } });
  let out = '', err = '';
  p.stdout!.on('data', (d) => { out += String(d); });
  p.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => p.kill('SIGKILL'), o.killAfterMs ?? 60_000);
  void exited.then(() => clearTimeout(timer));
  return { p, out: () => out, err: () => err, exited };
}
