/**
 * Reconnect delays: exponential from `initialMs` up to `maxMs`, with ± `jitter` spread so that ten
 * thousand twins cut off together do not come back in one burst. Randomness is injected (seedable).
 */
export interface BackoffOptions { initialMs?: number; maxMs?: number; jitter?: number; random?: () => number }

export class ReconnectBackoff {
  #attempt = 0;
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitter: number;
  #random: () => number;

  constructor(o: BackoffOptions = {}) {
    this.initialMs = o.initialMs ?? 1000;
    this.maxMs = o.maxMs ?? 60_000;
    this.jitter = o.jitter ?? 0.25;
    this.#random = o.random ?? Math.random;
  }

  get attempts(): number { return this.#attempt; }

  /** Delay before the next attempt; each call counts one failed attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 + this.jitter * (this.#random() * 2 - 1)));
  }

  reset(): void { this.#attempt = 0; }
}

/** A small seeded PRNG (mulberry32) so fleets and tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
