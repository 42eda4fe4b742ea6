/**
 * The settings of a session generator (what `--sessions <file>`, the control API and the SDK take), their
 * JSON Schema, their check (ajv; a bad file gets one clear line per problem and changes nothing), and
 * their resolution into a complete, normalized form with every default filled in.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { TwinError } from '../../shared/errors.ts';
import type { Distribution } from './distributions.ts';

export type StartKind = 'badge' | 'free' | 'remote';
export type EndKind = 'evFull' | 'unplug' | 'stopButton' | 'remoteStop';

export interface EvMixEntry {
  weight?: number;
  maxCurrentA?: number;
  phases?: 1 | 3;
  capacityKWh?: number;
  /** Initial state of charge, % (a number or a distribution). */
  socPercent?: number | Distribution;
}

/** Settings as written by the user: every field optional. */
export interface SessionGeneratorSettings {
  seed?: number;
  /** Mean session arrivals per station-hour (a Poisson process). Ignored when `interArrivalMin` is given. */
  arrivalsPerHour?: number;
  /** Inter-arrival time distribution, minutes (replaces `arrivalsPerHour`). */
  interArrivalMin?: Distribution;
  /** How long the EV stays plugged, minutes. */
  plugDurationMin?: Distribution;
  /** Energy the EV wants, kWh (capped by what fills its battery). */
  energyKWh?: Distribution;
  evMix?: EvMixEntry[];
  /** Weights of the ways a session starts. */
  starts?: Partial<Record<StartKind, number>>;
  tags?: { valid?: string[]; invalid?: string[]; blocked?: string[]; invalidShare?: number; blockedShare?: number };
  /** Weights of the ways a session ends. */
  endings?: Partial<Record<EndKind, number>>;
  outages?: {
    networkCutsPerDay?: number; networkCutMin?: Distribution;
    powerCutsPerDay?: number; powerCutMin?: Distribution;
    vendorFaultsPerDay?: number; vendorFaultMin?: Distribution; vendorFaultCodes?: string[];
  };
  /**
   * Start in the steady mix: the sessions that would be under way had the generator run for a long time
   * begin at once (plugged in since their arrival, part of their energy had), instead of none. Default false.
   */
  warmStart?: boolean;
}

/** Settings with every default filled in (what a driver runs on). */
export interface ResolvedSettings {
  seed: number;
  interArrivalMin: Distribution;
  plugDurationMin: Distribution;
  energyKWh: Distribution;
  evMix: Array<{ weight: number; maxCurrentA: number; phases: 1 | 3; capacityKWh: number; socPercent: Distribution }>;
  starts: Array<readonly [StartKind, number]>;
  tags: { valid: string[]; invalid: string[]; blocked: string[]; invalidShare: number; blockedShare: number };
  endings: Array<readonly [EndKind, number]>;
  outages: {
    networkCutsPerDay: number; networkCutMin: Distribution;
    powerCutsPerDay: number; powerCutMin: Distribution;
    vendorFaultsPerDay: number; vendorFaultMin: Distribution; vendorFaultCodes: string[];
  };
  warmStart: boolean;
}

/** Defaults: one session per station every 8 h, plugged ~2–3 h, 5–40 kWh, badge starts with the demo's tags. */
export const DEFAULT_SETTINGS: Readonly<ResolvedSettings> = Object.freeze<ResolvedSettings>({
  seed: 1,
  interArrivalMin: { kind: 'exponential', mean: 480 },
  plugDurationMin: { kind: 'lognormal', mu: Math.log(150), sigma: 0.5, min: 5, max: 1440 },
  energyKWh: { kind: 'uniform', min: 5, max: 40 },
  evMix: [{ weight: 1, maxCurrentA: 32, phases: 3, capacityKWh: 60, socPercent: { kind: 'uniform', min: 10, max: 60 } }],
  starts: [['badge', 1], ['free', 0], ['remote', 0]],
  tags: { valid: ['TAG-0001', 'TAG-0002'], invalid: ['TAG-UNKNOWN'], blocked: ['TAG-BLOCKED'], invalidShare: 0, blockedShare: 0 },
  endings: [['evFull', 0], ['unplug', 1], ['stopButton', 0], ['remoteStop', 0]],
  outages: {
    networkCutsPerDay: 0, networkCutMin: { kind: 'uniform', min: 1, max: 30 },
    powerCutsPerDay: 0, powerCutMin: { kind: 'uniform', min: 1, max: 10 },
    vendorFaultsPerDay: 0, vendorFaultMin: { kind: 'uniform', min: 1, max: 30 }, vendorFaultCodes: ['12.0'],
  },
  warmStart: false,
});

