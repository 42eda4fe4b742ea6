/**
 * A small seeded pseudo-random generator for the session generator: mulberry32 (32-bit state, period
 * 2^32), plus a string hash to derive one stream per station from (fleet seed, station id), so a fleet
 * behaves the same however it is split across processes. Pure: no module state, no Math.random.
 */

/** 32-bit FNV-1a of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The seed of one station's stream: the fleet seed mixed with the station id (order-independent of the fleet). */
export function stationSeed(fleetSeed: number, stationId: string): number {
  let z = (Math.imul(fleetSeed >>> 0, 0x9e3779b1) ^ hash32(stationId)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export class Prng {
  #state: number;
  constructor(seed: number) { this.#state = seed >>> 0; }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number { return this.nextUint32() / 4294967296; }

  /** A uniform number in (0, 1]: safe under a logarithm. */
  nextOpen(): number { return (this.nextUint32() + 1) / 4294967296; }

  /** The state, to snapshot or compare streams. */
  get state(): number { return this.#state; }
}
