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
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`a handshake limit must be a positive integer, got ${limit}`);
  }

  /** Handshakes in flight now. */
  get active(): number { return this.#active; }
  /** Handshakes waiting for a slot. */
  get waiting(): number { return this.#waiting.length; }

  /** Runs `attempt` once a slot is free; the slot is given back when its promise settles. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => { this.#waiting.push(resolve); });
    else this.#active++;
    try {
      return await attempt();
    } finally {
      const next = this.#waiting.shift();
      if (next) next(); // the slot passes on directly: #active stays the same
      else this.#active--;
    }
  }
}

/**
 * The gate every twin of this process shares (sockets and memory are the process's). One per process on
 * purpose: twins of several fleets in one process compete for the same resources.
 */
export const processHandshakes = new HandshakeGate(256);