const bound = { type: 'number' } as const;
const DISTRIBUTION = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['kind', 'value'], properties: { kind: { const: 'fixed' }, value: { type: 'number', minimum: 0 } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'min', 'max'], properties: { kind: { const: 'uniform' }, min: { type: 'number', minimum: 0 }, max: { type: 'number', minimum: 0 } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'mean'], properties: { kind: { const: 'exponential' }, mean: { type: 'number', exclusiveMinimum: 0 }, min: bound, max: bound } },
    { type: 'object', additionalProperties: false, required: ['kind', 'mean', 'sd'], properties: { kind: { const: 'normal' }, mean: { type: 'number' }, sd: { type: 'number', minimum: 0 }, min: bound, max: bound } },
    { type: 'object', additionalProperties: false, required: ['kind', 'mu', 'sigma'], properties: { kind: { const: 'lognormal' }, mu: { type: 'number' }, sigma: { type: 'number', minimum: 0 }, min: bound, max: bound } },
  ],
} as const;
const WEIGHT = { type: 'number', minimum: 0 } as const;
const TAG_LIST = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 20 }, maxItems: 10_000 } as const;
const SHARE = { type: 'number', minimum: 0, maximum: 1 } as const;
const PER_DAY = { type: 'number', minimum: 0, maximum: 1440 } as const;

/** The JSON Schema of the settings (draft-07; served by the control API and written to docs). */
export const SESSION_GENERATOR_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chargetwin.dev/schemas/session-generator.json',
  title: 'ChargeTwin session generator settings',
  type: 'object',
  additionalProperties: false,
  definitions: { distribution: DISTRIBUTION },
  properties: {
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    arrivalsPerHour: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
    interArrivalMin: { $ref: '#/definitions/distribution' },
    plugDurationMin: { $ref: '#/definitions/distribution' },
    energyKWh: { $ref: '#/definitions/distribution' },
    evMix: {
      type: 'array', minItems: 1, maxItems: 100,
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          weight: WEIGHT,
          maxCurrentA: { type: 'number', minimum: 0, maximum: 80 },
          phases: { enum: [1, 3] },
          capacityKWh: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
          socPercent: { oneOf: [{ type: 'number', minimum: 0, maximum: 100 }, { $ref: '#/definitions/distribution' }] },
        },
      },
    },
    starts: { type: 'object', additionalProperties: false, properties: { badge: WEIGHT, free: WEIGHT, remote: WEIGHT } },
    tags: {
      type: 'object', additionalProperties: false,
      properties: { valid: TAG_LIST, invalid: TAG_LIST, blocked: TAG_LIST, invalidShare: SHARE, blockedShare: SHARE },
    },
    endings: { type: 'object', additionalProperties: false, properties: { evFull: WEIGHT, unplug: WEIGHT, stopButton: WEIGHT, remoteStop: WEIGHT } },
    outages: {
      type: 'object', additionalProperties: false,
      properties: {
        networkCutsPerDay: PER_DAY, networkCutMin: { $ref: '#/definitions/distribution' },
        powerCutsPerDay: PER_DAY, powerCutMin: { $ref: '#/definitions/distribution' },
        vendorFaultsPerDay: PER_DAY, vendorFaultMin: { $ref: '#/definitions/distribution' },
        vendorFaultCodes: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^\\d{1,2}\\.\\d$' } },
      },
    },
    warmStart: { type: 'boolean' },
  },
} as const;

