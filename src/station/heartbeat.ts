/**
 * OCPP 1.6 §4.6 Heartbeat: once registered, one Heartbeat every HeartbeatInterval seconds (0 = none).
 * A change of the key re-arms the timer at once (guide: every accepted change takes effect at once).
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
  lastSentAt: number | undefined;

  constructor(clock: Clock, host: HeartbeatHost) {
    this.#clock = clock;
    this.#host = host;
  }

  start(): void { this.#running = true; this.#arm(); }
  stop(): void { this.#running = false; this.#clock.clearTimeout(this.#timer); this.#timer = undefined; }
  /** Re-arms with the current interval (after a HeartbeatInterval change). */
  rearm(): void { if (this.#running) this.#arm(); }

  #arm(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#host.heartbeatIntervalS();
    if (!(s > 0)) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.lastSentAt = this.#clock.now();
      this.#host.sendHeartbeat().catch(() => { /* a lost heartbeat is not retried; the next one follows */ });
      this.#arm();
    }, s * 1000);
  }
}
