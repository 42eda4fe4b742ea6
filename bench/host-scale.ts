/**
 * Issue 17 item 4 on one host (decision D26), measured by `npm run bench`:
 * - a fleet of booted idle twins as a user runs it across processes, `chargetwin station --count N
 *   --processes P --csms … --csms …`, against C central-system processes (the embedded CSMS,
 *   bench/peers/csms-boot-server.ts) that the stations are spread over by index: time until every twin is
 *   Accepted, aggregate boots/s, and RSS per twin summed over the shard processes over a baseline of the
 *   same command with one twin per shard;
 * - the embedded CSMS (validation on) under 1,000 connections from two raw client processes with a
 *   bounded window of CALLs in flight each, beside the raw ws floor (a bare ws server that parses each
 *   CALL and answers) driven by the same clients in the same run.
 * Every wait is bounded; a fleet that does not reach all Accepted in time is reported as far as it got.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Figure } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const register = new URL('../bin/register-ts.mjs', import.meta.url).href;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A child process whose stdout lines are read one by one as JSON, and whose stderr lines are kept. */
class Peer {
  readonly child: ChildProcess;
  readonly errLines: string[] = [];
  readonly #lines: string[] = [];
  #wake: (() => void) | undefined;
  #exited = false;
  constructor(args: string[], onErrLine?: (line: string) => void) {
    this.child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (l) => { this.#lines.push(l); this.#wake?.(); });
    createInterface({ input: this.child.stderr! }).on('line', (l) => {
      this.errLines.push(l);
      if (this.errLines.length > 200) this.errLines.shift();
      onErrLine?.(l);
    });
    this.child.once('exit', () => { this.#exited = true; this.#wake?.(); });
  }
  static ts(file: string, ...a: string[]): Peer { return new Peer(['--import', register, file, ...a]); }
  async next(timeoutMs: number): Promise<Record<string, unknown>> {
    const until = Date.now() + timeoutMs;
    while (this.#lines.length === 0) {
      if (this.#exited) throw new Error(`peer exited: ${this.errLines.slice(-5).join(' | ')}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`peer gave no line in ${timeoutMs / 1000} s`);
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.#wake = () => { clearTimeout(t); r(); }; });
      this.#wake = undefined;
    }
    return JSON.parse(this.#lines.shift()!) as Record<string, unknown>;
  }
  async ask(timeoutMs = 10_000, line = '?'): Promise<Record<string, unknown>> { this.child.stdin!.write(`${line}\n`); return this.next(timeoutMs); }
  get running(): boolean { return !this.#exited && this.child.exitCode === null; }
  kill(): void { if (this.running) this.child.kill('SIGKILL'); }
}

function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch { return NaN; }
}

/** User and kernel CPU a process has used so far, ms (clock ticks of /proc/<pid>/stat; 0 once it is gone). */
function cpuOf(pid: number): { user: number; kernel: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { user: Number(f[11]) * 10, kernel: Number(f[12]) * 10 };
  } catch { return { user: 0, kernel: 0 }; }
}

/**
 * The CPU both sides of a boot wave spent during it, read every time the wave is polled: the sum over the
 * given processes at the last poll that saw no connection yet, and at the poll that saw the last boot.
 */
class WaveCpu {
  #before: { user: number; kernel: number } | undefined;
  #after: { user: number; kernel: number } | undefined;
  constructor(readonly pids: () => number[]) {}
  #sum(): { user: number; kernel: number } {
    return this.pids().map(cpuOf).reduce((a, c) => ({ user: a.user + c.user, kernel: a.kernel + c.kernel }), { user: 0, kernel: 0 });
  }
  /** Called at each poll: `started` once a connection was seen. */
  poll(started: boolean): void {
    const now = this.#sum();
    if (!started) this.#before = now; else this.#after = now;
  }
  /** µs of CPU per boot (user, kernel), or undefined when the wave was not seen from before it began. */
  perBoot(boots: number): { user: number; kernel: number } | undefined {
    if (!this.#before || !this.#after || boots <= 0) return undefined;
    return { user: ((this.#after.user - this.#before.user) * 1000) / boots, kernel: ((this.#after.kernel - this.#before.kernel) * 1000) / boots };
  }
}

interface FleetRun {
  /** Twins Accepted when the wait ended (all of them, or as far as it got). */
  accepted: number;
  errorsOut: number;
  /** From spawning the command to the last Accepted boot (process starts included), ms. */
  wallMs: number;
  /** From the first connection a central system saw to the last Accepted boot, ms. */
  bootMs: number;
  /** RSS of each shard process, bytes, `settleMs` after every shard compacted its heap (or 30 s passed). */
  shardRss: number[];
  parentRss: number;
  csmsRss: number[];
  /** CPU per boot of the shards, the parent and the central systems together over the boot wave, µs. */
  cpuPerBoot: { user: number; kernel: number } | undefined;
}

/**
 * `chargetwin station --count n --processes p` against the given central systems until every twin is
 * Accepted (or `limitMs` passed), then its shards' RSS `settleMs` after each compacted its heap (D27);
 * then the command is stopped.
 */
async function runFleet(n: number, p: number, servers: Peer[], urls: string[], limitMs: number, settleMs: number): Promise<FleetRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargetwin-bench-procs-'));
  await Promise.all(servers.map((s) => s.ask(10_000, 'reset')));
  const shardPids: number[] = [];
  let compacted = 0;
  const cmd = new Peer([join(root, 'bin/chargetwin.js'), 'station', '--id=HOST', `--count=${n}`, `--processes=${p}`, ...urls.map((u) => `--csms=${u}`), '--api-port=0', `--data-dir=${dataDir}`], (line) => {
    const m = /^shard processes: (.*)$/.exec(line);
    if (m) for (const pid of m[1]!.matchAll(/pid (\d+)/g)) shardPids.push(Number(pid[1]));
    if (/^shard \d+\/\d+: heap compact/.test(line)) compacted++;
  });
  const t0 = Date.now();
  const cpu = new WaveCpu(() => [...shardPids, ...(cmd.child.pid ? [cmd.child.pid] : []), ...servers.map((s) => s.child.pid!)]);
  try {
    let accepted = 0, errorsOut = 0, first = Infinity, last = t0;
    for (;;) {
      await sleep(250);
      const now = await Promise.all(servers.map((s) => s.ask()));
      accepted = now.reduce((a, r) => a + (r.accepted as number), 0);
      errorsOut = now.reduce((a, r) => a + (r.errorsOut as number), 0);
      first = Math.min(...now.map((r) => (r.firstConnectAt as number | undefined) ?? Infinity));
      last = Math.max(t0, ...now.map((r) => (r.lastAcceptedAt as number | undefined) ?? 0));
      if (shardPids.length === p) cpu.poll(Number.isFinite(first));
      if (accepted >= n || Date.now() - t0 > limitMs || !cmd.running) break;
    }
    // Each shard compacts its heap once its boot wave is over (decision D27): the RSS is taken `settleMs`
    // after the last shard said so (at most 30 s of waiting for that), as a user's idle fleet would be.
    const until = Date.now() + 30_000;
    while (compacted < p && cmd.running && Date.now() < until) await sleep(100);
    await sleep(settleMs);
    const csmsRss = (await Promise.all(servers.map((s) => s.ask()))).map((r) => r.rss as number);
    return { accepted, errorsOut, wallMs: last - t0, bootMs: last - (Number.isFinite(first) ? first : t0), shardRss: shardPids.map(rssOf), parentRss: cmd.child.pid ? rssOf(cmd.child.pid) : NaN, csmsRss, cpuPerBoot: cpu.perBoot(accepted) };
  } finally {
    // SIGTERM to the parent passes on to the shards (orderly close); whatever still runs after 30 s is killed.
    if (cmd.running) cmd.child.kill('SIGTERM');
    const until = Date.now() + 30_000;
    while (cmd.running && Date.now() < until) await sleep(200);
    cmd.kill();
    for (const pid of shardPids) { try { process.kill(pid, 'SIGKILL'); } catch { /* already ended */ } }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The floor of the same boot wave (decision D28): n bare ws clients in p processes (256 handshakes in
 * flight each, as the product's gate) against c bare ws servers (bench/peers/raw-boot-floor.ts), each
 * client doing what a twin's boot does on the wire (the handshake, BootNotification, StatusNotification
 * for connectors 0 and 1, one CALL in flight) with no OCPP library, validation, state or frame log.
 * Boots/s = n / (last Accepted − first connection), read from the servers as for the twins.
 */
async function bootWaveFloor(n: number, p: number, c: number, limitMs: number): Promise<{ accepted: number; bootMs: number; cpuPerBoot: { user: number; kernel: number } | undefined }> {
  const servers = Array.from({ length: c }, () => Peer.ts('bench/peers/raw-boot-floor.ts', 'server', String(LISTENERS_PER_CSMS)));
  const clients: Peer[] = [];
  try {
    const urls = (await Promise.all(servers.map((s) => s.next(60_000)))).flatMap((r) => r.urls as string[]);
    const per = Math.ceil(n / p);
    for (let k = 0; k < p; k++) clients.push(Peer.ts('bench/peers/raw-boot-floor.ts', 'client', String(Math.min(per, n - k * per)), ...urls));
    const t0 = Date.now();
    const cpu = new WaveCpu(() => [...clients, ...servers].map((x) => x.child.pid!));
    let accepted = 0, first = Infinity, last = 0;
    for (;;) {
      await sleep(250);
      const now = await Promise.all(servers.map((s) => s.ask()));
      accepted = now.reduce((a, r) => a + (r.accepted as number), 0);
      first = Math.min(...now.map((r) => (r.firstConnectAt as number | undefined) ?? Infinity));
      last = Math.max(0, ...now.map((r) => (r.lastAcceptedAt as number | undefined) ?? 0));
      cpu.poll(Number.isFinite(first));
      if (accepted >= n || Date.now() - t0 > limitMs || clients.some((cl) => !cl.running)) break;
    }
    return { accepted, bootMs: Number.isFinite(first) ? last - first : NaN, cpuPerBoot: cpu.perBoot(accepted) };
  } finally {
    for (const cl of clients) cl.kill();
    for (const s of servers) s.kill();
  }
}

/**
 * Listening ports per central-system process. Every twin connects from 127.0.0.1, and Linux's search for a
 * free ephemeral port towards one address and port grows steep past about 12,000 connections (D28): two
 * ports per process keep each under 8,400 at 50,000 twins, as a central system behind several endpoints
 * would. The twins are spread over all of them by index (`--csms` repeated).
 */
const LISTENERS_PER_CSMS = 2;

/** The fleet across processes (issue 17 item 4, first goal). */
export async function fleetAcrossProcesses(o: Options): Promise<Figure[]> {
  const n = o.quick ? 3000 : 50_000;
  const p = o.quick ? 2 : 3;
  const c = o.quick ? 2 : 3;
  const servers = Array.from({ length: c }, () => Peer.ts('bench/peers/csms-boot-server.ts', String(LISTENERS_PER_CSMS)));
  try {
    const urls = (await Promise.all(servers.map((s) => s.next(60_000)))).flatMap((r) => r.urls as string[]);
    const baseline = await runFleet(p, p, servers, urls, 60_000, 3000);
    await sleep(2000);
    const r = await runFleet(n, p, servers, urls, o.quick ? 60_000 : 180_000, o.settleSeconds * 1000);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const perTwinKiB = (sum(r.shardRss) - sum(baseline.shardRss)) / (n - p) / 1024;
    const all = r.accepted >= n;
    const reached = all ? `all ${n.toLocaleString('en-US')} Accepted` : `only ${r.accepted.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} Accepted within the limit`;
    const setup = `\`station --count ${n} --processes ${p}\`, ${c} embedded-CSMS processes with ${LISTENERS_PER_CSMS} ports each (--csms ×${urls.length}, spread by index)`;
    const out: Figure[] = [];
    out.push({ name: `${n.toLocaleString('en-US')} twins across ${p} processes: time until all Accepted`, value: r.wallMs / 1000, unit: 's', note: `${reached}; ${setup}; from spawning the command (process starts included); ${r.errorsOut} CALLERRORs` });
    const bootsPerSecond = r.accepted / (r.bootMs / 1000);
    await sleep(3000); // the fleet's sockets close before the floor runs
    const floor = await bootWaveFloor(n, p, c, o.quick ? 60_000 : 120_000);
    const floorRate = floor.accepted / (floor.bootMs / 1000);
    out.push({ name: `floor: the same boot wave from ${n.toLocaleString('en-US')} bare ws clients in ${p} processes against ${c} bare ws server processes (${LISTENERS_PER_CSMS} ports each)`, value: floorRate, unit: 'boots/s', note: `${floor.accepted.toLocaleString('en-US')} booted (handshake, BootNotification, 2 StatusNotifications; no OCPP library, validation, state or frame log), 256 handshakes in flight per process (decision D28)` });
    out.push({ name: `${n.toLocaleString('en-US')} twins across ${p} processes: aggregate boots/s`, value: bootsPerSecond, unit: 'boots/s', note: `${reached} in ${(r.bootMs / 1000).toFixed(1)} s from the first connection to the last Accepted boot; ${((bootsPerSecond / floorRate) * 100).toFixed(0)} % of the bare-ws boot wave above, ${((bootsPerSecond / o.rawConnectionsPerSecond) * 100).toFixed(0)} % of raw ws connections/s (target ≥ 4,000/s)` });
    const cores = cpus().length;
    const cpuNote = (c: { user: number; kernel: number } | undefined): string => c ? `${(c.user + c.kernel).toFixed(0)} µs (user ${c.user.toFixed(0)}, kernel ${c.kernel.toFixed(0)})` : 'not seen';
    const budget = (cores * 1e6) / 4000;
    out.push({ name: `${n.toLocaleString('en-US')} twins across ${p} processes: CPU per boot, both sides`, value: r.cpuPerBoot ? r.cpuPerBoot.user + r.cpuPerBoot.kernel : NaN, unit: 'µs', note: `twins, parent and central systems over the boot wave: ${cpuNote(r.cpuPerBoot)}; the bare-ws wave: ${cpuNote(floor.cpuPerBoot)}; ${cores} cores at 4,000 boots/s leave ${budget.toFixed(0)} µs per boot for both sides (sampled every 250 ms from /proc)` });
    out.push({ name: `${n.toLocaleString('en-US')} twins across ${p} processes: RSS per booted idle twin`, value: perTwinKiB, unit: 'KiB', note: `sum of the ${p} shard processes' RSS ${(sum(r.shardRss) / 2 ** 20).toFixed(0)} MiB ${o.settleSeconds} s after each compacted its heap once its boot wave was over (D27), minus the same command with 1 twin per shard (${(sum(baseline.shardRss) / 2 ** 20).toFixed(0)} MiB); ${(perTwinKiB / o.rawIdleKiB).toFixed(1)}× a raw ws client (target ≤ 12 KiB); parent ${(r.parentRss / 2 ** 20).toFixed(0)} MiB, central systems ${r.csmsRss.map((x) => (x / 2 ** 20).toFixed(0)).join(' + ')} MiB not counted` });
    return out;
  } finally {
    for (const s of servers) s.kill();
  }
}

/** calls/s answered by the server at `url` to 1,000 connections from two client processes. */
async function load(url: string, conns: number, window: number, seconds: number, action: string, tag: string): Promise<{ calls: number; errors: number }> {
  const clients = [0, 1].map((k) => Peer.ts('bench/peers/load-client.ts', url, String(conns / 2), String(window), String(seconds), `${tag}${k}-`, action));
  try {
    await Promise.all(clients.map((c) => c.next(60_000)));
    for (const c of clients) c.child.stdin!.write('go\n');
    const rs = await Promise.all(clients.map((c) => c.next(seconds * 1000 + 30_000)));
    return { calls: rs.reduce((a, r) => a + (r.callsPerSecond as number), 0), errors: rs.reduce((a, r) => a + (r.errorsPerSecond as number), 0) };
  } finally {
    for (const c of clients) c.kill();
  }
}

/** The embedded CSMS's answering rate beside the raw floor in the same shape (issue 17 item 4, third goal). */
export async function csmsThroughput(o: Options): Promise<Figure[]> {
  const conns = 1000, window = 4, seconds = o.quick ? 2 : 5;
  let raw = 0, hb = 0, sn = 0, errors = 0;
  // In turns, best of each kept (as the other floor lines in bench/run.ts): noise weighs on both sides.
  const rounds = o.quick ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const floor = Peer.ts('bench/peers/raw-server.ts');
    try {
      const { port } = await floor.next(60_000) as { port: number };
      raw = Math.max(raw, (await load(`ws://127.0.0.1:${port}/ocpp`, conns, window, seconds, 'Heartbeat', 'RAW')).calls);
    } finally { floor.kill(); }
    await sleep(1000);
    const csms = Peer.ts('bench/peers/csms-server.ts', '60');
    try {
      const { url } = await csms.next(60_000) as { url: string };
      const h = await load(url, conns, window, seconds, 'Heartbeat', 'HB');
      const s = await load(url, conns, window, seconds, 'StatusNotification', 'SN');
      hb = Math.max(hb, h.calls); sn = Math.max(sn, s.calls); errors = Math.max(errors, h.errors + s.errors);
    } finally { csms.kill(); }
    await sleep(1000);
  }
  const shape = `${conns.toLocaleString('en-US')} conns from 2 raw client processes, ${window} CALLs in flight per conn`;
  const turns = rounds > 1 ? `best of ${rounds} turns` : 'one turn';
  return [
    { name: `raw ws floor: a bare ws server answering ${conns.toLocaleString('en-US')} conns`, value: raw, unit: 'calls/s', note: `${shape}; ${turns}` },
    { name: 'embedded CSMS, Heartbeat, validation on (1,000 conns)', value: hb, unit: 'calls/s', note: `${((hb / raw) * 100).toFixed(0)} % of the raw floor in the same shape (target ≥ 40,000/s); ${turns}${errors > 0 ? `; ${errors.toFixed(0)} CALLERRORs/s` : ''}` },
    { name: 'embedded CSMS, StatusNotification, validation on (1,000 conns)', value: sn, unit: 'calls/s', note: `${((sn / raw) * 100).toFixed(0)} % of the raw floor in the same shape; ${turns}` },
  ];
}

export interface Options {
  quick: boolean;
  /** The raw ws idle client's RSS per connection and connections/s, measured earlier in the same run. */
  rawIdleKiB: number;
  rawConnectionsPerSecond: number;
  settleSeconds: number;
}

export async function run(o: { quick: boolean; rawIdleKiB: number; rawConnectionsPerSecond: number }): Promise<Figure[]> {
  const options: Options = { ...o, settleSeconds: 5 };
  const out = await csmsThroughput(options);
  await sleep(2000);
  out.push(...await fleetAcrossProcesses(options));
  await sleep(3000); // the fleet's sockets close before the next measure
  return out;
}
