/**
 * Shards of a fleet (docs/sharding.md, decision D18): a fleet of N twins named <prefix>-<n> for n = 1 … N
 * is cut into K contiguous, disjoint slices; shard i (0-based, as Kubernetes' JOB_COMPLETION_INDEX and a
 * StatefulSet's ordinal) runs the numbers floor(i·N/K)+1 … floor((i+1)·N/K). The union over i = 0 … K−1
 * is 1 … N, each once, and slice sizes differ by at most one. A twin's id depends on (prefix, n, N) only,
 * never on K or i, so everything derived from the id (its durable state, its session generator's seed) is
 * the same however the fleet is sharded.
 * Pure arithmetic: no I/O, no state.
 */
import { TwinError } from '../shared/errors.ts';

/** Shard `index` (0-based) of `count` shards. */
export interface Shard { readonly index: number; readonly count: number }

/** The whole fleet in one process. */
export const UNSHARDED: Shard = { index: 0, count: 1 };

/** The most twins one shard may hold: one process keeps one websocket per twin. */
export const MAX_TWINS_PER_PROCESS = 19_000;

/** The most twins a sharded fleet may name (7-digit numbers at most). */
export const MAX_FLEET_SIZE = 1_000_000;

function check(fleetSize: number, shard: Shard): void {
  const { index, count } = shard;
  if (!Number.isSafeInteger(fleetSize) || fleetSize < 1 || fleetSize > MAX_FLEET_SIZE) {
    throw new TwinError('TWIN_ERR_BAD_SHARD', `the fleet size must be an integer between 1 and ${MAX_FLEET_SIZE}, got ${fleetSize}`);
  }
  if (!Number.isSafeInteger(count) || count < 1 || count > fleetSize) {
    throw new TwinError('TWIN_ERR_BAD_SHARD', `the shard count must be an integer between 1 and the fleet size ${fleetSize}, got ${count}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new TwinError('TWIN_ERR_BAD_SHARD', `the shard index is 0-based: an integer between 0 and ${count - 1}, got ${index}`);
  }
}

/** The numbers (1-based, inclusive) of the twins shard `shard` of a fleet of `fleetSize` runs. */
export function shardRange(fleetSize: number, shard: Shard): { first: number; last: number } {
  check(fleetSize, shard);
  // fleetSize·index ≤ 10^12: exact in a double.
  return { first: Math.floor((shard.index * fleetSize) / shard.count) + 1, last: Math.floor(((shard.index + 1) * fleetSize) / shard.count) };
}

/** The most twins any shard of that fleet holds (⌈N/K⌉). */
export function largestShard(fleetSize: number, shards: number): number {
  return Math.ceil(fleetSize / shards);
}

/**
 * Digits of a twin's number: 4 (the ids `station --count` always gave, <prefix>-0001, kept so existing data
 * folders keep their twins), more when N needs them (N = 100,000 gives <prefix>-000001 … <prefix>-100000).
 */
export function idDigits(fleetSize: number): number {
  return Math.max(4, String(fleetSize).length);
}

/** The id of twin `n` (1-based) of a fleet of `fleetSize`: the prefix alone for a fleet of one. */
export function fleetId(prefix: string, n: number, fleetSize: number): string {
  return fleetSize === 1 ? prefix : `${prefix}-${String(n).padStart(idDigits(fleetSize), '0')}`;
}

/** The ids shard `shard` of a fleet of `fleetSize` twins named after `prefix` runs, in order. */
export function shardIds(prefix: string, fleetSize: number, shard: Shard = UNSHARDED): string[] {
  const { first, last } = shardRange(fleetSize, shard);
  return Array.from({ length: last - first + 1 }, (_, i) => fleetId(prefix, first + i, fleetSize));
}

/** A data folder for one shard: every `{shard}` in it becomes the shard's index (0 when unsharded). */
export function shardDataDir(template: string, shard: Shard): string {
  return template.split('{shard}').join(String(shard.index));
}
