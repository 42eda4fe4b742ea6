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
}

/** `realMs` of real time in a clock's own milliseconds (unchanged for a clock that does not follow real time). */
export function realTimeSpan(clock: Clock, realMs: number): number {
  return realMs * (clock.rate ?? 1);
}

/** ISO-8601 UTC text of a clock instant, as OCPP dateTime fields carry it. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
