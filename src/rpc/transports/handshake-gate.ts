/**
 * At most `limit` WebSocket opening handshakes in flight at once; the others wait their turn, first come
 * first served. A fleet of 16,000 twins started together would otherwise open 16,000 handshakes at the
 * same moment: each holds an HTTP request, its parser and buffers until the upgrade, and the process's
 * heap grows to that peak and keeps it (a 16,667-twin process held 627 MB right after boot with every
 * handshake at once, 438 MB with 256 at a time, and booted as fast). A slot is held only from the TCP
 * connect to the handshake's outcome (open, refusal, error or timeout), never while a connection is open,
 * so a twin that cannot connect frees it as soon as its attempt ends.
 */
export class HandshakeGate {
  #active = 0;
  /**
   * Waiting attempts in arrival order from #head on: an index, not shift(). A queue of 16,000 is an array
   * too large for V8 to trim in place, so each shift() copied the rest (5–50 µs per handshake measured,
   * about 3 % of a 16,667-twin shard's boot CPU). Compacted once the served part is the larger half.
   */
  readonly #waiting: Array<(() => void) | undefined> = [];
  #head = 0;

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`a handshake limit must be a positive integer, got ${limit}`);
  }

  /** Handshakes in flight now. */
  get active(): number { return this.#active; }
  /** Handshakes waiting for a slot. */
  get waiting(): number { return this.#waiting.length - this.#head; }

  /** Runs `attempt` once a slot is free; the slot is given back when its promise settles. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => { this.#waiting.push(resolve); });
    else this.#active++;
    try {
      return await attempt();
    } finally {
      const next = this.#takeNext();
      if (next) next(); // the slot passes on directly: #active stays the same
      else this.#active--;
    }
  }

  #takeNext(): (() => void) | undefined {
    const w = this.#waiting;
    if (this.#head === w.length) return undefined;
    const next = w[this.#head];
    w[this.#head++] = undefined;
    if (this.#head === w.length) { w.length = 0; this.#head = 0; } // empty: the store is freed
    else if (this.#head >= 1024 && this.#head * 2 >= w.length) { w.splice(0, this.#head); this.#head = 0; }
    return next;
  }
}

/**
 * The gate every twin of this process shares (sockets and memory are the process's). One per process on
 * purpose: twins of several fleets in one process compete for the same resources.
 */
export const processHandshakes = new HandshakeGate(256);
