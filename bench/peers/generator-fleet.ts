/**
 * N EVlink twins with the session generator running (1 session per station per 8 h, MeterValues sampled
 * every 60 s), against the central system in another process. Prints one JSON line per phase:
 *   booted     after every twin is Accepted (clock at 1×) and the generators started
 *   fast-start the clock is set to ×60 …
 *   fast-end   … `fastSeconds` later; the clock goes back to 1× and queues drain for 5 s
 *   drained    transaction messages still queued and dropped (lost) over the fleet, generator totals
 *   steady     at 1×, after gc: RSS per twin over the baseline taken after warm-up boots (removed), CPU % of one core
 *              over `steadySeconds` (the ×60 phase brought the sessions to their steady mix)
 *   `<csmsUrl> <n> <fastSeconds> <steadySeconds>`
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { sessionGeneratorsOf } from '../../src/fleet/session-generators.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import type { TxQueueControls } from '../../src/station/tx-delivery.ts';
import { bootAll, gc } from './boot-fleet.ts';

const [url, nArg, fastArg, steadyArg] = process.argv.slice(2) as [string, string, string, string];
const n = Number(nArg);
const say = (o: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const clock = new ScaledClock();
const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0', SampledDataInterval: '60' } });
const fleet = createFleet({ csmsUrl: url, clock, build, framesPerStation: 0 });
// Warm-up boots, removed before the baseline: validators built and code optimized, as in fleet-client.ts,
// so one-time costs of the process do not count per twin.
const warm = Math.min(1000, n);
await bootAll(fleet, warm, 'WARM-');
for (const m of fleet.list()) await fleet.remove(m.spec.id);
await sleep(2000);
gc(); gc();
const base = process.memoryUsage().rss;
await bootAll(fleet, n, 'GEN-');
const generators = sessionGeneratorsOf(fleet);
generators.start({ seed: 1, arrivalsPerHour: 1 / 8, tags: { valid: ['EVLINK'] } });
say({ mark: 'booted', n });

clock.setScale(60);
say({ mark: 'fast-start' });
await sleep(Number(fastArg) * 1000);
say({ mark: 'fast-end', simulatedHours: Number(fastArg) * 60 / 3600 });
clock.setScale(1);
await sleep(5000);
let queued = 0, dropped = 0;
for (const m of fleet.list()) {
  const q = (m.station.context.controls as Partial<TxQueueControls>).transactionQueue?.();
  if (q) { queued += q.length; dropped += q.dropped.bound + q.dropped.afterAttempts; }
}
say({ mark: 'drained', queued, dropped, totals: generators.summary().totals });

gc(); gc();
const rss = process.memoryUsage().rss;
const c0 = process.cpuUsage();
const w0 = performance.now();
await sleep(Number(steadyArg) * 1000);
const c1 = process.cpuUsage(c0);
const charging = fleet.list().filter((m) => m.station.context.status.get(1).status === 'Charging').length;
say({ mark: 'steady', rssPerTwinKiB: (rss - base) / n / 1024, cpuPercent: ((c1.user + c1.system) / 1000) / (performance.now() - w0) * 100, charging });
process.exit(0);
