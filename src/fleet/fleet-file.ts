/**
 * A fleet file (JSON or YAML): groups of twins, each with its own model, count, id pattern, presets,
 * central system(s) and session settings (docs/fleet.md, schema in fleet-file-schema.ts). Parsing turns
 * it into the specs the fleet adds, in file order, everything checked before anything starts: the
 * schema, the id patterns and the ids they make (unique across the file), the models, the connector
 * counts and the configuration presets against the device profile, the URLs and weights.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { TwinError, isTwinError } from '../shared/errors.ts';
import type { DeviceProfile } from '../station/profile/index.ts';
import { checkConfigPresets, checkConnectorCount, checkModel } from '../station/profile/presets.ts';
import { checkSettings } from '../station/session-generator/settings.ts';
import { CsmsPlan, checkCsmsUrl, chooseSpread, type CsmsSpread, type CsmsTarget } from './csms-spread.ts';
import { FLEET_FILE_SCHEMA } from './fleet-file-schema.ts';
import type { StationSpec } from './fleet.ts';
import type { HistoryMode } from './history-mode.ts';
import type { FrameLogMode } from './frame-log-mode.ts';

export interface FleetFile {
  /** The file's central systems (top level), when it names any. */
  csms?: CsmsTarget[];
  spread?: CsmsSpread;
  /** Every station of every group, in order; a station without csmsUrl takes the fleet's plan. */
  stations: StationSpec[];
}

/** Stations of one process at most (the CLI's --count bound). */
export const MAX_FLEET_STATIONS = 19000;
const STATION_ID = /^[\x21-\x7e]{1,48}$/;

const fail = (message: string): never => { throw new TwinError('TWIN_ERR_FLEET_FILE_INVALID', `fleet file: ${message}`); };

