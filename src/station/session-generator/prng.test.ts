import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng, hash32, stationSeed } from './prng.ts';
import { draw, pickWeighted, type Distribution } from './distributions.ts';

test('mulberry32: the same seed gives the same stream, another seed another one', () => {
  const a = new Prng(42), b = new Prng(42), c = new Prng(43);
  const sa = Array.from({ length: 100 }, () => a.nextUint32());
  assert.deepEqual(sa, Array.from({ length: 100 }, () => b.nextUint32()));
  assert.notDeepEqual(sa, Array.from({ length: 100 }, () => c.nextUint32()));
  // a known value pins the algorithm (a change of generator changes every seeded run)
  assert.equal(new Prng(0).nextUint32(), 1144304738); // mulberry32(0) → 0.26642920868471265
});

test('uniforms lie in [0,1) and (0,1], with a mean near 1/2 over 20,000 draws', () => {
  const r = new Prng(7);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const u = r.next(); const v = r.nextOpen();
    assert.ok(u >= 0 && u < 1); assert.ok(v > 0 && v <= 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / 20_000 - 0.5) < 0.01);
});

test('station seeds depend on (fleet seed, station id) only', () => {
  assert.equal(stationSeed(1, 'EVB-0001'), stationSeed(1, 'EVB-0001'));
  assert.notEqual(stationSeed(1, 'EVB-0001'), stationSeed(1, 'EVB-0002'));
  assert.notEqual(stationSeed(1, 'EVB-0001'), stationSeed(2, 'EVB-0001'));
  assert.equal(hash32(''), 0x811c9dc5);
});

function sample(d: Distribution, n = 20_000, seed = 3): { mean: number; sd: number; min: number; max: number } {
  const r = new Prng(seed);
  const xs = Array.from({ length: n }, () => draw(d, r));
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

test('distributions: means and spreads within tolerance, bounds clamp', () => {
  const e = sample({ kind: 'exponential', mean: 10 });
  assert.ok(Math.abs(e.mean - 10) < 0.3 && Math.abs(e.sd - 10) < 0.5, JSON.stringify(e));
  const n = sample({ kind: 'normal', mean: 50, sd: 5 });
  assert.ok(Math.abs(n.mean - 50) < 0.15 && Math.abs(n.sd - 5) < 0.15, JSON.stringify(n));
  const u = sample({ kind: 'uniform', min: 2, max: 4 });
  assert.ok(u.min >= 2 && u.max < 4 && Math.abs(u.mean - 3) < 0.02, JSON.stringify(u));
  const l = sample({ kind: 'lognormal', mu: Math.log(100), sigma: 0.5 });
  assert.ok(Math.abs(l.mean - 100 * Math.exp(0.125)) < 2, JSON.stringify(l));
  const b = sample({ kind: 'normal', mean: 0, sd: 10, min: -5, max: 5 });
  assert.ok(b.min === -5 && b.max === 5, JSON.stringify(b));
  assert.equal(sample({ kind: 'fixed', value: 7 }, 10).mean, 7);
});

test('every draw consumes two numbers whatever its kind (a kind never shifts the stream)', () => {
  for (const d of [{ kind: 'fixed', value: 1 }, { kind: 'uniform', min: 0, max: 1 }, { kind: 'lognormal', mu: 0, sigma: 1 }] as Distribution[]) {
    const r = new Prng(9); draw(d, r);
    const ref = new Prng(9); ref.next(); ref.next();
    assert.equal(r.state, ref.state);
  }
});

test('pickWeighted follows the weights and never picks a zero weight', () => {
  const r = new Prng(5);
  const counts = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 30_000; i++) counts[pickWeighted([['a', 1], ['b', 0], ['c', 3]] as const, r)]++;
  assert.equal(counts.b, 0);
  assert.ok(Math.abs(counts.a / 30_000 - 0.25) < 0.015, JSON.stringify(counts));
});
