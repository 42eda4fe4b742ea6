/**
 * N booted idle EVlink twins in this process against the embedded CSMS in another.
 *   `<csmsUrl> <n> <steadySeconds> [warmBoots]` → RSS per twin over a baseline taken after gc, CPU % of one
 *     core at steady state (heartbeats, pings), and the time until all are Accepted (64 connect+boot in flight);
 *   a fifth argument `station-cli` sets the fleet up as `chargetwin station --count` does (SQLite, 50 frames each);
 *   `<csmsUrl> <n> time [warmBoots]` → the time only, with no forced GC before it: a full GC just before
 *     the boots makes the next thousands of them about half again as slow (V8 shrinks and re-grows its
 *     heap), which measures the benchmark, not the twin.
 */
import { bootAll, gc, warmFleet } from './boot-fleet.ts';

const [url, nArg, steadyArg, warmArg, kind] = process.argv.slice(2) as [string, string, string, string | undefined, string | undefined];
const n = Number(nArg);
const timeOnly = steadyArg === 'time';
const fleet = await warmFleet(url, warmArg === undefined ? undefined : Number(warmArg), kind === 'station-cli');
if (!timeOnly) { gc(); gc(); }
const base = process.memoryUsage().rss;
const t0 = performance.now();
await bootAll(fleet, n, 'EVB-');
const bootSeconds = (performance.now() - t0) / 1000;
if (timeOnly) {
  process.stdout.write(`${JSON.stringify({ n, bootSeconds, bootsPerSecond: n / bootSeconds })}\n`);
  process.exit(0);
}
await new Promise((r) => setTimeout(r, 3000));
gc(); gc();
const rss = process.memoryUsage().rss;
const heap = process.memoryUsage().heapUsed;
const c0 = process.cpuUsage();
const w0 = performance.now();
await new Promise((r) => setTimeout(r, Number(steadyArg) * 1000));
const c1 = process.cpuUsage(c0);
const cpuPercent = ((c1.user + c1.system) / 1000) / (performance.now() - w0) * 100;
process.stdout.write(`${JSON.stringify({ n, bootSeconds, bootsPerSecond: n / bootSeconds, rssPerStationKiB: (rss - base) / n / 1024, heapMiB: heap / 2 ** 20, rssMiB: rss / 2 ** 20, cpuPercent })}\n`);
process.exit(0);
