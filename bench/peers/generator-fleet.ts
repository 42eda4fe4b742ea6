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
 *   `steady <csmsUrl> <n> <settleSeconds> <steadySeconds> [shipped|all]`: memory and CPU at 1× in the steady mix:
 *     booted     baseline (RSS, heap used, after gc) taken after one twin booted and removed; N twins
 *                Accepted; the dashboard history as it is after days (decision D29): `shipped`, the
 *                mode `chargetwin station --count N` picks (`all` up to 1,000 twins, else `viewed`: the
 *                VIEWED_STATIONS_MAX stations a user looked at), or `all` (every twin); each recording
 *                connector's ring filled to its full HISTORY_CAPACITY readings with readings of the past
 *                (a ring fills in about four days at 1 session per 8 h); then the generators started with
 *                `warmStart` (the sessions that would be under way after a long run begin at once); each
 *                twin's frame log (the last FLEET_FRAMES_PER_STATION frames, as `station --count` keeps
 *                them) filled with the traffic of its state (fillFrameLogs); and `settleSeconds` at 1×
 *     steady     after gc at the start and at the end of `steadySeconds` at 1×: RSS and heap used per twin
 *                over the baseline (the larger of the two samples), CPU % of one core over the window,
 *                connectors Charging, sessions under way
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet, defaultFrameLogMode, defaultHistoryMode, FLEET_FRAMES_PER_STATION, VIEWED_STATIONS_MAX, type Fleet, type FrameLogMode, type HistoryMode } from '../../src/fleet/index.ts';
import { HISTORY_CAPACITY } from '../../src/fleet/connector-history.ts';
import { sessionGeneratorsOf } from '../../src/fleet/session-generators.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { meterValue } from '../../src/station/sessions/meter-values.ts';
import type { TxQueueControls } from '../../src/station/tx-delivery.ts';
import { bootAll, gc } from './boot-fleet.ts';
import { compactAfterBoot } from '../../src/cli/heap-compaction.ts';

