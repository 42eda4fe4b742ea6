/**
 * A clock that moves only when told to. `advance(ms)` fires every timer due in the window in order, each
 * seeing `now()` equal to its own due time, and lets pending promise work settle between timers (through
 * the injected `settle`), so an hour of heartbeats runs in milliseconds with the same order as in real time.
 */
import type { Clock, TimerId } from './clock.ts';
import { TimerQueue } from './timer-queue.ts';

export class SimulatedClock implements Clock {
  #now: number;
  #timers = new TimerQueue();
  #settle: () => Promise<void>;

  /**
   * @param startMs initial time (epoch ms)
   * @param settle awaited between timers so that promise chains started by a timer can run; the default
   *   drains the microtask queue a few times.
   */
  constructor(startMs = Date.UTC(2026, 0, 1), settle?: () => Promise<void>) {
    this.#now = startMs;
    this.#settle = settle ?? (async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); });
  }

  now(): number { return this.#now; }

  setTimeout(fn: () => void, ms: number): TimerId {
    return this.#timers.add(this.#now + Math.max(0, ms), fn);
  }

  clearTimeout(id: TimerId | undefined): void { this.#timers.cancel(id); }

  /** Number of armed timers (for tests that check nothing is left behind). */
  get pendingTimers(): number { return this.#timers.size; }

  /** Moves time forward by `ms`, firing due timers in order. Never goes back. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await this.#settle();
    for (;;) {
      const t = this.#timers.popDue(target);
      if (!t) break;
      if (t.due > this.#now) this.#now = t.due;
      t.fn();
      await this.#settle();
    }
    if (target > this.#now) this.#now = target;
  }
}
