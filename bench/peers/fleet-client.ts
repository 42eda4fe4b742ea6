/**
 * N booted idle EVlink twins in this process against the embedded CSMS in another:
 * `<csmsUrl> <n> <steadySeconds>` → time until all are Accepted (64 connect+boot in flight), RSS per
 * twin over the baseline after gc, and CPU % of one core at steady state (heartbeats, pings).
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';

const [url, nArg, steadyArg] = process.argv.slice(2) as [string, string, string];
const n = Number(nArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const clock = new ScaledClock();
const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } });
const fleet = createFleet({ csmsUrl: url, clock, build, framesPerStation: 0 });
// Warm up the code paths (and compile the validators) with one twin before the baseline.
const warm = fleet.add({ id: 'WARM' });
while (warm.station.registration !== 'Accepted') await new Promise((r) => setTimeout(r, 5));
await fleet.remove('WARM');
gc(); gc();
const base = process.memoryUsage().rss;
let accepted = 0;
fleet.on((e) => { if (e.type === 'changed' && e.what === 'registration' && fleet.get(e.stationId).station.registration === 'Accepted') accepted++; });
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  fleet.add({ id: `EVB-${String(i).padStart(5, '0')}` });
  while (i + 1 - accepted >= 64) await new Promise((r) => setImmediate(r));
}
while (accepted < n) await new Promise((r) => setTimeout(r, 2));
const bootSeconds = (performance.now() - t0) / 1000;
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
