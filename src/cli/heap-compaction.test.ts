import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { compactAfterBoot, compactHeap, fullGcFunction } from './heap-compaction.ts';

test('compactHeap: a plain full GC, a compacting one, then the low-memory collection, in that order', async () => {
  const calls: string[] = [];
  await compactHeap({ gc: () => calls.push('gc'), lowMemoryCollection: async () => { calls.push('low'); return true; } });
  assert.deepEqual(calls, ['gc', 'gc', 'low']);
});

test('compactHeap with the real collector: garbage is gone and the young generation is back to its small size', async () => {
  assert.equal(typeof fullGcFunction(), 'function');
  assert.equal((globalThis as { gc?: unknown }).gc, undefined, 'no global gc left behind');
  let garbage: object | undefined = { payload: new Array(100_000).fill(0) };
  const ref = new WeakRef(garbage);
  garbage = undefined;
  // Objects that live for a while, in numbers: V8 grows its young generation, as during a boot wave.
  let live: object[] = [];
  for (let i = 0; i < 3_000_000; i++) { live.push({ i }); if (live.length > 200_000) live = []; }
  live = [];
  const grown = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;
  assert.ok(grown > 4 * 2 ** 20, `the young generation grew (${grown} bytes)`);
  await new Promise((r) => setImmediate(r)); // a WeakRef target stays alive until the current job ends
  await compactHeap();
  assert.equal(ref.deref(), undefined);
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!;
  assert.ok(young.space_size <= 4 * 2 ** 20, `new space ${young.space_size} bytes`);
});

test('compactAfterBoot: one line with the RSS before and after; a failure is reported, not thrown', async () => {
  const lines: string[] = [];
  await compactAfterBoot((t) => lines.push(t), async () => {});
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^heap compacted after the boot: RSS \d+ → \d+ MiB in \d+\.\d s\n$/);
  await compactAfterBoot((t) => lines.push(t), async () => { throw new Error('no inspector'); });
  assert.equal(lines[1], 'heap compaction after the boot failed: no inspector\n');
});
