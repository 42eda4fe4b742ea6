/**
 * Which twins `chargetwin station` starts, and against which central systems, from its flags: `--csms`
 * (repeatable, `URL` or `URL,weight=N`), `--csms-spread`, `--id`/`--count`, `--model`, `--connectors`,
 * `--config key=value` (repeatable), or a fleet file (`--fleet`, JSON or YAML) instead of the last five.
 * Everything is checked here, before anything starts; a problem is a one-line UsageError.
 */
import { readFileSync } from 'node:fs';
import { CsmsPlan, chooseSpread, parseCsmsTarget, type CsmsTarget } from '../fleet/csms-spread.ts';
import { parseFleetFile } from '../fleet/fleet-file.ts';
import type { StationSpec } from '../fleet/fleet.ts';
import { isTwinError } from '../shared/errors.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { checkConfigPresets, checkConnectorCount } from '../station/profile/presets.ts';
import { idOption, intOption, modelOption, stringOption, UsageError, type Options } from './args.ts';
import { MAX_FLEET_SIZE, MAX_TWINS_PER_PROCESS, shardRange } from '../fleet/shard.ts';
import { stationIds, type ShardChoice } from './shard-option.ts';

/** The flags this module reads, for the command's option table. */
export const STATION_PLAN_OPTIONS: Options = {
  csms: { type: 'string', multiple: true }, 'csms-spread': { type: 'string' },
  id: { type: 'string' }, count: { type: 'string' }, model: { type: 'string' },
  connectors: { type: 'string' }, config: { type: 'string', multiple: true }, fleet: { type: 'string' },
};

export interface StationPlan {
  /** The first central system (the fleet's default URL). */
  csmsUrl: string;
  /** Every central system and how stations are spread over them (by station index). */
  csmsPlan: CsmsPlan;
  /** The stations in start order; those without csmsUrl take the plan's URL for their index. */
  specs: StationSpec[];
  /** Stations in the whole fleet (more than `specs` when this process runs one shard of it). */
  fleetSize: number;
}

/** A check of the core or the fleet, as the CLI's one-line usage error. */
/** Runs a check of the core and turns its TwinError into a usage error (one line, exit 2), prefixed by the flag. */
export function asUsage<T>(prefix: string, fn: () => T): T {
  try { return fn(); } catch (e) {
    if (isTwinError(e)) throw new UsageError(prefix ? `${prefix}: ${e.message}` : e.message);
    throw e;
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v as string[] : []);

/** `--config key=value`, repeatable: checked against the profile's key definitions. */
export function configOption(values: Record<string, unknown>): Record<string, string> | undefined {
  const raw = list(values.config);
  if (raw.length === 0) return undefined;
  const pairs: Record<string, string> = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--config takes key=value, got "${item}"`);
    const key = item.slice(0, eq);
    if (key in pairs) throw new UsageError(`--config ${key} is given twice`);
    pairs[key] = item.slice(eq + 1);
  }
  return asUsage('--config', () => checkConfigPresets(evlinkProAc, pairs));
}

/** `--connectors N`: the connector count, checked against the profile (NumberOfConnectors' range). */
export function connectorsOption(values: Record<string, unknown>): 1 | 2 | undefined {
  if (values.connectors === undefined) return undefined;
  return asUsage('--connectors', () => checkConnectorCount(evlinkProAc, intOption(values, 'connectors', 1, 0, 99)));
}

function csmsTargets(values: Record<string, unknown>): CsmsTarget[] {
  return list(values.csms).map((text) => {
    if (text.trim() === '') throw new UsageError('--csms must not be empty');
    return asUsage('', () => { const { url, weight } = parseCsmsTarget(text, '--csms'); return { url, weight }; });
  });
}

/**
 * With a shard (decision D18), the plan is the shard's slice of the whole fleet, and each station keeps the
 * central system its place in the WHOLE fleet gives it: a fleet is spread the same however it is sharded.
 */
export function planStations(values: Record<string, unknown>, read: (path: string) => string = (p) => readFileSync(p, 'utf8'), shard?: ShardChoice): StationPlan {
  const targets = csmsTargets(values);
  const spread = stringOption(values, 'csms-spread');
  const fleetPath = stringOption(values, 'fleet');
  if (fleetPath !== undefined) {
    const clash = ['id', 'count', 'model', 'connectors', 'config'].find((k) => values[k] !== undefined);
    if (clash) throw new UsageError(`--${clash} and --fleet do not mix: the fleet file describes the stations`);
    let text: string;
    try { text = read(fleetPath); } catch { throw new UsageError(`--fleet: cannot read "${fleetPath}"`); }
    const file = asUsage('', () => parseFleetFile(text, fleetPath, evlinkProAc));
    if (file.csms && targets.length) throw new UsageError('--csms and the fleet file\'s "csms" both name central systems: keep one');
    const shared = file.csms ?? targets;
    if (shared.length === 0 && file.stations.some((s) => s.csmsUrl === undefined)) throw new UsageError('--csms <url> is required (or "csms" in the fleet file)');
    const own = file.stations.find((s) => s.csmsUrl !== undefined)?.csmsUrl;
    const all = shared.length ? shared : [{ url: own!, weight: 1 }];
    if (file.spread && spread !== undefined) throw new UsageError('--csms-spread and the fleet file\'s "spread" both given: keep one');
    const plan = asUsage('--csms-spread', () => new CsmsPlan(all, file.spread ?? chooseSpread(all, spread)));
    if (!shard) return { csmsUrl: all[0]!.url, csmsPlan: plan, specs: file.stations, fleetSize: file.stations.length };
    if (shard.shard.count > file.stations.length) throw new UsageError(`${shard.from}: ${shard.shard.count} shards for a fleet file of ${file.stations.length} stations would leave shards without a twin`);
    const { first, last } = shardRange(file.stations.length, shard.shard);
    const specs = file.stations.slice(first - 1, last).map((spec, k) => (spec.csmsUrl ? spec : { ...spec, csmsUrl: plan.urlFor(first - 1 + k) }));
    if (specs.length > MAX_TWINS_PER_PROCESS) throw new UsageError(`${shard.from}: ${specs.length} twins in one process; at most ${MAX_TWINS_PER_PROCESS}`);
    return { csmsUrl: all[0]!.url, csmsPlan: plan, specs, fleetSize: file.stations.length };
  }
  if (targets.length === 0) throw new UsageError('--csms <url> is required');
  const plan = asUsage('--csms-spread', () => new CsmsPlan(targets, chooseSpread(targets, spread)));
  const id = idOption(values, true)!;
  const count = intOption(values, 'count', 1, 1, shard ? MAX_FLEET_SIZE : MAX_TWINS_PER_PROCESS);
  const model = modelOption(values);
  const connectors = connectorsOption(values);
  const config = configOption(values);
  const ids = stationIds(id, count, shard);
  const offset = shard ? shardRange(count, shard.shard).first - 1 : 0;
  const specs: StationSpec[] = ids.map((stationId, k) => ({
    id: stationId,
    ...(model ? { model } : {}),
    ...(connectors ? { connectors } : {}),
    ...(config ? { config } : {}),
    ...(shard ? { csmsUrl: plan.urlFor(offset + k) } : {}),
  }));
  return { csmsUrl: targets[0]!.url, csmsPlan: plan, specs, fleetSize: count };
}
