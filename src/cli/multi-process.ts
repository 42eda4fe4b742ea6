/**
 * `chargetwin station … --processes P` (docs/sharding.md, "Many processes on one host", decision D23):
 * the fleet as P shard processes on this host. This parent runs no twin: it starts P children, each
 * `chargetwin station … --shard i/P` with the same flags, its control API on loopback port 0 and a token
 * the parent made (in CHARGETWIN_API_TOKEN, never on a command line); it reads each child's API address
 * from its stderr, passes their stderr on prefixed with the shard, and serves one control API in front of
 * them (src/api/fan-out.ts). SIGINT/SIGTERM go to every child; the parent ends when they all have. A child
 * that ends by itself is reported and not restarted; the others keep running, /readyz says so, and the
 * parent's exit status is 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeEnd, startFanOutApi, type ShardEndpoint } from '../api/fan-out.ts';
import { isLoopbackHost } from '../api/request-admission.ts';
import { defaultDataDir } from '../persistence/index.ts';
import { API_TOKEN_ENV, apiHostOption, apiTokenOption, intOption, metricsPublicOption, stringOption, UsageError, type CliIo } from './args.ts';
import { listening } from './port-in-use.ts';
import { openFilesLimit, openFilesReport } from './open-files-limit.ts';
import { planStations } from './station-plan.ts';
import { SHARD_ENV, SHARDS_ENV } from './shard-option.ts';

/** The most shard processes one parent starts. */
export const MAX_PROCESSES = 256;
/** How long a child may take to say where its API listens. */
const START_TIMEOUT_MS = 60_000;
/** How long children may take to end after the parent forwarded a signal, before they are killed. */
const STOP_GRACE_MS = 30_000;

/** Flags the parent keeps for itself: each child gets its own shard and a loopback API. */
const PARENT_ONLY = new Set(['processes', 'api-port', 'api-host', 'api-token', 'metrics-public', 'data-dir', 'help', 'shard']);

/** `--processes P`: an integer 1 … 256, or `auto` (one per core: os.availableParallelism()). */
export function processesOption(values: Record<string, unknown>, cores: () => number = availableParallelism): number | undefined {
  const raw = stringOption(values, 'processes');
  if (raw === undefined) return undefined;
  if (raw === 'auto') return Math.min(Math.max(cores(), 1), MAX_PROCESSES);
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PROCESSES) throw new UsageError(`--processes must be auto or an integer from 1 to ${MAX_PROCESSES}, got "${raw}"`);
  return Number(raw);
}

/** The command-line flags a child gets from the parent's parsed flags, as --name=value. */
export function childFlags(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (PARENT_ONLY.has(name) || v === undefined || v === false) continue;
    if (v === true) out.push(`--${name}`);
    else for (const item of Array.isArray(v) ? v : [v]) out.push(`--${name}=${String(item)}`);
  }
  return out;
}

/** A data folder template with `{shard}` in it: one folder per child (a folder without it gets shard-{shard} inside). */
export function perShardDataDir(dataDir: string): string {
  return dataDir.includes('{shard}') ? dataDir : join(dataDir, 'shard-{shard}');
}

const API_LINE = /dashboard and control API on (http:\/\/[^\s/]+)/;

interface Child extends ShardEndpoint { process: ChildProcess; exited: Promise<void> }