/** The compiled check of the settings; one per process (immutable once compiled), made on first use. */
let compiled: ((v: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? 'settings' : e.instancePath.slice(1).replaceAll('/', '.');
  if (e.keyword === 'additionalProperties') return `${at}: unknown field "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'oneOf' && e.instancePath.match(/(Min|KWh|socPercent)$/)) return `${at}: must be a distribution { kind: fixed|uniform|exponential|normal|lognormal, ... } with the fields of its kind`;
  return `${at} ${e.message ?? 'is invalid'}`;
}

/** Checks settings (from a file, the API or the SDK): a TwinError naming every problem, or the settings. */
export function checkSettings(input: unknown): SessionGeneratorSettings {
  compiled ??= new Ajv({ strict: false, allErrors: true }).compile(SESSION_GENERATOR_SCHEMA);
  if (!compiled(input)) {
    const errors = compiled.errors ?? [];
    // oneOf reports every branch; keep the oneOf line itself and the errors outside distributions
    const lines = [...new Set(errors.filter((e) => !errors.some((o) => o.keyword === 'oneOf' && o !== e && e.instancePath.startsWith(o.instancePath) && e.schemaPath.includes('/oneOf/'))).map(describe))];
    throw new TwinError('TWIN_ERR_BAD_SESSION_SETTINGS', `session generator settings: ${lines.join('; ')}`, { details: { problems: lines } });
  }
  const s = input as SessionGeneratorSettings;
  const problems: string[] = [];
  const checkBounds = (name: string, d: Distribution | undefined): void => {
    if (!d) return;
    if (d.kind === 'uniform' && d.max < d.min) problems.push(`${name}: max must be ≥ min`);
    if ('min' in d && 'max' in d && d.min !== undefined && d.max !== undefined && d.max < d.min) problems.push(`${name}: max must be ≥ min`);
  };
  checkBounds('interArrivalMin', s.interArrivalMin);
  checkBounds('plugDurationMin', s.plugDurationMin);
  checkBounds('energyKWh', s.energyKWh);
  if (s.starts && Object.values(s.starts).every((w) => w === 0)) problems.push('starts: at least one weight must be above 0');
  if (s.endings && Object.values(s.endings).every((w) => w === 0)) problems.push('endings: at least one weight must be above 0');
  if (s.evMix && s.evMix.every((e) => (e.weight ?? 1) === 0)) problems.push('evMix: at least one weight must be above 0');
  if (s.tags && (s.tags.invalidShare ?? 0) + (s.tags.blockedShare ?? 0) > 1) problems.push('tags: invalidShare + blockedShare must be ≤ 1');
  if (s.tags?.valid?.length === 0 && (s.tags.invalidShare ?? 0) + (s.tags.blockedShare ?? 0) < 1) problems.push('tags.valid: needs at least one tag');
  if (s.tags?.invalid?.length === 0 && (s.tags.invalidShare ?? 0) > 0) problems.push('tags.invalid: needs at least one tag when invalidShare > 0');
  if (s.tags?.blocked?.length === 0 && (s.tags.blockedShare ?? 0) > 0) problems.push('tags.blocked: needs at least one tag when blockedShare > 0');
  if (problems.length) throw new TwinError('TWIN_ERR_BAD_SESSION_SETTINGS', `session generator settings: ${problems.join('; ')}`, { details: { problems } });
  return s;
}

const weights = <K extends string>(keys: readonly K[], given: Partial<Record<K, number>> | undefined, fallback: Array<readonly [K, number]>): Array<readonly [K, number]> =>
  given ? keys.map((k) => [k, given[k] ?? 0] as const) : fallback;

/** Checks and completes settings: every default filled in, ready for a driver. */
export function resolveSettings(input: unknown): ResolvedSettings {
  const s = checkSettings(input ?? {});
  const d = DEFAULT_SETTINGS;
  const interArrivalMin: Distribution = s.interArrivalMin ?? (s.arrivalsPerHour !== undefined ? { kind: 'exponential', mean: 60 / s.arrivalsPerHour } : d.interArrivalMin);
  const base = d.evMix[0]!;
  return {
    seed: s.seed ?? d.seed,
    interArrivalMin,
    plugDurationMin: s.plugDurationMin ?? d.plugDurationMin,
    energyKWh: s.energyKWh ?? d.energyKWh,
    evMix: s.evMix ? s.evMix.map((e) => ({
      weight: e.weight ?? 1, maxCurrentA: e.maxCurrentA ?? base.maxCurrentA, phases: e.phases ?? base.phases, capacityKWh: e.capacityKWh ?? base.capacityKWh,
      socPercent: typeof e.socPercent === 'number' ? { kind: 'fixed', value: e.socPercent } : e.socPercent ?? base.socPercent,
    })) : d.evMix,
    starts: weights(['badge', 'free', 'remote'], s.starts, d.starts),
    tags: { ...d.tags, ...s.tags },
    endings: weights(['evFull', 'unplug', 'stopButton', 'remoteStop'], s.endings, d.endings),
    outages: { ...d.outages, ...s.outages },
    warmStart: s.warmStart ?? d.warmStart,
  };
}
