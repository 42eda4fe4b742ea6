/**
 * OCPP 1.6 §4.6 Heartbeat: once registered, a Heartbeat after HeartbeatInterval seconds without any
 * exchange with the central system (0 = none; §9.1.10 defines it as an interval of inactivity): the
 * station re-arms the timer after every other exchange (`rearm`), and after its own Heartbeat only once
 * that one was answered, refused, timed out or lost with the link, so no Heartbeat is ever queued behind one still queued or in flight, and a slow or
 * silent central system never makes Heartbeats pile up (decision D11).
 * A change of the key re-arms the timer at once (guide: every accepted change takes effect at once);
 * with a Heartbeat in flight, the new interval counts from its end.
 */
import type { Clock, TimerId } from '../shared/clock.ts';

/** What the heartbeat asks of its station. */
export interface HeartbeatHost {
  heartbeatIntervalS(): number;
  sendHeartbeat(): Promise<unknown>;
}

export class Heartbeat {
  #clock: Clock;
  #host: HeartbeatHost;
  #timer: TimerId | undefined;
  #running = false;
  /** Bumped by start/stop, so the end of an exchange of an earlier run does not re-arm this one. */
  #run = 0;
  /** The Heartbeat of this run still queued or in flight. */
  #pending = false;
  lastSentAt: number | undefined;

  constructor(clock: Clock, host: HeartbeatHost) {
    this.#clock = clock;
    this.#host = host;
  }

  start(): void { this.#running = true; this.#run++; this.#pending = false; this.#arm(); }
  stop(): void { this.#running = false; this.#run++; this.#pending = false; this.#clock.clearTimeout(this.#timer); this.#timer = undefined; }
  /** Re-arms with the current interval (after a HeartbeatInterval change); a Heartbeat in flight re-arms when it ends. */
  rearm(): void { if (this.#running && !this.#pending) this.#arm(); }

  /** Whether a Heartbeat is queued or in flight (for tests and views). */
  get inFlight(): boolean { return this.#pending; }

  #arm(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#host.heartbeatIntervalS();
    if (!(s > 0)) return;
    this.#timer = this.#clock.setTimeout(() => this.#beat(), s * 1000);
  }

  #beat(): void {
    this.#timer = undefined;
    const run = this.#run;
    this.lastSentAt = this.#clock.now();
    this.#pending = true;
    const ended = (): void => {
      if (run !== this.#run) return;
      this.#pending = false;
      if (this.#running) this.#arm();
    };
    // A lost heartbeat is not retried; the next one follows an interval after this exchange ended.
    this.#host.sendHeartbeat().then(ended, ended);
  }
}
