/**
 * docs/conformance/offline-queue.md "The bound": a station offline long enough to fill its transaction
 * queue with Start/StopTransaction keeps charging and sampling; MeterValues that find no room are
 * refused, counted and logged, and the samplers (periodic and clock-aligned) stay armed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import type { Clock } from '../../src/shared/clock.ts';
import type { Logger, LogLevel } from '../../src/shared/logger.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { DEFAULT_QUEUE_BOUND, memoryQueueStore, type MessageQueueStore } from '../../src/queue/index.ts';

interface Rig<C extends Clock = SimulatedClock> { clock: C; store: MessageQueueStore; warnings: string[]; controls: ReturnType<ReturnType<typeof buildEvlinkStation>>['context']['controls'] }

/** An offline EVlink (never attached to a CSMS) whose queue already holds `bound` StopTransactions. */
function offlineStationWithFullQueue(config: Record<string, string>): Rig;
function offlineStationWithFullQueue<C extends Clock>(config: Record<string, string>, clock: C): Rig<C>;
function offlineStationWithFullQueue(config: Record<string, string>, clock: Clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0))): Rig<Clock> {
  const store = memoryQueueStore();
  for (let i = 0; i < DEFAULT_QUEUE_BOUND; i++) store.append({ action: 'StopTransaction', payload: { meterStop: i }, txRef: `old-${i}`, attempts: 0, nextAttemptAt: 0, createdAt: 0 });
  const warnings: string[] = [];
  const logger: Logger = { log(level: LogLevel, msg: string) { if (level === 'warn') warnings.push(msg); }, child() { return logger; } };
  const build = buildEvlinkStation({ queueFor: () => store, logger, configOverrides: { AuthenticationOCPPMode: 'false', HeartbeatInterval: '3600', ...config } });
  const station = build({ id: 'EVB-FULL' }, { reboot() {} }, clock);
  return { clock, store, warnings, controls: station.context.controls };
}

const count = (s: MessageQueueStore, action: string) => s.list().filter((i) => i.action === action).length;

test('the bound: with the queue full of Start/Stop, the periodic sampler refuses MeterValues (counted, logged) and stays armed', async () => {
  const r = offlineStationWithFullQueue({ SampledDataInterval: '60', AlignedDataInterval: '0' });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  assert.equal(count(r.store, 'StartTransaction'), 1, 'StartTransaction is queued past the bound');
  await r.clock.advance(3 * 60_000);
  assert.equal(r.store.drops().dropped, 3, 'three samples refused at the bound');
  assert.equal(count(r.store, 'MeterValues'), 0);
  assert.equal(r.warnings.filter((w) => /MeterValues dropped.*bound/.test(w)).length, 3, 'each drop is logged as a warning');
  // Room appears (as if the CSMS had taken some messages): the sampler is still armed and queues again.
  for (const i of r.store.list().slice(0, 5)) r.store.remove(i.seq);
  await r.clock.advance(60_000);
  assert.equal(count(r.store, 'MeterValues'), 1, 'the sampler kept running');
  r.controls.unplug!(1);
  assert.equal(count(r.store, 'StopTransaction'), DEFAULT_QUEUE_BOUND - 5 + 1, 'StopTransaction is never dropped by the bound');
});

test('the bound: with the queue full of Start/Stop, the clock-aligned sampler refuses MeterValues and stays armed', async () => {
  const r = offlineStationWithFullQueue({ SampledDataInterval: '0', AlignedDataInterval: '900' });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(4 * 900_000);
  assert.equal(r.store.drops().dropped, 4, 'one refused aligned sample per quarter hour');
  for (const i of r.store.list().slice(0, 2)) r.store.remove(i.seq);
  await r.clock.advance(900_000);
  assert.equal(count(r.store, 'MeterValues'), 1, 'the aligned timer kept running');
  // Full again with a MeterValues inside: the next sample makes room by dropping the oldest MeterValues.
  await r.clock.advance(900_000);
  assert.equal(count(r.store, 'MeterValues'), 1);
  assert.equal(r.store.drops().dropped, 5);
});

test('the bound under the real-time ScaledClock (the runtime\'s clock): a refused sample raises no uncaught error', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => { uncaught.push(e); };
  process.on('uncaughtException', onUncaught);
  const clock = new ScaledClock();
  try {
    const r = offlineStationWithFullQueue({ SampledDataInterval: '60', AlignedDataInterval: '900' }, clock);
    r.controls.plugIn!(1);
    r.controls.evRequestsEnergy!(1, true);
    const start = clock.now();
    await clock.fastForward(14.5 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let any rethrown error surface
    const aligned = Math.floor(clock.now() / 900_000) - Math.floor(start / 900_000);
    assert.equal(r.store.drops().dropped, 14 + aligned, `fourteen periodic samples and ${aligned} aligned sample(s) refused`);
    assert.deepEqual(uncaught, []);
  } finally {
    clock.dispose();
    process.off('uncaughtException', onUncaught);
  }
});
