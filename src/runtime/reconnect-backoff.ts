/**
 * Reconnect delays: exponential from `initialMs` up to `maxMs`, with ± `jitter` spread so that ten
 * thousand twins cut off together do not come back in one burst. Randomness is injected (seedable).
 * The cap applies to the base delay: attempt n waits base·(1 ± jitter) with base = min(maxMs, initialMs·2ⁿ).
 */
import { TwinError } from '../shared/errors.ts';

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
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !Number.isFinite(this.maxMs)) {
      throw new TwinError('TWIN_ERR_BACKOFF_OPTIONS', `backoff needs 0 < initialMs <= maxMs (finite), got initialMs=${this.initialMs} maxMs=${this.maxMs}`);
    }
    if (!(this.jitter >= 0 && this.jitter < 1)) throw new TwinError('TWIN_ERR_BACKOFF_OPTIONS', `backoff jitter must be in [0, 1), got ${this.jitter}`);
  }

  get attempts(): number { return this.#attempt; }

  /** Delay before the next attempt; each call counts one failed attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.#attempt);
    this.#attempt++;
    const r = Math.min(1, Math.max(0, this.#random()));
    return Math.round(base * (1 + this.jitter * (r * 2 - 1)));
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
