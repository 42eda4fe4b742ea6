/**
 * Routes of the session generator: start, stop and read it for the whole fleet or one station, and its
 * settings' JSON Schema. With an embedded central system in the process, remote starts and stops go
 * through it; otherwise the generator does them locally (docs/session-generator.md).
 */
import { TwinError } from '../shared/errors.ts';
import { sessionGeneratorsOf } from '../fleet/session-generators.ts';
import { SESSION_GENERATOR_SCHEMA } from '../station/session-generator/settings.ts';
import { member, type ApiContext, type FieldSpec, type Route } from './route.ts';

const SETTINGS: Record<string, FieldSpec> = {
  settings: { type: 'object', description: 'session generator settings (schema: GET /api/sessions-generator/schema); default: all defaults' },
};

function generators(ctx: ApiContext): ReturnType<typeof sessionGeneratorsOf> {
  const g = sessionGeneratorsOf(ctx.fleet);
  g.useCentral(ctx.csms);
  return g;
}

function stationIds(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', 'field "stations" must be an array of station ids');
  return raw as string[];
}

export const SESSION_GENERATOR_ROUTES: Route[] = [
  { method: 'GET', path: '/api/sessions-generator', summary: 'The fleet\'s session generators: how many run, and their counters summed', response: 'SessionGenerators',
    handle: (ctx) => generators(ctx).summary() },
  { method: 'POST', path: '/api/sessions-generator', summary: 'Start (or restart with new settings) the session generator of every station, or of the listed ones', response: 'SessionGenerators',
    body: { ...SETTINGS, stations: { type: 'array', description: 'station ids (default: every station of the fleet)' } },
    handle: (ctx, { body }) => generators(ctx).start(body.settings ?? {}, stationIds(body.stations)) },
  { method: 'DELETE', path: '/api/sessions-generator', summary: 'Stop every session generator (plugged EVs stay as they are)', response: 'SessionGenerators',
    handle: (ctx) => generators(ctx).stop() },
  { method: 'GET', path: '/api/sessions-generator/schema', summary: 'The JSON Schema of the session generator settings', response: 'JsonSchema',
    handle: () => SESSION_GENERATOR_SCHEMA },
  { method: 'GET', path: '/api/stations/{id}/sessions-generator', summary: 'A station\'s session generator: running, seed, counters', response: 'SessionGenerator',
    handle: (ctx, { params }) => {
      const m = member(ctx, params);
      const s = generators(ctx).statusOf(m.spec.id);
      if (!s) throw new TwinError('TWIN_ERR_API_NOT_FOUND', `no session generator was started on station ${m.spec.id}`);
      return s;
    } },
  { method: 'POST', path: '/api/stations/{id}/sessions-generator', summary: 'Start (or restart) a station\'s session generator', response: 'SessionGenerator', body: SETTINGS,
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      const g = generators(ctx);
      g.start(body.settings ?? {}, [m.spec.id]);
      return g.statusOf(m.spec.id);
    } },
  { method: 'DELETE', path: '/api/stations/{id}/sessions-generator', summary: 'Stop a station\'s session generator', response: 'Ok',
    handle: (ctx, { params }) => { generators(ctx).stop([member(ctx, params).spec.id]); return { ok: true }; } },
];

const int = { type: 'integer' };
const counts = (keys: string[]): Record<string, unknown> => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, int])), required: keys, additionalProperties: false });
const COUNTERS = {
  type: 'object', additionalProperties: false,
  properties: {
    arrivals: int, busy: int, stationOff: int, started: int, refused: counts(['valid', 'invalid', 'blocked']), notStarted: int, remoteFallbacks: int,
    ended: counts(['evFull', 'unplug', 'stopButton', 'remoteStop']), endedBeforeDeparture: int, outages: counts(['network', 'power', 'vendorFault']), actionsFailed: int,
  },
};

/** Response schemas of these routes, for the OpenAPI components (api-schemas.ts). */
export const SESSION_GENERATOR_API_SCHEMAS: Record<string, Record<string, unknown>> = {
  SessionGenerators: {
    type: 'object', additionalProperties: false, required: ['running', 'stations', 'remoteThroughCentral', 'totals'],
    properties: { running: int, stations: int, remoteThroughCentral: { type: 'boolean' }, totals: COUNTERS },
  },
  SessionGenerator: {
    type: 'object', additionalProperties: false, required: ['running', 'seed', 'activeSessions', 'counters'],
    properties: {
      running: { type: 'boolean' }, seed: int, startedAt: { anyOf: [{ type: 'number' }, { type: 'null' }] }, activeSessions: int,
      outage: { anyOf: [{ enum: ['network', 'power', 'vendorFault'] }, { type: 'null' }] }, counters: COUNTERS,
    },
  },
  JsonSchema: { type: 'object', description: 'a JSON Schema (draft-07)' },
};
