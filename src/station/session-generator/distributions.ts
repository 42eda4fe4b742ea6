/**
 * The distributions a session generator's settings name, and how to draw from them with a Prng. Every
 * draw consumes a fixed count of random numbers (2), whatever the kind, so one parameter's kind never
 * shifts the stream of the others. Bounds (min/max) clamp the drawn value.
 */
import type { Prng } from './prng.ts';

export type Distribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number; min?: number; max?: number }
  | { kind: 'normal'; mean: number; sd: number; min?: number; max?: number }
  /** exp(N(mu, sigma)): `mu` and `sigma` are the mean and standard deviation of the value's logarithm. */
  | { kind: 'lognormal'; mu: number; sigma: number; min?: number; max?: number };

/** A standard normal variate from two uniforms (Box–Muller). */
function standardNormal(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function clamp(v: number, min: number | undefined, max: number | undefined): number {
  if (min !== undefined && v < min) return min;
  if (max !== undefined && v > max) return max;
  return v;
}

/** One value of `d`; always consumes exactly two numbers of `rng`. */
export function draw(d: Distribution, rng: Prng): number {
  const u1 = rng.nextOpen();
  const u2 = rng.next();
  switch (d.kind) {
    case 'fixed': return d.value;
    case 'uniform': return d.min + (d.max - d.min) * u2;
    case 'exponential': return clamp(-Math.log(u1) * d.mean, d.min, d.max);
    case 'normal': return clamp(d.mean + d.sd * standardNormal(u1, u2), d.min, d.max);
    case 'lognormal': return clamp(Math.exp(d.mu + d.sigma * standardNormal(u1, u2)), d.min, d.max);
  }
}

/** The mean of a distribution without its bounds (for documentation, status and tests). */
export function unboundedMean(d: Distribution): number {
  switch (d.kind) {
    case 'fixed': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'exponential': return d.mean;
    case 'normal': return d.mean;
    case 'lognormal': return Math.exp(d.mu + d.sigma * d.sigma / 2);
  }
}

/** Picks a key of `weights` with probability proportional to its weight (one number of `rng`). */
export function pickWeighted<K extends string>(weights: ReadonlyArray<readonly [K, number]>, rng: Prng): K {
  const u = rng.next();
  let total = 0;
  for (const [, w] of weights) total += w;
  let acc = 0;
  for (const [k, w] of weights) {
    acc += w / total;
    if (u < acc && w > 0) return k;
  }
  // rounding at the end of the scale: the last key with a weight
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]![1] > 0) return weights[i]![0];
  return weights[0]![0];
}
