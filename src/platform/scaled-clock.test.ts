import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScaledClock } from './scaled-clock.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('ScaledClock fast-forward fires every timer of the span in order, with now() at each due time', async () => {
  const c = new ScaledClock({ start: 0 });
  const seen: Array<[string, number]> = [];
  c.setTimeout(() => seen.push(['b', c.now()]), 2000);
  c.setTimeout(() => { seen.push(['a', c.now()]); c.setTimeout(() => seen.push(['a2', c.now()]), 1500); }, 1000);
  await c.fastForward(3000);
  assert.deepEqual(seen.map(([n]) => n), ['a', 'b', 'a2']);
  assert.deepEqual(seen.map(([, t]) => Math.round(t / 100) * 100), [1000, 2000, 2500]);
  c.dispose();
});

test('ScaledClock: after a fast-forward that re-armed long timers, a new short timer still fires in real time', async () => {
  const c = new ScaledClock();
  const tick = (): void => { c.setTimeout(tick, 300_000); };
  c.setTimeout(tick, 300_000);
  await c.fastForward(3_600_000);
  let fired = false;
  c.setTimeout(() => { fired = true; }, 20);
  await sleep(150);
  assert.equal(fired, true);
  c.dispose();
});

test('ScaledClock scale and pause', async () => {
  const c = new ScaledClock({ start: 0, scale: 100 });
  let fired = false;
  c.setTimeout(() => { fired = true; }, 5000); // 50 ms of real time at 100×
  await sleep(120);
  assert.equal(fired, true);
  c.pause();
  const t = c.now();
  await sleep(30);
  assert.equal(c.now(), t, 'paused time does not move');
  c.resume();
  assert.throws(() => c.setScale(0), RangeError);
  c.dispose();
});

/** Real Node timers alive in this process now. */
const realTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('ScaledClock holds no real timer for cancelled timers: clearing the last one lets the process exit', () => {
  const c = new ScaledClock();
  const before = realTimers();
  const a = c.setTimeout(() => {}, 30_000);
  const b = c.setTimeout(() => {}, 60_000);
  assert.equal(realTimers(), before + 1, 'one real timer for the earliest');
  c.clearTimeout(a);
  assert.equal(realTimers(), before + 1, 'still one, now for the later timer');
  c.clearTimeout(b);
  assert.equal(realTimers(), before, 'nothing left to wait for');
  c.dispose();
});

test('ScaledClock after dispose: its timers are dropped and a timer set later arms nothing (a stopped station cannot hold the process)', async () => {
  const c = new ScaledClock();
  const before = realTimers();
  let fired = 0;
  c.setTimeout(() => { fired++; }, 10);
  c.dispose();
  c.setTimeout(() => { fired++; }, 10);
  assert.equal(realTimers(), before);
  assert.equal(c.state().pendingTimers, 0);
  await sleep(40);
  assert.equal(fired, 0);
});

test('ScaledClock fast-forward yields to I/O before a first timer a second or more ahead (an answer already on its way beats its call timeout)', async () => {
  const c = new ScaledClock();
  const order: string[] = [];
  c.setTimeout(() => order.push('call timeout'), 30_000);
  setTimeout(() => order.push('answer'), 0);
  await c.fastForward(60_000);
  assert.deepEqual(order, ['answer', 'call timeout']);
  c.dispose();
});

test('ScaledClock dispose (process shutdown) ends a fast-forward in progress: the rest of the span is not run', { timeout: 20_000 }, async () => {
  const c = new ScaledClock({ start: 0 });
  let fired = 0;
  const tick = (): void => { fired++; c.setTimeout(tick, 1000); };
  c.setTimeout(tick, 1000);
  // A week of one-second timers: run to its end, this jump would take many minutes of real time.
  const jump = c.fastForward(7 * 86_400_000);
  await sleep(50);
  c.dispose();
  await jump;
  assert.ok(fired < 604_800, `the jump stopped at dispose (${fired} timers fired)`);
});

test('ScaledClock dispose: timers armed afterwards (a late socket event, a settling promise) arm no Node timer, so nothing keeps the process alive', () => {
  const timersNow = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timersNow();
  const c = new ScaledClock();
  c.setTimeout(() => {}, 60_000);
  c.wire.setTimeout(() => {}, 60_000);
  assert.equal(timersNow(), before + 2, 'a live clock and its wire clock each arm one Node timer');
  c.dispose();
  assert.equal(timersNow(), before);
  c.setTimeout(() => {}, 30_000);
  c.wire.setTimeout(() => {}, 30_000);
  c.resume();
  c.setScale(2);
  assert.equal(timersNow(), before, 'a disposed clock arms nothing');
});

test('ScaledClock wire clock: real time, which neither a pause nor a fast-forward moves', async () => {
  const c = new ScaledClock({ start: 0, scale: 1000 });
  let wireFired = false;
  c.wire.setTimeout(() => { wireFired = true; }, 60_000);
  await c.fastForward(3_600_000);
  c.pause();
  assert.equal(wireFired, false, 'an hour of the clock is not a minute of the wire');
  let soon = false;
  c.wire.setTimeout(() => { soon = true; }, 20);
  await sleep(150);
  assert.equal(soon, true, 'the wire keeps real time while the clock is paused');
  c.dispose();
});
