/**
 * Shard arithmetic (docs/sharding.md, D18) as properties: for any fleet size N and shard count K ≤ N the K
 * slices are disjoint, their union is every twin once, each is contiguous and sizes differ by at most one,
 * and a twin's id depends on (prefix, n, N) only: the same however the fleet is sharded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TwinError } from '../shared/errors.ts';
import { fleetId, idDigits, shardDataDir, shardIds, shardRange, UNSHARDED } from './shard.ts';

const fleetAndShards = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: Math.min(n, 64) })));

test('shards are disjoint and complete: the K slices, in order, are exactly twins 1 … N', () => {
  fc.assert(fc.property(fleetAndShards, ([n, k]) => {
    let next = 1;
    for (let index = 0; index < k; index++) {
      const { first, last } = shardRange(n, { index, count: k });
      assert.equal(first, next, `shard ${index}/${k} of ${n} starts where the previous one ended`);
      assert.ok(last >= first, `shard ${index}/${k} of ${n} is not empty (K ≤ N)`);
      next = last + 1;
    }
    assert.equal(next, n + 1);
  }), { numRuns: 300 });
});

test('shards are balanced: sizes differ by at most one', () => {
  fc.assert(fc.property(fleetAndShards, ([n, k]) => {
    const sizes = Array.from({ length: k }, (_, index) => { const r = shardRange(n, { index, count: k }); return r.last - r.first + 1; });
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${sizes.join(',')}`);
    assert.equal(Math.max(...sizes), Math.ceil(n / k));
  }), { numRuns: 300 });
});

test('ids are stable: the union of the shards\' ids is the unsharded fleet\'s ids, each once, in order, whatever K', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: Math.min(n, 16) }))), ([n, k]) => {
    const whole = shardIds('EVB', n);
    const union = Array.from({ length: k }, (_, index) => shardIds('EVB', n, { index, count: k })).flat();
    assert.deepEqual(union, whole);
    assert.equal(new Set(union).size, n);
  }), { numRuns: 200 });
});

test('ids keep the 4 digits station --count always gave, and grow to the width of N: <prefix>-000001 … <prefix>-100000', () => {
  assert.deepEqual(shardIds('EVB', 1), ['EVB'], 'a fleet of one is the id itself');
  assert.deepEqual(shardIds('EVB', 3), ['EVB-0001', 'EVB-0002', 'EVB-0003']);
  assert.equal(fleetId('EVB', 9999, 9999), 'EVB-9999');
  assert.equal(idDigits(10_000), 5);
  assert.equal(fleetId('EVB', 1, 100_000), 'EVB-000001');
  assert.equal(fleetId('EVB', 100_000, 100_000), 'EVB-100000');
  const last = shardIds('EVB', 100_000, { index: 3, count: 4 });
  assert.deepEqual([last[0], last.at(-1), last.length], ['EVB-075001', 'EVB-100000', 25_000]);
  assert.deepEqual(shardIds('EVB', 10, { index: 1, count: 3 }), ['EVB-0004', 'EVB-0005', 'EVB-0006']);
});

test('bad shards are TwinError TWIN_ERR_BAD_SHARD: index outside 0 … K−1 (0-based), K above N or below 1, N outside 1 … 1,000,000', () => {
  const bad = (n: number, index: number, count: number, message: RegExp): void => {
    assert.throws(() => shardRange(n, { index, count }), (e: unknown) => e instanceof TwinError && e.code === 'TWIN_ERR_BAD_SHARD' && message.test(e.message));
  };
  bad(10, 3, 3, /0-based: an integer between 0 and 2, got 3/);
  bad(10, -1, 3, /0-based/);
  bad(10, 0, 0, /shard count/);
  bad(3, 0, 4, /between 1 and the fleet size 3, got 4/);
  bad(0, 0, 1, /fleet size/);
  bad(1_000_001, 0, 1, /fleet size/);
  bad(10, 0.5, 3, /0-based/);
});

test('{shard} in a data folder becomes the shard index, every occurrence; 0 unsharded', () => {
  assert.equal(shardDataDir('/data/shard-{shard}/x{shard}', { index: 7, count: 8 }), '/data/shard-7/x7');
  assert.equal(shardDataDir('/data/twins', { index: 7, count: 8 }), '/data/twins');
  assert.equal(shardDataDir('/data/{shard}', UNSHARDED), '/data/0');
});
