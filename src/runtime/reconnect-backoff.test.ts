import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTwinError } from '../shared/errors.ts';
import { ReconnectBackoff, seededRandom } from './reconnect-backoff.ts';

const mid = () => 0.5; // no jitter effect

test('reconnect backoff: starts at initialMs and doubles per failed attempt up to maxMs, then stays there', () => {
  const b = new ReconnectBackoff({ initialMs: 1000, maxMs: 30_000, jitter: 0.25, random: mid });
  assert.deepEqual(Array.from({ length: 8 }, () => b.next()), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  assert.equal(b.attempts, 8);
  for (let i = 0; i < 2000; i++) b.next();
  assert.equal(b.next(), 30_000, 'no overflow after thousands of attempts');
});

test('reconnect backoff: reset after a successful connection starts again from initialMs', () => {
  const b = new ReconnectBackoff({ initialMs: 500, maxMs: 8000, random: mid });
  b.next(); b.next(); b.next();
  assert.equal(b.next(), 4000);
  b.reset();
  assert.equal(b.attempts, 0);
  assert.equal(b.next(), 500);
  assert.equal(b.next(), 1000);
});

test('reconnect backoff: jitter spreads each delay within base·(1 ± jitter), driven by the injected random source', () => {
  assert.equal(new ReconnectBackoff({ initialMs: 1000, jitter: 0.25, random: () => 0 }).next(), 750, 'lowest draw');
  assert.equal(new ReconnectBackoff({ initialMs: 1000, jitter: 0.25, random: () => 0.999999 }).next(), 1250, 'highest draw');
  assert.equal(new ReconnectBackoff({ initialMs: 1000, jitter: 0, random: () => 0 }).next(), 1000, 'no jitter');
  const rnd = seededRandom(42);
  const delays: number[] = [];
  for (let i = 0; i < 2000; i++) delays.push(new ReconnectBackoff({ initialMs: 1000, maxMs: 60_000, jitter: 0.25, random: rnd }).next());
  assert.ok(delays.every((d) => d >= 750 && d <= 1250), 'every first delay in [750, 1250]');
  assert.ok(Math.min(...delays) < 775 && Math.max(...delays) > 1225, 'the whole range is used');
  assert.ok(new Set(delays).size > 400, 'twins cut off together do not come back together');
  const capped = new ReconnectBackoff({ initialMs: 1000, maxMs: 4000, jitter: 0.25, random: seededRandom(7) });
  for (let i = 0; i < 50; i++) { const d = capped.next(); assert.ok(d >= 750 && d <= 5000, `delay ${d} within the capped band`); }
});

test('reconnect backoff: the same seed gives the same delays (reproducible fleets)', () => {
  const run = () => { const b = new ReconnectBackoff({ random: seededRandom(2026) }); return Array.from({ length: 10 }, () => b.next()); };
  assert.deepEqual(run(), run());
  assert.notDeepEqual(run(), (() => { const b = new ReconnectBackoff({ random: seededRandom(2027) }); return Array.from({ length: 10 }, () => b.next()); })());
});

test('reconnect backoff: options out of range are refused with TWIN_ERR_BACKOFF_OPTIONS', () => {
  for (const o of [{ initialMs: 0 }, { initialMs: -5 }, { initialMs: 1000, maxMs: 10 }, { jitter: 1 }, { jitter: -0.1 }, { initialMs: Number.NaN }, { maxMs: Infinity }]) {
    assert.throws(() => new ReconnectBackoff(o), (e: unknown) => isTwinError(e, 'TWIN_ERR_BACKOFF_OPTIONS'), JSON.stringify(o));
  }
});
