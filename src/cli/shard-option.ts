/**
 * Which shard of a fleet `chargetwin station` runs (docs/sharding.md, decision D18), from the first that is
 * set of:
 * 1. `--shard I/K` (I 0-based: 0/4, 1/4, 2/4, 3/4);
 * 2. CHARGETWIN_SHARD=I/K;
 * 3. CHARGETWIN_SHARDS=K with the index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), else from
 *    HOSTNAME ending in -<ordinal> (a StatefulSet's pod <name>-<ordinal>).
 * None set: the whole fleet in this process. Every bad value is a UsageError (one line, exit 2) naming
 * where it came from.
 */
import { TwinError } from '../shared/errors.ts';
import { largestShard, MAX_TWINS_PER_PROCESS, shardIds, type Shard } from '../fleet/shard.ts';
import { UsageError } from './args.ts';

export const SHARD_ENV = 'CHARGETWIN_SHARD';
export const SHARDS_ENV = 'CHARGETWIN_SHARDS';

/** A shard and where it was read (for messages and the startup line). */
export interface ShardChoice { readonly shard: Shard; readonly from: string }

const NUMBER = /^\d{1,7}$/;

function shardText(text: string, from: string): Shard {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(text.trim());
  if (!m) throw new UsageError(`${from} must be I/K, the 0-based shard index I of K shards (e.g. 0/4 … 3/4), got "${text}"`);
  return checked({ index: Number(m[1]), count: Number(m[2]) }, from);
}

function checked(shard: Shard, from: string): Shard {
  if (shard.count < 1) throw new UsageError(`${from}: the shard count must be at least 1, got ${shard.count}`);
  if (shard.index >= shard.count) throw new UsageError(`${from}: the shard index is 0-based, from 0 to ${shard.count - 1} for ${shard.count} shards, got ${shard.index}`);
  return shard;
}

const set = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** The shard this process runs, or undefined for the whole fleet. */
export function shardOption(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ShardChoice | undefined {
  const flag = values.shard;
  if (typeof flag === 'string') return { shard: shardText(flag, '--shard'), from: '--shard' };
  const whole = set(env, SHARD_ENV);
  const countText = set(env, SHARDS_ENV);
  let count: number | undefined;
  if (countText !== undefined) {
    if (!NUMBER.test(countText) || Number(countText) < 1) throw new UsageError(`${SHARDS_ENV} must be the number of shards, a positive integer, got "${countText}"`);
    count = Number(countText);
  }
  if (whole !== undefined) {
    const shard = shardText(whole, SHARD_ENV);
    if (count !== undefined && count !== shard.count) throw new UsageError(`${SHARD_ENV}=${whole} and ${SHARDS_ENV}=${count} disagree on the number of shards`);
    return { shard, from: SHARD_ENV };
  }
  if (count === undefined) return undefined;
  const jobIndex = set(env, 'JOB_COMPLETION_INDEX');
  if (jobIndex !== undefined) {
    if (!NUMBER.test(jobIndex)) throw new UsageError(`JOB_COMPLETION_INDEX must be a non-negative integer, got "${jobIndex}"`);
    return { shard: checked({ index: Number(jobIndex), count }, `JOB_COMPLETION_INDEX=${jobIndex} with ${SHARDS_ENV}=${count}`), from: 'JOB_COMPLETION_INDEX' };
  }
  const host = set(env, 'HOSTNAME');
  const ordinal = host !== undefined ? /-(\d{1,7})$/.exec(host)?.[1] : undefined;
  if (ordinal === undefined) {
    throw new UsageError(`${SHARDS_ENV}=${count} is set but no shard index: set JOB_COMPLETION_INDEX (Indexed Job), run as a StatefulSet pod (HOSTNAME <name>-<ordinal>, got "${host ?? ''}"), or set ${SHARD_ENV}=I/K`);
  }
  return { shard: checked({ index: Number(ordinal), count }, `HOSTNAME=${host} (StatefulSet ordinal ${ordinal}) with ${SHARDS_ENV}=${count}`), from: 'HOSTNAME' };
}

/**
 * The ids this process runs: twins 1 … count named after `prefix` (fleet/shard.ts), the shard's slice of
 * them. A shard count above the fleet size, or a slice above one process's limit, is a usage error.
 */
export function stationIds(prefix: string, count: number, choice: ShardChoice | undefined): string[] {
  if (choice === undefined) return shardIds(prefix, count);
  const { shard, from } = choice;
  if (shard.count > count) throw new UsageError(`${from}: ${shard.count} shards for --count ${count} would leave shards without a twin; use at most ${count} shards`);
  const largest = largestShard(count, shard.count);
  if (largest > MAX_TWINS_PER_PROCESS) {
    throw new UsageError(`--count ${count} over ${shard.count} shards puts up to ${largest} twins in one process; at most ${MAX_TWINS_PER_PROCESS}: use at least ${Math.ceil(count / MAX_TWINS_PER_PROCESS)} shards`);
  }
  try {
    return shardIds(prefix, count, shard);
  } catch (e) {
    if (e instanceof TwinError) throw new UsageError(`${from}: ${e.message}`);
    throw e;
  }
}
