/**
 * Real time as a Clock: the wire clock of a ScaledClock (`Clock.wire`). Transport deadlines (websocket
 * ping/pong, call timeouts, reconnect backoff) run on it, so a fast-forward or a pause of the station's
 * clock never makes a socket or a call look dead (decision D11). Like the ScaledClock, it arms one Node
 * timer for its earliest due timer, however many stations share it.
 */
import type { Clock, TimerId } from '../shared/clock.ts';
import { TimerQueue } from '../shared/timer-queue.ts';

export class RealTimeClock implements Clock {
  #timers = new TimerQueue();
  #real: NodeJS.Timeout | undefined;
  #armedFor: number | undefined;
  #disposed = false;

  readonly rate = 1;

  now(): number { return Date.now(); }

  setTimeout(fn: () => void, ms: number): TimerId {
    // At least 1 ms, as Node's own setTimeout: a timer armed while timers fire runs at a later turn.
    const id = this.#timers.add(Date.now() + Math.max(1, ms), fn);
    this.#arm();
    return id;
  }

  clearTimeout(id: TimerId | undefined): void { this.#timers.cancel(id); }

  /** Armed timers (for tests that check nothing is left behind). */
  get pendingTimers(): number { return this.#timers.size; }

  /** Stops for good: no Node timer is armed any more, so nothing here keeps the process alive. */
  dispose(): void { this.#disposed = true; this.#disarm(); }

  #disarm(): void {
    if (this.#real) clearTimeout(this.#real);
    this.#real = undefined;
    this.#armedFor = undefined;
  }

  #arm(): void {
    if (this.#disposed) return;
    const due = this.#timers.nextDue();
    if (due === undefined) return this.#disarm();
    if (this.#armedFor !== undefined && this.#armedFor <= due) return;
    this.#disarm();
    this.#armedFor = due;
    this.#real = setTimeout(() => this.#fire(), Math.min(Math.max(0, due - Date.now()), 2 ** 31 - 1));
  }

  #fire(): void {
    this.#real = undefined;
    this.#armedFor = undefined;
    const now = Date.now();
    for (;;) {
      const t = this.#timers.popDue(now);
      if (!t) break;
      try { t.fn(); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
    this.#arm();
  }
}
