/**
 * The real-time Clock of the runtime and of the embedded central system: simulated time that follows the
 * wall clock at a chosen rate. It can be paused, scaled (10× to run a day of recurring profiles in 2.4 h)
 * or fast-forwarded (every timer due in the skipped span fires in order). One real Node timer per clock,
 * armed for the earliest due timer, however many station timers are pending.
 */
import type { Clock, TimerId } from '../shared/clock.ts';
import { TimerQueue } from '../shared/timer-queue.ts';
import { RealTimeClock } from './real-time-clock.ts';

export interface ScaledClockState { now: number; scale: number; paused: boolean; pendingTimers: number }

export class ScaledClock implements Clock {
  #timers = new TimerQueue();
  #baseSim: number;
  #baseReal: number;
  #scale: number;
  #paused = false;
  #real: NodeJS.Timeout | undefined;
  #armedFor: number | undefined;
  #firing = false;
  #disposed = false;
  #wire: RealTimeClock | undefined;

  constructor(options: { start?: number; scale?: number } = {}) {
    this.#baseReal = Date.now();
    this.#baseSim = options.start ?? this.#baseReal;
    this.#scale = options.scale ?? 1;
  }

  now(): number {
    if (this.#paused) return this.#baseSim;
    return this.#baseSim + (Date.now() - this.#baseReal) * this.#scale;
  }

  /** Clock milliseconds per real millisecond: the scale (the Clock port's `rate`). */
  get rate(): number { return this.#scale; }

  /**
   * Real time, for the wire's own deadlines (ping/pong, call timeouts, reconnect backoff): this clock
   * jumps in a fast-forward and stands still when paused, the network does neither (decision D11).
   */
  get wire(): RealTimeClock { return (this.#wire ??= new RealTimeClock()); }

  setTimeout(fn: () => void, ms: number): TimerId {
    // A disposed clock keeps no timers: late callers (an answer that arrives after the station stopped)
    // get an id that never fires, and the process is free to exit.
    if (this.#disposed) return 0;
    const id = this.#timers.add(this.now() + Math.max(0, ms), fn);
    this.#arm();
    return id;
  }

  /**
   * Cancels a timer. When it was the one the real Node timer waits for, the real timer is re-armed for
   * the next (or none): a cancelled call timeout must not keep the process alive for its 30 s.
   */
  clearTimeout(id: TimerId | undefined): void {
    this.#timers.cancel(id);
    const armed = this.#armedFor;
    if (armed === undefined) return;
    const next = this.#timers.nextDue();
    if (next === undefined || next > armed) { this.#disarm(); this.#arm(); }
  }

  state(): ScaledClockState { return { now: this.now(), scale: this.#scale, paused: this.#paused, pendingTimers: this.#timers.size }; }

  pause(): void { if (this.#paused) return; this.#rebase(); this.#paused = true; this.#disarm(); }
  resume(): void { if (!this.#paused) return; this.#baseReal = Date.now(); this.#paused = false; this.#arm(); }

  setScale(scale: number): void {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('clock scale must be a positive number');
    this.#rebase();
    this.#scale = scale;
    this.#disarm();
    this.#arm();
  }

  /**
   * Jumps `ms` ahead, firing every timer due in the span in order with now() at its due time. Between
   * timers it yields to I/O (and, before a gap of a second or more, waits `yieldMs` of real time), so a
   * CALL sent by one timer gets its answer from a real socket before its call timeout comes due.
   */
  async fastForward(ms: number, yieldMs = 2): Promise<void> {
    if (!(ms >= 0)) throw new RangeError('fast-forward needs a non-negative duration');
    if (this.#disposed) return;
    const target = this.now() + ms;
    this.#disarm();
    // Timers armed meanwhile must not arm real timers (their waits would be computed from the skipped
    // span); the one real timer is armed after the jump.
    this.#firing = true;
    try {
      // The same rule before the first timer: answers already on their way (a CALL sent just before the
      // jump) arrive before a timer a second or more ahead fires.
      const first = this.#timers.nextDue();
      if (first !== undefined && first <= target && first - this.now() >= 1000) await new Promise<void>((r) => setTimeout(r, yieldMs));
      // A disposed clock (process shutdown) ends the jump: what remains of the span is not run.
      while (!this.#disposed) {
        const t = this.#timers.popDue(target);
        if (!t) break;
        this.#setNow(t.due);
        this.#run(t.fn);
        await new Promise<void>((r) => setImmediate(r));
        const next = this.#timers.nextDue();
        if (next !== undefined && next <= target && next - t.due >= 1000) await new Promise<void>((r) => setTimeout(r, yieldMs));
      }
      if (!this.#disposed) this.#setNow(target);
    } finally {
      this.#firing = false;
    }
    this.#disarm();
    this.#arm();
  }

  /**
   * Process shutdown: stops the real timers for good (this clock's and its wire clock's), ends a
   * fast-forward in progress and drops every timer; a timer set afterwards never fires. Nothing of a
   * disposed clock keeps the process alive (a shutdown after a jump used to wait for the next due timer).
   */
  dispose(): void { this.#disposed = true; this.#disarm(); this.#timers = new TimerQueue(); this.#wire?.dispose(); }

  #setNow(sim: number): void { if (sim > this.now()) { this.#baseSim = sim; this.#baseReal = Date.now(); } }
  #rebase(): void { this.#baseSim = this.now(); this.#baseReal = Date.now(); }

  #run(fn: () => void): void {
    try { fn(); } catch (e) { queueMicrotask(() => { throw e; }); }
  }

  #disarm(): void {
    if (this.#real) clearTimeout(this.#real);
    this.#real = undefined;
    this.#armedFor = undefined;
  }

  #arm(): void {
    if (this.#paused || this.#firing || this.#disposed) return;
    const due = this.#timers.nextDue();
    if (due === undefined) return this.#disarm();
    if (this.#armedFor !== undefined && this.#armedFor <= due) return;
    this.#disarm();
    this.#armedFor = due;
    const wait = Math.max(0, (due - this.now()) / this.#scale);
    this.#real = setTimeout(() => this.#fire(), Math.min(wait, 2 ** 31 - 1));
  }

  #fire(): void {
    this.#real = undefined;
    this.#armedFor = undefined;
    this.#firing = true;
    try {
      const now = this.now();
      for (;;) {
        const t = this.#timers.popDue(now);
        if (!t) break;
        this.#run(t.fn);
      }
    } finally {
      this.#firing = false;
    }
    this.#arm();
  }
}
