/**
 * A min-heap of due timers, shared by every Clock implementation. Pure: it never looks at real time.
 * Timers with equal due times fire in the order they were armed.
 *
 * Cancelling is lazy in the heap but eager in memory: a cancelled entry drops its function at once (a
 * call timeout's closure holds the call, its payload and its promise), and the heap is rebuilt without
 * cancelled entries when they outnumber the live ones. A fleet cancels one call timeout per answered
 * message, so without this every station would carry its last answered calls for 30 s.
 */
import type { TimerId } from './clock.ts';

interface Entry { due: number; seq: number; id: TimerId; fn: (() => void) | undefined }

export class TimerQueue {
  #heap: Entry[] = [];
  #live = new Map<TimerId, Entry>();
  #nextId = 1;
  #seq = 0;

  get size(): number { return this.#live.size; }

  add(due: number, fn: () => void): TimerId {
    const entry: Entry = { due, seq: this.#seq++, id: this.#nextId++, fn };
    this.#live.set(entry.id, entry);
    this.#push(entry);
    return entry.id;
  }

  cancel(id: TimerId | undefined): void {
    if (id === undefined) return;
    const entry = this.#live.get(id);
    if (!entry) return;
    this.#live.delete(id);
    entry.fn = undefined;
    if (this.#heap.length > 64 && this.#heap.length > 2 * this.#live.size) this.#compact();
  }

  /** Due time of the earliest live timer, or undefined when none is armed. */
  nextDue(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.due;
  }

  /** Removes and returns the earliest live timer if it is due at or before `t`. */
  popDue(t: number): { due: number; fn: () => void } | undefined {
    this.#dropCancelled();
    const top = this.#heap[0];
    if (!top || top.due > t) return undefined;
    this.#pop();
    this.#live.delete(top.id);
    const fn = top.fn!;
    top.fn = undefined;
    return { due: top.due, fn };
  }

  /** Number of entries in the heap, cancelled ones included (for tests of the memory bound). */
  get heapLength(): number { return this.#heap.length; }

  #dropCancelled(): void {
    while (this.#heap.length && this.#heap[0]!.fn === undefined) this.#pop();
  }

  /** Rebuilds the heap from the live entries only (bottom-up heapify, O(n)). */
  #compact(): void {
    const h = this.#heap.filter((e) => e.fn !== undefined);
    this.#heap = h;
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #less(a: Entry, b: Entry): boolean { return a.due < b.due || (a.due === b.due && a.seq < b.seq); }

  #push(e: Entry): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    this.#siftDown(0);
  }

  #siftDown(start: number): void {
    const h = this.#heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