const [mode, url, nArg, aArg, bArg, historyArg] = process.argv.slice(2) as ['fast' | 'steady', string, string, string, string | undefined, 'shipped' | 'all' | undefined];
const n = Number(nArg);
/** The dashboard history the fleet keeps: the command's default for n twins, or every twin's. */
const history: HistoryMode = historyArg === 'all' ? 'all' : defaultHistoryMode(n);
/** The frame log the fleet keeps: the command's default for n twins (decision D31), in both steady runs. */
const frameLog: FrameLogMode = defaultFrameLogMode(n);
const say = (o: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const settings = { seed: 1, arrivalsPerHour: 1 / 8, tags: { valid: ['EVLINK'] } };

const clock = new ScaledClock();
const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0', SampledDataInterval: '60' } });
// The frames `chargetwin station --count` keeps per twin (the fast measure keeps none: it counts messages).
const fleet = createFleet({ csmsUrl: url, clock, build, framesPerStation: mode === 'steady' ? FLEET_FRAMES_PER_STATION : 0, frameLog, history });
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

/**
 * The rings a fleet running for days holds: every connector of every recording station full (in `viewed`
 * mode, the VIEWED_STATIONS_MAX stations someone looked at), with HISTORY_CAPACITY distinct readings of the
 * past hours on the station's event bus, as its physics emits them (the rings grow as they do in a run).
 * Done before the generators start, so the live readings that follow are newer. Returns the rings filled.
 */
function fillHistories(f: Fleet): number {
  let filled = 0;
  const now = clock.now();
  const members = f.list();
  for (const m of history === 'viewed' ? members.slice(0, VIEWED_STATIONS_MAX) : history === 'all' ? members : []) {
    m.viewHistory();
    for (let c = 1; c <= m.station.context.connectorCount; c++) {
      for (let i = 0; i < HISTORY_CAPACITY; i++) {
        const currentA = 6 + (i % 27);
        m.station.context.events.emit('sampled', { connectorId: c, at: now - (HISTORY_CAPACITY - i) * 60_000, currentA, offeredA: 32, limitA: i % 3 ? 32 : null, powerW: currentA * 690, sessionWh: i * 180, socPercent: 20 + i / 4 });
      }
      if (m.history(c).at.length === HISTORY_CAPACITY) filled++;
    }
  }
  return filled;
}

/**
 * The frame logs of a fleet after a long run, without running it: each twin's ring filled to capacity
 * with the traffic of its present state, as the socket would push it. A twin with a session under way
 * has sent MeterValues every 60 s (the measurands its configuration samples, SampledData) and had each
 * answered (its own reading now, the energy register a minute's energy less per sample back); an idle
 * one has exchanged heartbeats. Each frame is a string of its own (distinct message ids and readings). Running the fleet for an hour at ×60 instead would leave that burst's garbage in the
 * process (V8 keeps the pages), and the RSS would measure the burst, not the steady state.
 */
function fillFrameLogs(f: Fleet): number {
  let kept = 0;
  const now = clock.now();
  // `viewed` frame log: the VIEWED_STATIONS_MAX stations whose frames a user looked at keep the full log
  if (frameLog === 'viewed') for (const m of f.list().slice(0, VIEWED_STATIONS_MAX)) m.viewFrames();
  for (const m of f.list()) {
    if (!m.frames) continue;
    const sessions = m.station.context.parts.sessions;
    const busy = sessions?.state.connectors.find((c) => c.tx);
    // The connector's own reading now; each earlier sample had the energy of a minute less at that power.
    const now1 = busy && sessions ? sessions.reading(busy) : undefined;
    const whPerMinute = now1 ? (now1.voltageV * now1.currentA * now1.phases.length) / 60 : 0;
    const measurands = m.station.context.config.str('SampledData').split(',').map((x) => x.trim()).filter(Boolean);
    for (let i = 0; i < m.frames.capacity; i += 2) {
      const at = now - (m.frames.capacity - i) * 30_000;
      const id = `${m.spec.id}-${i}`;
      if (busy && now1) {
        const reading = { ...now1, energyWh: Math.max(0, now1.energyWh - ((m.frames.capacity - i) / 2) * whPerMinute) };
        m.frames.push(at, 'out', JSON.stringify([2, id, 'MeterValues', { connectorId: busy.id, ...(busy.tx?.transactionId !== undefined ? { transactionId: busy.tx.transactionId } : {}), meterValue: [meterValue(at, reading, measurands, 'Sample.Periodic')] }]));
        m.frames.push(at + 40, 'in', JSON.stringify([3, id, {}]));
      } else {
        m.frames.push(at, 'out', JSON.stringify([2, id, 'Heartbeat', {}]));
        m.frames.push(at + 40, 'in', JSON.stringify([3, id, { currentTime: new Date(at + 40).toISOString() }]));
      }
    }
    kept += m.frames.list({}).length;
  }
  return kept;
}

// steady: a baseline after one twin (validators built), so that no memory a larger warm-up freed sits in
// it for the new twins to reuse (decision D8)
await bootAll(fleet, 1, 'WARM-');
for (const m of fleet.list()) await fleet.remove(m.spec.id);
await sleep(2000);
gc(); gc();
const base = process.memoryUsage();
await bootAll(fleet, n, 'GEN-');
// What every `station --count` process does once its boot wave is over (decision D27): the boot's garbage
// handed back, so the steady state below is the product's, not the boot's high-water mark.
await compactAfterBoot((text) => process.stderr.write(text));
const rings = fillHistories(fleet);
generators.start({ ...settings, warmStart: true });
await sleep(2000); // the warm start's sessions begin
const framesKept = fillFrameLogs(fleet);
say({ mark: 'booted', n, history, frameLog, rings, framesKept, underWay: generators.summary().totals.arrivals });
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
  mark: 'steady', history, frameLog, rings, framesKept, cpuPercent, charging, sessions,
  rssPerTwinKiB: perTwin(m0.rss, m1.rss, base.rss), heapPerTwinKiB: perTwin(m0.heapUsed, m1.heapUsed, base.heapUsed),
  rssMiB: { base: base.rss / 2 ** 20, start: m0.rss / 2 ** 20, end: m1.rss / 2 ** 20 },
  heapMiB: { base: base.heapUsed / 2 ** 20, start: m0.heapUsed / 2 ** 20, end: m1.heapUsed / 2 ** 20 },
  totals: generators.summary().totals,
});
process.exit(0);