export async function runProcesses(values: Record<string, unknown>, processes: number, io: CliIo): Promise<number> {
  if (values.shard !== undefined || process.env[SHARD_ENV] || process.env[SHARDS_ENV]) {
    throw new UsageError(`--processes runs every shard of the fleet on this host: it does not mix with --shard, ${SHARD_ENV} or ${SHARDS_ENV}`);
  }
  // Checked here, before any child starts: each shard's plan, and which shard runs which id.
  const owner = new Map<string, number>();
  let largest = 0;
  for (let i = 0; i < processes; i++) {
    const plan = planStations(values, undefined, { shard: { index: i, count: processes }, from: '--processes' });
    for (const spec of plan.specs) owner.set(spec.id, i);
    largest = Math.max(largest, plan.specs.length);
  }
  const apiPort = intOption(values, 'api-port', 9230);
  const apiToken = apiTokenOption(values);
  const apiHost = apiHostOption(values, apiToken, isLoopbackHost);
  const publicMetrics = metricsPublicOption(values);
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('--processes needs the chargetwin command to start its children (no script path in process.argv)');
  const dataDir = perShardDataDir(stringOption(values, 'data-dir') ?? defaultDataDir());
  const shardToken = randomBytes(24).toString('hex');
  io.err(openFilesReport(openFilesLimit(), largest));
  io.err(`${processes} shard processes of ${owner.size} twins; data folders ${dataDir}`);

  let stopping = false;
  let failed = false;
  const children: Child[] = [];
  for (let i = 0; i < processes; i++) {
    const args = [...process.execArgv, entry, 'station', ...childFlags(values), `--shard=${i}/${processes}`, '--api-port=0', '--api-host=127.0.0.1', `--data-dir=${dataDir}`];
    const env = { ...process.env, [API_TOKEN_ENV]: shardToken };
    // Its own process group: a Ctrl-C at the terminal reaches the parent alone, which passes it on once
    // (twice, a second SIGINT would end the child on the spot, without its orderly shutdown).
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'pipe'], detached: true });
    const child: Child = { index: i, url: undefined, pid: p.pid, ended: undefined, process: p, exited: new Promise((resolve) => { p.once('close', () => resolve()); p.once('error', () => resolve()); }) };
    createInterface({ input: p.stderr! }).on('line', (line) => {
      const m = child.url === undefined ? API_LINE.exec(line) : null;
      if (m) child.url = m[1]!;
      io.err(`shard ${i}/${processes}: ${line}`);
    });
    p.once('exit', (code, signal) => {
      child.ended = { code, signal };
      if (!stopping) {
        failed = true;
        io.err(`shard ${i}/${processes} (pid ${p.pid ?? '?'}) ended by itself with ${describeEnd(child.ended)}; not restarted: its twins are down, the other shards keep running and this command will exit 1`);
      } else if (code !== 0) {
        failed = true;
        io.err(`shard ${i}/${processes} (pid ${p.pid ?? '?'}) ended with ${describeEnd(child.ended)} while stopping`);
      }
    });
    p.once('error', (e) => {
      child.ended ??= { code: null, signal: null };
      failed = true;
      io.err(`shard ${i}/${processes}: cannot start or signal it: ${e.message}`);
    });
    children.push(child);
  }
  io.err(`shard processes: ${children.map((c) => `${c.index}/${processes} pid ${c.pid ?? '?'}`).join(', ')}`);

  const allEnded = Promise.all(children.map((c) => c.exited));
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const c of children) if (c.ended === undefined) c.process.kill(signal);
  };
  let killTimer: NodeJS.Timeout | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    if (!stopping) io.err(`${signal}: passed on to the shard processes; waiting for them to end`);
    stopAll(signal);
    killTimer ??= setTimeout(() => { io.err(`shard processes still running after ${STOP_GRACE_MS / 1000} s: killing them`); stopAll('SIGKILL'); }, STOP_GRACE_MS);
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const finish = async (): Promise<number> => {
    await allEnded;
    if (killTimer) clearTimeout(killTimer);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    return failed || children.some((c) => c.ended?.code !== 0) ? 1 : 0;
  };

  // Every child says where its API listens, or the start fails and the others are stopped.
  const started = Date.now();
  while (children.some((c) => c.url === undefined)) {
    const early = children.find((c) => c.ended !== undefined && c.url === undefined);
    if (early || stopping || Date.now() - started > START_TIMEOUT_MS) {
      if (!early && !stopping) io.err(`shard processes did not report their control API within ${START_TIMEOUT_MS / 1000} s: stopping them`);
      stopAll('SIGTERM');
      const status = await finish();
      return interrupted && !early ? status : 1; // stopped by a signal while starting: as after it
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  let api;
  try {
    api = await listening(startFanOutApi({ shards: () => children, shardToken, plannedShardOf: (id) => owner.get(id), port: apiPort, host: apiHost, ...(apiToken !== undefined ? { token: apiToken } : {}), publicMetrics }), 'control API', '--api-port', apiPort);
  } catch (e) {
    stopAll('SIGTERM');
    await finish();
    throw e;
  }
  io.err(`control API over ${processes} shard processes on ${api.url} (/api/fleet, /api/stations/{id}/…, /api/shards, /metrics, /healthz, /readyz)`);
  const status = await finish();
  await api.close();
  return status;
}
