/**
 * `npm run bench`: measures, in one run and side by side, the raw ws floor, our RPC layer, ocpp-rpc, and
 * fleets of booted EVlink twins, plus the in-process benches (smart charging, durable queue) and the
 * session generator's fleet (bench/session-generator.ts), and the one-host scale lines (bench/host-scale.ts). Writes
 * bench/results/<date>.json and .md and prints the Markdown. It reports; it asserts nothing.
 *   --quick            smaller sizes and windows (CI smoke)
 *   --sizes 1000,5000  fleet sizes
 *   --no-write         print only
 *   --only a,b         only these blocks, printed and not written: floor (raw ws, our RPC, ocpp-rpc), fleets,
 *                      slow-csms, host-scale, smart-charging, queue, session-generator, metrics,
 *                      fleet-summary. The raw idle client is measured whenever fleets or host-scale run
 *                      (their ratios need it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatReport, type BenchReport, type Figure } from './report.ts';
import { WARM_BOOTS } from './peers/boot-fleet.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const BLOCKS = ['floor', 'fleets', 'slow-csms', 'host-scale', 'smart-charging', 'queue', 'session-generator', 'metrics', 'fleet-summary'];
const onlyArg = args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : undefined;
const only = onlyArg === undefined ? undefined : new Set(onlyArg.split(',').filter(Boolean));
for (const b of only ?? []) if (!BLOCKS.includes(b)) { process.stderr.write(`--only: unknown block "${b}" (blocks: ${BLOCKS.join(', ')})\n`); process.exit(2); }
if (only?.size === 0) { process.stderr.write(`--only needs a comma-separated list of blocks (${BLOCKS.join(', ')})\n`); process.exit(2); }
const wanted = (block: string): boolean => only === undefined || only.has(block);
const noWrite = args.includes('--no-write') || only !== undefined;
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : quick ? [1000] : [1000, 5000, 10000];
const window = quick ? 2 : 5;
const steady = quick ? 5 : 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];

function start(file: string, ...a: string[]): { child: ChildProcess; first: Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, ['--expose-gc', '--import', new URL('../bin/register-ts.mjs', import.meta.url).href, file, ...a], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d) => { err = (err + String(d)).slice(-2000); });
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += String(d);
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`${file} gave no result in 300 s`)), 300_000).unref();
  });
  return { child, first };
}

const stop = (c: ChildProcess): void => { if (c.exitCode === null) c.kill('SIGKILL'); };
const figures: Figure[] = [];
const add = (name: string, value: number, unit: string, note?: string): void => { figures.push({ name, value, unit, ...(note ? { note } : {}) }); };

try {
  // (a) the floor and (b) our RPC layer, same shape. Measured in turns (raw, ours, raw, ours) and the
  // best of each kept, before anything opens thousands of sockets (their teardown would slow whichever
  // comes after it): machine noise then weighs on both sides alike.
  const raw = start('bench/peers/raw-server.ts');
  const { port } = await raw.first as { port: number };
  let rawRtt = 0, rpcHb = 0, rpcSn = 0;
  if (wanted('floor')) {
    const csms = start('bench/peers/csms-server.ts', '60');
    const { url } = await csms.first as { url: string };
    for (let round = 0; round < 2; round++) {
      rawRtt = Math.max(rawRtt, (await start('bench/peers/raw-client.ts', 'rtt', String(port), '100', String(window)).first).callsPerSecond as number);
      rpcHb = Math.max(rpcHb, (await start('bench/peers/rpc-client.ts', url, '100', String(window), 'Heartbeat').first).callsPerSecond as number);
      rpcSn = Math.max(rpcSn, (await start('bench/peers/rpc-client.ts', url, '100', String(window), 'StatusNotification').first).callsPerSecond as number);
    }
    stop(csms.child);
    add('raw ws round trips/s (100 conns, 1 in flight)', rawRtt, 'calls/s', 'best of 2 turns');
    add('our RPC, Heartbeat, validation on both ends (100 conns, 1 in flight)', rpcHb, 'calls/s', `${((rpcHb / rawRtt) * 100).toFixed(0)} % of the raw floor (target ≥ 70 %); best of 2 turns`);
    add('our RPC, StatusNotification, validation on', rpcSn, 'calls/s', `${((rpcSn / rawRtt) * 100).toFixed(0)} % of the raw floor; best of 2 turns`);
  }
  const idleN = quick ? 2000 : 10000;
  let idle = { connectionsPerSecond: NaN, rssPerConnectionKiB: NaN };
  if (wanted('floor') || wanted('fleets') || wanted('host-scale')) {
    idle = await start('bench/peers/raw-client.ts', 'idle', String(port), String(idleN)).first as { connectionsPerSecond: number; rssPerConnectionKiB: number };
    add(`raw ws idle client RSS at ${idleN}`, idle.rssPerConnectionKiB, 'KiB/conn');
    add('raw ws connections/s (C=64)', idle.connectionsPerSecond, 'conn/s');
  }
  stop(raw.child);
  // Let the kernel and the peers finish tearing down the idle connections before the next measure.
  await new Promise((r) => setTimeout(r, 2000));

  if (wanted('floor')) {
    const orpcServer = start('bench/peers/ocpp-rpc-peer.ts', 'server');
    const orpcPort = (await orpcServer.first).port as number;
    const orpc = (await start('bench/peers/ocpp-rpc-peer.ts', 'client', String(orpcPort), '100', String(window)).first).callsPerSecond as number;
    add('ocpp-rpc 2.2.1, Heartbeat, strict (100 conns, 1 in flight)', orpc, 'calls/s', `${((orpc / rawRtt) * 100).toFixed(0)} % of the raw floor`);
    stop(orpcServer.child);
  }

  // (c) fleets of booted idle twins: a cold process first, then warmed-up fleets
  if (wanted('fleets')) {
    const server = start('bench/peers/csms-server.ts', '60');
    const { url: u } = await server.first as { url: string };
    const cold = Math.min(1000, ...sizes);
    const r = await start('bench/peers/fleet-client.ts', u, String(cold), 'time', '0').first as { bootsPerSecond: number; bootSeconds: number };
    add(`cold start: a fresh process's first ${cold} boots`, r.bootsPerSecond, 'boots/s', `all Accepted in ${r.bootSeconds.toFixed(2)} s; V8 has not optimized the code yet (decision D8)`);
    stop(server.child);
  }
  for (const n of wanted('fleets') ? sizes : []) {
    // Two processes per size, each against a fresh central system: one times the boots after a warm-up;
    // one measures memory and steady-state CPU after booting a single twin, so that no memory freed by
    // a warm-up sits in its baseline (the new twins would reuse it and look smaller than they are), with
    // a forced GC before the baseline (which would slow boots timed after it).
    const timing = start('bench/peers/csms-server.ts', '60');
    const t = await start('bench/peers/fleet-client.ts', (await timing.first as { url: string }).url, String(n), 'time').first as { bootsPerSecond: number; bootSeconds: number };
    stop(timing.child);
    const server = start('bench/peers/csms-server.ts', '60');
    const { url: u } = await server.first as { url: string };
    const r = await start('bench/peers/fleet-client.ts', u, String(n), String(steady), '1').first as { rssPerStationKiB: number; cpuPercent: number };
    add(`fleet ${n}: boots/s (connect + BootNotification + StatusNotifications)`, t.bootsPerSecond, 'boots/s', `all Accepted in ${t.bootSeconds.toFixed(2)} s, after ${WARM_BOOTS.toLocaleString('en-US')} warm-up boots (target ≥ 4,000/s)`);
    add(`fleet ${n}: RSS per booted idle twin`, r.rssPerStationKiB, 'KiB', `${(r.rssPerStationKiB / idle.rssPerConnectionKiB).toFixed(1)}× a raw ws client (target ≤ 16 KiB at 10,000); baseline after one twin`);
    add(`fleet ${n}: CPU at steady state`, r.cpuPercent, '% of a core', 'heartbeat 60 s, ws ping 30 s');
    stop(server.child);
  }
  if (wanted('fleets')) {
    // The same memory measure for a fleet set up as `chargetwin station --count` runs it.
    const n = Math.max(...sizes);
    const server = start('bench/peers/csms-server.ts', '60');
    const { url: u } = await server.first as { url: string };
    const r = await start('bench/peers/fleet-client.ts', u, String(n), '1', '1', 'station-cli').first as { rssPerStationKiB: number };
    add(`fleet ${n} as \`station --count\` runs it: RSS per booted idle twin`, r.rssPerStationKiB, 'KiB', 'state in SQLite, last 50 frames kept per twin; baseline after one twin');
    stop(server.child);
  }

  if (wanted('slow-csms')) {
    // (d) twins behind a central system that answers every call 2 s late, HeartbeatInterval 1 s: nothing
    // periodic piles up (decision D11), so RSS stays flat. The full bench watches 2,000 twins for 3 min.
    const n = quick ? 300 : 2000;
    const seconds = quick ? 20 : 180;
    const server = start('bench/peers/csms-server.ts', '1', '2000');
    const { url: u } = await server.first as { url: string };
    const r = await start('bench/peers/slow-csms-fleet.ts', u, String(n), String(seconds)).first as { startMiB: number; middleMiB: number; endMiB: number; slopeMiBPerMin: number };
    add(`${n} twins behind a 2 s-slow CSMS, HeartbeatInterval 1 s: RSS slope over ${seconds} s`, Number(r.slopeMiBPerMin.toFixed(2)), 'MiB/min',
      `RSS after GC at start ${r.startMiB.toFixed(0)} MiB, middle ${r.middleMiB.toFixed(0)} MiB, end ${r.endMiB.toFixed(0)} MiB (target: flat; before D11 181 → 366 MiB in 180 s)`);
    stop(server.child);
  }

  if (wanted('host-scale')) {
    // (f) issue 17 item 4 on this host (bench/host-scale.ts, decision D26): the embedded CSMS under 1,000
    // connections beside the raw floor in the same shape, and 50,000 twins as `station --count --processes`
    // runs them against several central-system processes, with ratios to the raw ws client measured above.
    const hostScale = await import('./host-scale.ts');
    figures.push(...await hostScale.run({ quick, rawIdleKiB: idle.rssPerConnectionKiB, rawConnectionsPerSecond: idle.connectionsPerSecond }));
  }

  // (e) in-process benches
  for (const mod of ['./smart-charging.ts', './queue.ts', './session-generator.ts', './metrics.ts', './fleet-summary.ts']) {
    if (!wanted(mod.slice(2, -3))) continue;
    const m = await import(mod) as { run(o: { quick: boolean }): Promise<Figure[]> };
    figures.push(...await m.run({ quick }));
  }
} finally {
  for (const c of children) stop(c);
}

const report: BenchReport = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30) },
  quick,
  figures,
};
const md = formatReport(report);
process.stdout.write(md);
if (!noWrite) {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const day = report.date.slice(0, 10);
  writeFileSync(`${dir}${day}${quick ? '-quick' : ''}.json`, `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(`${dir}${day}${quick ? '-quick' : ''}.md`, md);
}
process.exit(0);
