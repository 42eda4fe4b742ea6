import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimerQueue } from './timer-queue.ts';

function drain(q: TimerQueue, t: number): void {
  for (let e = q.popDue(t); e; e = q.popDue(t)) e.fn();
}

test('timers fire by due time, ties in the order they were armed', () => {
  const q = new TimerQueue();
  const seen: string[] = [];
  q.add(20, () => seen.push('c'));
  q.add(10, () => seen.push('a'));
  q.add(10, () => seen.push('b'));
  q.add(30, () => seen.push('d'));
  assert.equal(q.nextDue(), 10);
  drain(q, 25);
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.equal(q.size, 1);
  assert.equal(q.nextDue(), 30);
});

test('a cancelled timer never fires, and cancelling twice or an unknown id is harmless', () => {
  const q = new TimerQueue();
  const seen: number[] = [];
  const a = q.add(5, () => seen.push(1));
  q.add(6, () => seen.push(2));
  q.cancel(a); q.cancel(a); q.cancel(999); q.cancel(undefined);
  assert.equal(q.size, 1);
  assert.equal(q.nextDue(), 6);
  drain(q, 100);
  assert.deepEqual(seen, [2]);
});

test('cancelled entries do not pile up: the heap is rebuilt when they outnumber the live timers, order kept', () => {
  const q = new TimerQueue();
  const seen: number[] = [];
  // A fleet's shape: one long-lived timer per station, and many call timeouts armed then cancelled.
  for (let i = 0; i < 100; i++) q.add(1_000_000 + i, () => seen.push(i));
  for (let round = 0; round < 50; round++) {
    const ids = Array.from({ length: 100 }, (_, k) => q.add(30_000 + round * 100 + k, () => seen.push(-1)));
    for (const id of ids) q.cancel(id);
  }
  assert.equal(q.size, 100);
  assert.ok(q.heapLength <= 2 * q.size + 1, `heap holds ${q.heapLength} entries for ${q.size} live timers`);
  drain(q, 2_000_000);
  assert.deepEqual(seen, Array.from({ length: 100 }, (_, i) => i));
});
