/**
 * N EVlink twins with the session generator running (1 session per station per 8 h, MeterValues sampled
 * every 60 s), against the central system in another process. Two measures, each in a process of its own
 * (decision D25), printing one JSON line per phase:
 *
 *   `fast <csmsUrl> <n> <fastSeconds>`: throughput at clock ×60, after 1,000 warm-up boots (removed):
 *     booted     every twin Accepted (clock at 1×), the generators started cold
 *     fast-start the clock is set to ×60 …
 *     fast-end   … `fastSeconds` later; the clock goes back to 1× and queues drain for 5 s
 *     drained    transaction messages still queued and dropped (lost) over the fleet, generator totals
 *
 *   `steady <csmsUrl> <n> <settleSeconds> <steadySeconds>`: memory and CPU at 1× in the steady mix:
 *     booted     baseline (RSS, heap used, after gc) taken after one twin booted and removed; N twins
 *                Accepted; the generators started with `warmStart` (the sessions that would be under way
 *                after a long run begin at once), then `settleSeconds` at 1× for their starts to settle
 *     steady     after gc at the start and at the end of `steadySeconds` at 1×: RSS and heap used per twin
 *                over the baseline (the larger of the two samples), CPU % of one core over the window,
 *                connectors Charging, sessions under way
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { sessionGeneratorsOf } from '../../src/fleet/session-generators.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import type { TxQueueControls } from '../../src/station/tx-delivery.ts';
import { bootAll, gc } from './boot-fleet.ts';

const [mode, url, nArg, aArg, bArg] = process.argv.slice(2) as ['fast' | 'steady', string, string, string, string | undefined];
const n = Number(nArg);
const say = (o: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const settings = { seed: 1, arrivalsPerHour: 1 / 8, tags: { valid: ['EVLINK'] } };

const clock = new ScaledClock();
const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0', SampledDataInterval: '60' } });
const fleet = createFleet({ csmsUrl: url, clock, build, framesPerStation: 0 });
const generators = sessionGeneratorsOf(fleet);

if (mode === 'fast') {
  // Warm-up boots, removed: validators built and code optimized, as in fleet-client.ts's timing process.
  await bootAll(fleet, Math.min(1000, n), 'WARM-');
  for (const m of fleet.list()) await fleet.remove(m.spec.id);
  await sleep(2000);
  await bootAll(fleet, n, 'GEN-');
  generators.start(settings);
  say({ mark: 'booted', n });
  clock.setScale(60);
  say({ mark: 'fast-start' });
  await sleep(Number(aArg) * 1000);
  say({ mark: 'fast-end', simulatedHours: Number(aArg) * 60 / 3600 });
  clock.setScale(1);
  await sleep(5000);
  let queued = 0, dropped = 0;
  for (const m of fleet.list()) {
    const q = (m.station.context.controls as Partial<TxQueueControls>).transactionQueue?.();
    if (q) { queued += q.length; dropped += q.dropped.bound + q.dropped.afterAttempts; }
  }
  say({ mark: 'drained', queued, dropped, totals: generators.summary().totals });
  process.exit(0);
}

// steady: a baseline after one twin (validators built), so that no memory a larger warm-up freed sits in
// it for the new twins to reuse (decision D8)
await bootAll(fleet, 1, 'WARM-');
for (const m of fleet.list()) await fleet.remove(m.spec.id);
await sleep(2000);
gc(); gc();
const base = process.memoryUsage();
await bootAll(fleet, n, 'GEN-');
generators.start({ ...settings, warmStart: true });
say({ mark: 'booted', n, underWay: generators.summary().totals.arrivals });
await sleep(Number(aArg) * 1000);
gc(); gc();
const m0 = process.memoryUsage();
const c0 = process.cpuUsage();
const w0 = performance.now();
await sleep(Number(bArg) * 1000);
const c1 = process.cpuUsage(c0);
const cpuPercent = ((c1.user + c1.system) / 1000) / (performance.now() - w0) * 100;
gc(); gc();
const m1 = process.memoryUsage();
let charging = 0, sessions = 0;
for (const m of fleet.list()) {
  if (m.station.context.status.get(1).status === 'Charging') charging++;
  const view = m.station.context.controls.state?.() as { connectors?: Array<{ transaction?: unknown }> } | undefined;
  for (const c of view?.connectors ?? []) if (c.transaction) sessions++;
}
const perTwin = (a: number, b: number, at: number): number => (Math.max(a, b) - at) / n / 1024;
say({
  mark: 'steady', cpuPercent, charging, sessions,
  rssPerTwinKiB: perTwin(m0.rss, m1.rss, base.rss), heapPerTwinKiB: perTwin(m0.heapUsed, m1.heapUsed, base.heapUsed),
  rssMiB: { base: base.rss / 2 ** 20, start: m0.rss / 2 ** 20, end: m1.rss / 2 ** 20 },
  heapMiB: { base: base.heapUsed / 2 ** 20, start: m0.heapUsed / 2 ** 20, end: m1.heapUsed / 2 ** 20 },
  totals: generators.summary().totals,
});
process.exit(0);
