import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import type { Logger, LogLevel } from '../shared/logger.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { DEFAULT_QUEUE_BOUND, memoryQueueStore } from '../queue/index.ts';
import { stationView } from './station-view.ts';
import type { FleetStation } from './fleet.ts';

test('station view: the transaction queue shows its length, bound and drops per kind; a drop at the bound is logged and announced', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const store = memoryQueueStore();
  const warnings: string[] = [];
  const logger: Logger = { log(level: LogLevel, msg: string) { if (level === 'warn') warnings.push(msg); }, child() { return logger; } };
  const build = buildEvlinkStation({ queueFor: () => store, logger, configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '0', AlignedDataInterval: '0' } });
  const station = build({ id: 'EVB-VIEW' }, { reboot() {} }, clock);
  // The view reads only these members of the fleet's record (the station is not connected: offline).
  const member = { spec: { id: 'EVB-VIEW' }, runtime: { link: 'connecting', lastError: undefined, reboots: 0 }, frames: undefined, station, frameLogRecording: () => ({ mode: 'off', recording: false, since: null }) } as unknown as FleetStation;
  assert.deepEqual(stationView(member).transactionQueue, { length: 0, bound: DEFAULT_QUEUE_BOUND, dropped: { bound: 0, afterAttempts: 0 }, oldestAgeMs: 0, nextAttemptAt: null });

  for (let i = 0; i < DEFAULT_QUEUE_BOUND; i++) store.append({ action: 'MeterValues', payload: { i }, txRef: 'old', attempts: 0, nextAttemptAt: clock.now(), createdAt: clock.now() });
  const changes: string[] = [];
  station.context.events.on('changed', (c) => changes.push(c.what));
  await clock.advance(90_000);
  station.context.controls.plugIn!(1); // free mode: a StartTransaction is queued, the oldest MeterValues makes room
  const view = stationView(member).transactionQueue!;
  assert.equal(view.length, DEFAULT_QUEUE_BOUND);
  assert.equal(view.bound, DEFAULT_QUEUE_BOUND);
  assert.deepEqual(view.dropped, { bound: 1, afterAttempts: 0 });
  assert.equal(view.oldestAgeMs, 90_000);
  assert.equal(warnings.filter((w) => /^MeterValues dropped from the transaction queue: .*bound/.test(w)).length, 1, 'the drop is logged as a warning');
  assert.ok(changes.includes('transactionQueue'), 'SSE subscribers hear of the drop through the station\'s changed event');
  assert.equal(JSON.parse(JSON.stringify(stationView(member))).transactionQueue.dropped.bound, 1, 'the view is plain JSON');
  station.dispose();
});
