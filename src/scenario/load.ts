/**
 * Reads scenario files (YAML or JSON), checks them against schema.json and turns them into `Scenario`
 * values. A bad file is a TwinError TWIN_ERR_SCENARIO_INVALID naming the file, the step and the field.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { load as loadYaml, CORE_SCHEMA } from 'js-yaml';
import { ACTIONS, type ActionName } from '../ocpp/index.ts';
import { TwinError } from '../shared/errors.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { durationMs } from './duration.ts';
import type { Scenario, Step } from './types.ts';
import { checkFaultRule, type FaultRuleInput } from '../rpc/fault-injection.ts';

export const SCENARIO_SCHEMA_URL = new URL('./schema.json', import.meta.url);

interface Validators { whole: ValidateFunction; steps: ValidateFunction[]; kinds: string[] }

/** Compiles the schema: the whole file, and each kind of step alone (for an error message that names the field). */
function compile(): Validators {
  const schema = JSON.parse(readFileSync(SCENARIO_SCHEMA_URL, 'utf8')) as { $id: string; definitions: { step: { oneOf: Array<{ required: string[] }> } } };
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, verbose: true });
  ajv.addSchema(schema);
  const whole = ajv.getSchema(schema.$id)!;
  const branches = schema.definitions.step.oneOf;
  return {
    whole,
    steps: branches.map((_, i) => ajv.compile({ $ref: `${schema.$id}#/definitions/step/oneOf/${i}` })),
    kinds: branches.map((b) => b.required[0]!),
  };
}

/** One message per field: a failed `oneOf` (a duration, a badge…) is told by its schema's description. */
function describe(errors: ErrorObject[] | null | undefined): string {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors ?? []) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  return [...byPath].slice(0, 3).map(([path, list]) => {
    const at = path === '' ? '' : `${path.slice(1).replace(/\//g, '.')}: `;
    const oneOf = list.find((e) => e.keyword === 'oneOf');
    const described = oneOf?.parentSchema as { description?: string } | undefined;
    if (described?.description) return `${at}must be ${described.description}`;
    const e = list[0]!;
    if (e.keyword === 'additionalProperties') return `${at}unknown field "${String(e.params.additionalProperty)}"`;
    return `${at}${e.message ?? 'invalid'}`;
  }).join('; ');
}

/** The loader, with its compiled schema (compile once, load many files). */
export class ScenarioLoader {
  readonly #v: Validators = compile();

