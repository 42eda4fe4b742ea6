/**
 * A min-heap of due timers, shared by every Clock implementation. Pure: it never looks at real time.
 * Timers with equal due times fire in the order they were armed.
 */
import type { TimerId } from './clock.ts';

interface Entry { due: number; seq: number; id: TimerId; fn: () => void }

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
    if (id !== undefined) this.#live.delete(id);
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
    return top;
  }

  #dropCancelled(): void {
    while (this.#heap.length && !this.#live.has(this.#heap[0]!.id)) this.#pop();
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
    let i = 0;
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
