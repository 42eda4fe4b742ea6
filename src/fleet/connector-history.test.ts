import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorHistory, HISTORY_CAPACITY, STEADY_GAP_MS } from './connector-history.ts';
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