  /** Parses scenario text; `source` names it in messages; `.json` is read as JSON, anything else as YAML. */
  parse(text: string, source: string): Scenario {
    let doc: unknown;
    try {
      doc = extname(source).toLowerCase() === '.json' ? JSON.parse(text) : loadYaml(text, { filename: source, schema: CORE_SCHEMA });
    } catch (e) {
      throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${source}: not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!this.#v.whole(doc)) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${source}: ${this.#explain(doc)}`);
    return toScenario(doc as RawScenario, source);
  }

  load(file: string): Scenario {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) {
      throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return this.parse(text, file);
  }

  #explain(doc: unknown): string {
    const steps = (doc as { steps?: unknown }).steps;
    if (Array.isArray(steps)) {
      for (const [i, step] of steps.entries()) {
        if (typeof step !== 'object' || step === null || Array.isArray(step)) return `step ${i + 1}: must be an object`;
        const k = this.#v.kinds.findIndex((kind) => kind in step);
        if (k < 0) return `step ${i + 1}: no known step kind (one of ${this.#v.kinds.join(', ')})`;
        const check = this.#v.steps[k]!;
        if (!check(step)) return `step ${i + 1} (${this.#v.kinds[k]}): ${describe(check.errors)}`;
      }
    }
    return describe(this.#v.whole.errors?.filter((e) => !e.instancePath.startsWith('/steps/')) ?? this.#v.whole.errors);
  }
}

/** Scenario files among `paths`: files as given, directories walked for .yaml/.yml/.json (sorted, not recursing into dot folders). */
export function scenarioFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(name) && name !== 'schema.json') out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${p}: no such file or directory`); }
    if (st.isDirectory()) walk(p); else out.push(p);
  }
  return out;
}

/** The default station id of a scenario file: CT-<file name without extension>. */
export const defaultStationId = (source: string): string => `CT-${basename(source).replace(/\.[^.]+$/, '').replace(/[^\x21-\x7e]|[/?#%]/g, '_')}`.slice(0, 48);

type RawStep = Record<string, unknown>;
interface RawScenario {
  name: string; description?: string; station?: { id?: string; model?: string }; clock?: { scale?: number };
  csms?: { tags?: Scenario['csmsTags'] }; vars?: Record<string, unknown>; timeout?: unknown; steps: RawStep[];
}

function toScenario(raw: RawScenario, source: string): Scenario {
  const ids = new Set<string>();
  const steps = raw.steps.map((s, i) => {
    const where = `${source}: step ${i + 1}`;
    const step = toStep(s, where);
    checkAction(step, where);
    if (step.id !== undefined) {
      if (ids.has(step.id)) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: id "${step.id}" is used twice`);
      ids.add(step.id);
    }
    if ((step.kind === 'expect' || step.kind === 'await') && step.after !== undefined && !ids.has(step.after)) {
      throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: after "${step.after}" names no earlier step`);
    }
    return step;
  });
  const model = raw.station?.model?.replace(/\s+/g, '');
  const known = evlinkProAc.models.map((m) => m.reference);
  if (model !== undefined && !known.includes(model)) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${source}: station.model "${raw.station?.model}" is not an EVlink Pro AC model; known: ${known.join(', ')}`);
  return {
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    source,
    station: { ...raw.station, ...(model !== undefined ? { model } : {}) },
    scale: raw.clock?.scale ?? 1,
    csmsTags: raw.csms?.tags ?? {},
    vars: raw.vars ?? {},
    timeoutMs: raw.timeout === undefined ? 120_000 : durationMs(raw.timeout, `${source}: timeout`),
    steps,
  };
}

const DEFAULT_EXPECT_MS = 10_000;
const DEFAULT_AWAIT_MS = 60_000;

/**
 * The one-line form of an expectation, `StatusNotification {connectorId: 1, status: Charging} within 5s`
 * (`for 30s` with expectNo), unfolded into the fields of the long form.
 */
function unfold(s: RawStep, key: 'expect' | 'expectNo' | 'await', where: string): RawStep {
  const text = String(s[key]);
  const m = /^([A-Za-z]+)\s*(\{.*\})?(?:\s+(within|for)\s+(\S+))?\s*$/s.exec(text);
  if (!m || m[0] === m[1]) return s;
  const out: RawStep = { ...s, [key]: m[1] };
  if (m[2] !== undefined) {
    if (s.match !== undefined) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: the payload pattern is given twice (in "${text}" and in match:)`);
    let pattern: unknown;
    try { pattern = loadYaml(m[2], { schema: CORE_SCHEMA }); } catch (e) {
      throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: "${m[2]}" is not a YAML mapping: ${(e as Error).message.split('\n')[0]}`);
    }
    out.match = pattern;
  }
  if (m[3] !== undefined) {
    const field = key === 'expectNo' ? 'for' : 'within';
    if (m[3] !== field) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: ${key} takes "${field} <duration>", not "${m[3]}"`);
    if (s[field] !== undefined) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: ${field} is given twice`);
    out[field] = m[4];
  }
  return out;
}

function toStep(raw: RawStep, where: string): Step {
  const key = (['expect', 'expectNo', 'await'] as const).find((k) => k in raw);
  const s = key ? unfold(raw, key, where) : raw;
  const base = { ...(typeof s.id === 'string' ? { id: s.id } : {}), ...(typeof s.note === 'string' ? { note: s.note } : {}) };
  const opt = <K extends string>(k: K): Record<K, unknown> | Record<string, never> => (s[k] === undefined ? {} : { [k]: s[k] } as Record<K, unknown>);
  if ('expect' in s || 'await' in s) {
    const kind = 'expect' in s ? 'expect' : 'await';
    return { ...base, kind, action: String(s[kind]), ...opt('match'), ...opt('result'), ...(s.error !== undefined ? { error: String(s.error) } : {}),
      withinMs: s.within === undefined ? (kind === 'expect' ? DEFAULT_EXPECT_MS : DEFAULT_AWAIT_MS) : durationMs(s.within, `${where}: within`),
      ...(s.after !== undefined ? { after: String(s.after) } : {}) };
  }
  if ('expectNo' in s) return { ...base, kind: 'expectNo', action: String(s.expectNo), ...opt('match'), forMs: durationMs(s.for ?? 0, `${where}: for`), fastForward: s.fastForward === true };
  if ('csms' in s) {
    const c = s.csms as { call: string; payload?: Record<string, unknown> };
    return { ...base, kind: 'csms', call: c.call, payload: c.payload ?? {} };
  }
  if ('plug' in s) return { ...base, kind: 'plug', connectorId: s.plug as number };
  if ('unplug' in s) return { ...base, kind: 'unplug', connectorId: s.unplug as number };
  if ('stopButton' in s) return { ...base, kind: 'stopButton', connectorId: s.stopButton as number };
  if ('ev' in s) {
    const { connectorId, requesting, ...settings } = s.ev as { connectorId?: number; requesting?: boolean } & Record<string, number>;
    return { ...base, kind: 'ev', connectorId: connectorId ?? 1, ...(requesting !== undefined ? { requesting } : {}), settings };
  }
  if ('badge' in s) {
    const b = typeof s.badge === 'string' ? { idTag: s.badge } : s.badge as { idTag: string; connectorId?: number; accepted?: boolean };
    return { ...base, kind: 'badge', idTag: b.idTag, ...(b.connectorId !== undefined ? { connectorId: b.connectorId } : {}), ...(b.accepted !== undefined ? { accepted: b.accepted } : {}) };
  }
  if ('fault' in s) {
    const f = s.fault as { code: string; connectorId?: number; clear?: boolean };
    return { ...base, kind: 'fault', code: f.code, connectorId: f.connectorId ?? 1, clear: f.clear === true };
  }
  if ('inject' in s) {
    if (s.inject === 'clear') return { ...base, kind: 'inject', clear: true };
    // The same check as the API's and the SDK's, now: a bad rule fails the file, not the run.
    try { checkFaultRule(s.inject); } catch (e) { throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: inject: ${(e as Error).message.replace(/^fault rule: /, '')}`); }
    return { ...base, kind: 'inject', rule: s.inject as FaultRuleInput, clear: false };
  }
  if ('power' in s) return { ...base, kind: 'power', on: s.power === 'on' };
  if ('network' in s) return { ...base, kind: 'network', on: s.network === 'on' };
  if ('reboot' in s) return { ...base, kind: 'reboot', type: s.reboot as 'Soft' | 'Hard' };
  if ('availability' in s) {
    const a = s.availability as { connectorId: number; operative: boolean };
    return { ...base, kind: 'availability', connectorId: a.connectorId, operative: a.operative };
  }
  if ('advance' in s) return { ...base, kind: 'advance', ms: durationMs(s.advance, `${where}: advance`) };
  return { ...base, kind: 'wait', ms: durationMs(s.wait, `${where}: wait`) };
}

/** The step's action must be an OCPP 1.6 action its sender sends: `expect`/`expectNo` the station, `await`/`csms` the central system. */
function checkAction(step: Step, where: string): void {
  const action = step.kind === 'csms' ? step.call : 'action' in step ? step.action : undefined;
  if (action === undefined) return;
  const sender = step.kind === 'expect' || step.kind === 'expectNo' ? 'ChargePoint' : 'CentralSystem';
  const fits = (a: string): boolean => a in ACTIONS && [sender, 'Both'].includes(ACTIONS[a as ActionName].direction);
  if (fits(action)) return;
  const who = sender === 'ChargePoint' ? 'the station sends' : 'the central system sends';
  const near = Object.keys(ACTIONS).filter(fits).find((a) => editDistance(a.toLowerCase(), action.toLowerCase()) <= 2);
  const hint = near ? ` (did you mean ${near}?)` : action in ACTIONS ? ` (${action} is sent by the ${sender === 'ChargePoint' ? 'central system: use await' : 'station: use expect'})` : '';
  throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: "${action}" is not an OCPP 1.6 action ${who}${hint}`);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