function schemaProblem(e: ErrorObject): string {
  const at = e.instancePath === '' ? 'the top level' : e.instancePath;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${at} ${e.message ?? 'is invalid'}`;
}

/** Reads the text as YAML (a superset of JSON) or JSON, by the file name's extension. */
function readText(text: string, name: string): unknown {
  if (/\.json$/i.test(name)) {
    try { return JSON.parse(text) as unknown; } catch (e) { return fail(`${name} is not valid JSON (${(e as Error).message})`); }
  }
  try { return load(text, { filename: name, schema: CORE_SCHEMA }); } catch (e) {
    if (e instanceof YAMLException) return fail(`${name} is not valid YAML (${e.reason}${e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : ''})`);
    throw e;
  }
}

function targets(raw: unknown): CsmsTarget[] | undefined {
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((t: unknown) => (typeof t === 'string' ? { url: checkCsmsUrl(t), weight: 1 } : { url: checkCsmsUrl((t as CsmsTarget).url), weight: (t as CsmsTarget).weight ?? 1 }));
}

/** The ids of a group: `{n}` or `{n:0W}` replaced by start, start + 1, … */
export function expandIdPattern(pattern: string, count: number, start: number): string[] {
  const holes = [...pattern.matchAll(/\{n(?::0?(\d+))?\}/g)];
  if (holes.length > 1) fail(`idPattern "${pattern}" has more than one {n}`);
  if (/\{(?!n(?::0?\d+)?\})/.test(pattern)) fail(`idPattern "${pattern}": the only placeholder is {n} or {n:0W} (e.g. {n:04})`);
  if (holes.length === 0) {
    if (count > 1) fail(`idPattern "${pattern}" has no {n} but count is ${count}`);
    return [pattern];
  }
  const width = Number(holes[0]![1] ?? 0);
  if (width > 12) fail(`idPattern "${pattern}": a width of at most 12 digits`);
  return Array.from({ length: count }, (_, i) => pattern.replace(holes[0]![0], String(start + i).padStart(width, '0')));
}

/** Parses and checks a fleet file's text; `name` (its path) picks JSON or YAML and appears in messages. */
export function parseFleetFile(text: string, name: string, profile: DeviceProfile): FleetFile {
  const doc = readText(text, name);
  const validate = new Ajv({ strict: false, allErrors: false }).compile(FLEET_FILE_SCHEMA);
  if (!validate(doc)) fail(schemaProblem(validate.errors![0]!));
  const file = doc as { csms?: unknown; spread?: string; stations: Array<Record<string, unknown>> };
  const where = (i: number, what: string): string => `/stations/${i}${what}`;
  /** Runs a check; its error is the file's, prefixed with the path of what it checked. */
  const checkedAt = <T>(path: string, fn: () => T): T => {
    try { return fn(); } catch (e) { if (isTwinError(e) && e.code !== 'TWIN_ERR_FLEET_FILE_INVALID') fail(`${path}: ${e.message}`); throw e; }
  };
  const checked = <T>(i: number, what: string, fn: () => T): T => checkedAt(where(i, what), fn);
  const shared = checkedAt('/csms', () => targets(file.csms));
  const sharedSpread = shared ? checkedAt('/spread', () => chooseSpread(shared, file.spread)) : undefined;
  if (!shared && file.spread !== undefined) fail('"spread" without "csms"');
  const total = file.stations.reduce((n, g) => n + ((g.count as number | undefined) ?? 1), 0);
  if (total > MAX_FLEET_STATIONS) fail(`${total} stations; at most ${MAX_FLEET_STATIONS} in one process`);
  const seen = new Set<string>();
  const stations: StationSpec[] = [];
  file.stations.forEach((g, i) => {
    const count = (g.count as number | undefined) ?? 1;
    const ids = expandIdPattern(g.idPattern as string, count, (g.start as number | undefined) ?? 1);
    const model = g.model === undefined ? undefined : checked(i, '/model', () => checkModel(profile, g.model));
    const connectors = g.connectors === undefined ? undefined : checked(i, '/connectors', () => checkConnectorCount(profile, g.connectors));
    const config = g.config === undefined ? undefined : checked(i, '/config', () => checkConfigPresets(profile, g.config as Record<string, unknown>));
    // The group's session generator settings, checked now (docs/session-generator.md): a bad file fails before anything starts.
    const sessions = g.sessions === undefined ? undefined : checked(i, '/sessions', () => checkSettings(g.sessions) as unknown as Record<string, unknown>);
    const own = checked(i, '/csms', () => targets(g.csms));
    if (!own && g.spread !== undefined) fail(`${where(i, '')}: "spread" without "csms"`);
    const plan = own ? checked(i, '/csms', () => new CsmsPlan(own, chooseSpread(own, g.spread as string | undefined))) : undefined;
    ids.forEach((id, k) => {
      if (!STATION_ID.test(id) || /[/?#%]/.test(id)) fail(`${where(i, '/idPattern')}: "${id}" is not a charge point id (1 to 48 printable ASCII characters without spaces, "/", "?", "#" or "%")`);
      if (seen.has(id)) fail(`${where(i, '/idPattern')}: station id ${id} appears twice in the file`);
      seen.add(id);
      stations.push({
        id,
        ...(model ? { model } : {}),
        ...(connectors ? { connectors } : {}),
        ...(config && Object.keys(config).length ? { config } : {}),
        ...(plan ? { csmsUrl: plan.urlFor(k) } : {}),
        ...(g.authorizationKey !== undefined ? { authorizationKey: g.authorizationKey as string } : {}),
        ...(sessions !== undefined ? { sessions } : {}),
        ...(g.history !== undefined ? { history: g.history as HistoryMode } : {}),
        ...(g.frameLog !== undefined ? { frameLog: g.frameLog as FrameLogMode } : {}),
      });
    });
  });
  return { ...(shared ? { csms: shared } : {}), ...(sharedSpread ? { spread: sharedSpread } : {}), stations };
}
