import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../../shared/simulated-clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { formatLogEntry, StationLog } from './station-log.ts';

test('station log: a ring of the last N entries fed by the station Logger (station-clock times, child bindings), passed on to the base logger, filtered by time', async () => {
  const clock = new SimulatedClock(Date.parse('2026-01-01T00:00:00Z'));
  const passed: string[] = [];
  const base: Logger = { log: (level, msg) => { passed.push(`${level} ${msg}`); }, child: () => base };
  const ring = new StationLog(3);
  const log = ring.tap(base, clock).child({ stationId: 'EVB-1' }).child({ connectorId: 1 });
  for (let i = 1; i <= 5; i++) { log.log(i % 2 ? 'info' : 'warn', `entry ${i}`); await clock.advance(1000); }
  assert.deepEqual(ring.list().map((e) => e.msg), ['entry 3', 'entry 4', 'entry 5'], 'only the last 3 kept');
  assert.deepEqual(passed.length, 5);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  assert.deepEqual(ring.list(t0 + 3000, t0 + 4000).map((e) => e.msg), ['entry 4', 'entry 5']);
  assert.equal(formatLogEntry(ring.list()[0]!), '2026-01-01T00:00:02.000Z INFO  entry 3 {"connectorId":1}');
  ring.push({ at: t0, level: 'error', msg: 'x'.repeat(5000) });
  assert.ok(ring.list().at(-1)!.msg.length <= 2001, 'long messages are cut');
  assert.throws(() => new StationLog(0), RangeError);
});
