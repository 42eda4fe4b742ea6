/**
 * Time as a port. Nothing in the pure core reads the wall clock or arms a Node timer: it asks a Clock.
 * Tests and accelerated fleets use a SimulatedClock; the runtime uses a ScaledClock driven by real time.
 */
export type TimerId = number;

export interface Clock {
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId | undefined): void;
  /**
   * Milliseconds of this clock per millisecond of real time, for a clock that follows real time (a
   * ScaledClock's scale); undefined for a clock that does not (a SimulatedClock moves only when told).
   * Waits that are about the world outside, such as a network answer, use it to stay in real time.
   */
  readonly rate?: number | undefined;
  /**
   * The clock of the wire's own deadlines (websocket ping/pong, call timeouts, reconnect backoff): real
   * time, which a pause or a fast-forward of this clock does not move, for a clock whose time can jump
   * ahead of the network. Undefined when this clock serves (a SimulatedClock: tests drive those deadlines
   * by advancing it). Everything OCPP-visible (heartbeat, sampling, retries…) stays on this clock.
   */
  readonly wire?: Clock | undefined;
}

/** The clock transport deadlines run on: the clock's wire clock, or the clock itself (see `Clock.wire`). */
export function wireClock(clock: Clock): Clock {
  return clock.wire ?? clock;
}

/** `realMs` of real time in a clock's own milliseconds (unchanged for a clock that does not follow real time). */
export function realTimeSpan(clock: Clock, realMs: number): number {
  return realMs * (clock.rate ?? 1);
}

/** ISO-8601 UTC text of a clock instant, as OCPP dateTime fields carry it. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The ISO-8601 text of a clock's now, formatted once per distinct instant: a central system answering
 * thousands of Heartbeats a second formats the same millisecond many times otherwise.
 */
export class ClockText {
  readonly #clock: Clock;
  #ms = Number.NaN;
  #text = '';
  constructor(clock: Clock) { this.#clock = clock; }
  now(): string {
    const ms = this.#clock.now();
    if (ms !== this.#ms) { this.#ms = ms; this.#text = isoAt(ms); }
    return this.#text;
  }
}
