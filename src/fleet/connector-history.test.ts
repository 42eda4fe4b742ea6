import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorHistory, HISTORY_CAPACITY, RESOLUTION, STEADY_GAP_MS } from './connector-history.ts';
import type { ConnectorSample } from '../station/station-events.ts';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const reading = (at: number, currentA: number, sessionWh: number | null = 0, extra: Partial<ConnectorSample> = {}): ConnectorSample =>
  ({ connectorId: 1, at, currentA, offeredA: 32, limitA: 32, powerW: currentA * 230 * 3, sessionWh, socPercent: 40, ...extra });

test('connector history: steady charging keeps a reading at least every 5 minutes, and every change exactly', () => {
  const h = new ConnectorHistory();
  // 30 minutes at 16 A, a reading each minute (the station's physics tick), energy rising linearly.
  for (let m = 0; m <= 30; m++) h.record(reading(T0 + m * 60_000, 16, m * 184));
  // The EV then draws 8 A.
  h.record(reading(T0 + 31 * 60_000, 8, 31 * 184));
  const c = h.columns();
  assert.ok(c.at.length < 31 / 2, `thinned (${c.at.length} readings kept of 32)`);
  assert.equal(c.at[0], T0);
  assert.equal(c.at.at(-2), T0 + 30 * 60_000, 'the last steady reading is kept');
  assert.equal(c.at.at(-1), T0 + 31 * 60_000);
  assert.deepEqual(c.currentA.slice(-2), [16, 8]);
  for (let i = 1; i < c.at.length; i++) assert.ok(c.at[i]! - c.at[i - 1]! <= STEADY_GAP_MS, 'no gap above 5 minutes');
  // Every kept reading holds its own energy (linear in between, so nothing is lost).
  c.at.forEach((at, i) => assert.equal(c.energyKWh[i], Number((((at - T0) / 60_000) * 0.184).toFixed(3))));
});

test('connector history: units and nulls (no limit, no transaction, no EV) come back as given', () => {
  const h = new ConnectorHistory();
  h.record(reading(T0, 16, 1234, { limitA: 10, powerW: 11040, socPercent: 55.56 }));
  h.record(reading(T0 + 1000, 0, null, { limitA: null, socPercent: null, offeredA: 0, powerW: 0 }));
  assert.deepEqual(h.columns(), {
    at: [T0, T0 + 1000], currentA: [16, 0], offeredA: [32, 0], limitA: [10, null], powerKW: [11.04, 0], energyKWh: [1.234, null], socPercent: [55.6, null],
  });
});

test('connector history: bounded; the newest readings are kept in order; a reading at the same instant replaces the last; since and limit', () => {
  const h = new ConnectorHistory();
  for (let i = 0; i < 1000; i++) h.record(reading(T0 + i * 1000, i % 2 ? 16 : 8));
  h.record(reading(T0 + 999 * 1000, 6));
  h.record(reading(T0 - 1, 6)); // before the last: dropped
  const c = h.columns();
  assert.equal(c.at.length, HISTORY_CAPACITY);
  assert.equal(c.at[0], T0 + (1000 - HISTORY_CAPACITY) * 1000);
  assert.equal(c.at.at(-1), T0 + 999 * 1000);
  assert.equal(c.currentA.at(-1), 6);
  assert.ok(c.at.every((t, i) => i === 0 || t > c.at[i - 1]!), 'oldest first');
  assert.deepEqual(h.columns(T0 + 990 * 1000).at.length, 10);
  assert.deepEqual(h.columns(undefined, 3).at, [T0 + 997_000, T0 + 998_000, T0 + 999_000]);
});

test('connector history: each value is kept at a fixed resolution (0.01 A, 1 W, 1 Wh, 0.01 %), rounded to the nearest, and served at it', () => {
  assert.deepEqual(RESOLUTION, { currentA: 0.01, offeredA: 0.01, limitA: 0.01, powerKW: 0.001, socPercent: 0.01, energyKWh: 0.001 });
  const h = new ConnectorHistory();
  h.record(reading(T0, 16.0049, 1234.4, { offeredA: 31.996, limitA: 13.043478, powerW: 11039.6, socPercent: 55.5649 }));
  h.record(reading(T0 + 1000, 16.0051, 1234.6, { offeredA: 0.004, limitA: 0.006, powerW: 0.4, socPercent: 99.996 }));
  assert.deepEqual(h.columns(), {
    at: [T0, T0 + 1000],
    currentA: [16, 16.01], offeredA: [32, 0], limitA: [13.04, 0.01], powerKW: [11.04, 0], energyKWh: [1.234, 1.235], socPercent: [55.6, 100],
  });
});

test('connector history: above what a field holds, the largest is kept (655.34 A, 65.534 kW); the clock keeps its exact milliseconds', () => {
  const h = new ConnectorHistory();
  h.record(reading(T0 + 7, 1000, 5_000_000_000, { offeredA: 700, limitA: 1e9, powerW: 100_000 }));
  const c = h.columns();
  assert.deepEqual([c.at, c.currentA, c.offeredA, c.limitA, c.powerKW, c.energyKWh], [[T0 + 7], [655.34], [655.34], [655.34], [65.534], [4294967.294]]);
});

test('connector history: steady thinning compares values at the resolution kept (a change below 0.01 A is no change)', () => {
  const h = new ConnectorHistory();
  for (let m = 0; m <= 4; m++) h.record(reading(T0 + m * 60_000, m % 2 ? 16.001 : 16.002, m * 184));
  assert.deepEqual(h.columns().at, [T0, T0 + 4 * 60_000], 'one steady stretch: its first and its latest reading');
});
