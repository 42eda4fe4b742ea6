/**
 * Fault injection on the wire (docs/fault-injection.md, decision D20): the rules of one station, checked
 * on entry, counted as they fire, with a seeded PRNG for link loss and jitter. Pure: no I/O, no clock and
 * no module-level state; the gate (fault-gate.ts) applies what these rules decide where frames pass.
 */
import { ACTIONS, RPC_ERROR_CODES, isActionName, ocppValidator, type ActionName, type RpcErrorCode } from '../ocpp/index.ts';
import { TwinError } from '../shared/errors.ts';

export type FaultDirection = 'incoming' | 'outgoing' | 'link';
export type FaultMode = 'answer-status' | 'callerror' | 'delay' | 'drop' | 'duplicate';
export const FAULT_DIRECTIONS: readonly FaultDirection[] = ['incoming', 'outgoing', 'link'];
export const FAULT_MODES: readonly FaultMode[] = ['answer-status', 'callerror', 'delay', 'drop', 'duplicate'];

/** Largest delay, latency or jitter a rule may ask for (ten minutes), and largest count. */
export const MAX_FAULT_MS = 600_000;
export const MAX_FAULT_TIMES = 1_000_000;
/** Rules one station may hold at once (bad input must not grow memory without bound). */
export const MAX_FAULT_RULES = 64;

/** A rule as a caller writes it (API body, SDK argument, CLI words, scenario step). */
export interface FaultRuleInput {
  /** incoming = calls from the central system (their answers); outgoing = the station's calls; link = every frame. */
  direction: FaultDirection;
  /** Only this OCPP action (every action when absent). Not for link rules. */
  action?: string;
  mode?: FaultMode;
  /** answer-status: the answer to send instead (a complete, schema-valid confirmation). */
  payload?: Record<string, unknown>;
  /** callerror: the OCPP-J error code and description. */
  code?: string;
  description?: string;
  /** delay: how long, in real milliseconds. */
  ms?: number;
  /** link: added latency, uniform jitter on top of it, and the share of frames lost (0 … 1). */
  latencyMs?: number;
  jitterMs?: number;
  lossRate?: number;
  /** link: PRNG seed for loss and jitter (default 1), so a run repeats exactly. */
  seed?: number;
  /** How many times the rule fires (frames, for a link rule): default 1 (link: always); 0 or 'always' = until removed. */
  times?: number | 'always';
}

/** A rule in force, as listed: its id, what it does, how many firings remain and how many happened. */
export interface FaultRule {
  id: string;
  direction: FaultDirection;
  action?: ActionName;
  mode?: FaultMode;
  payload?: Record<string, unknown>;
  code?: RpcErrorCode;
  description?: string;
  ms?: number;
  latencyMs?: number;
  jitterMs?: number;
  lossRate?: number;
  seed?: number;
  /** Firings left ('always' until removed). */
  remaining: number | 'always';
  /** Firings so far. */
  fired: number;
}

/** Whether a frame with this mark crossed the wire (a dropped or lost frame is logged but never arrived). */
export function crossedWire(injected: string | undefined): boolean {
  return injected === undefined || !/\b(drop|loss)\b/.test(injected);
}

/** A rule in one line, e.g. `incoming RemoteStartTransaction answer-status {"status":"Rejected"}`, `link latency 100ms loss 0.1 ×5`. */
export function describeFaultRule(r: FaultRuleInput): string {
  const times = r.times === undefined ? '' : r.times === 0 || r.times === 'always' ? ' always' : ` ×${r.times}`;
  if (r.direction === 'link') {
    const parts = [r.latencyMs !== undefined ? `latency ${r.latencyMs}ms` : '', r.jitterMs !== undefined ? `jitter ${r.jitterMs}ms` : '', r.lossRate !== undefined ? `loss ${r.lossRate}` : '', r.seed !== undefined ? `seed ${r.seed}` : ''];
    return `link ${parts.filter(Boolean).join(' ')}${times}`;
  }
  const detail = r.mode === 'answer-status' ? ` ${JSON.stringify(r.payload)}` : r.mode === 'callerror' ? ` ${r.code ?? ''}${r.description ? ` "${r.description}"` : ''}` : r.mode === 'delay' ? ` ${r.ms ?? ''}ms` : '';
  return `${r.direction} ${r.action ?? 'every action'} ${r.mode ?? ''}${detail}${times}`;
}

/** What a link rule decided for one frame. */
export interface LinkVerdict { lost: boolean; delayMs: number }

const FIELDS = ['direction', 'action', 'mode', 'payload', 'code', 'description', 'ms', 'latencyMs', 'jitterMs', 'lossRate', 'seed', 'times'];
const MODE_FIELDS: Record<FaultMode, string[]> = { 'answer-status': ['payload'], callerror: ['code', 'description'], delay: ['ms'], drop: [], duplicate: [] };

const bad = (why: string): TwinError => new TwinError('TWIN_ERR_FAULT_INVALID', `fault rule: ${why}`);

function msField(o: Record<string, unknown>, key: string, required: boolean): number | undefined {
  const v = o[key];
  if (v === undefined) { if (required) throw bad(`"${key}" is required (milliseconds, 0 … ${MAX_FAULT_MS})`); return undefined; }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_FAULT_MS) throw bad(`"${key}" must be an integer number of milliseconds, 0 … ${MAX_FAULT_MS}`);
  return v;
}

/**
 * Checks a rule and returns it normalised (without id and counts). Refuses with TWIN_ERR_FAULT_INVALID and
 * a message naming the field: unknown fields, a mode the direction cannot have, an action sent the other
 * way, an answer that breaks the action's schema, an unknown CALLERROR code, out-of-range numbers.
 */
export function checkFaultRule(input: unknown): Omit<FaultRule, 'id' | 'fired'> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('must be an object { direction, action?, mode, … }');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) throw bad(`unknown field "${k}"`);
  const direction = o.direction as FaultDirection;
  if (!FAULT_DIRECTIONS.includes(direction)) throw bad(`"direction" must be one of ${FAULT_DIRECTIONS.join(', ')}`);
  const times = o.times;
  if (times !== undefined && times !== 'always' && (typeof times !== 'number' || !Number.isInteger(times) || times < 0 || times > MAX_FAULT_TIMES)) {
    throw bad(`"times" must be an integer 0 … ${MAX_FAULT_TIMES} or "always" (0 = always)`);
  }
  const remaining: number | 'always' = times === 'always' || times === 0 ? 'always' : (times as number | undefined) ?? (direction === 'link' ? 'always' : 1);
  if (direction === 'link') {
    for (const k of ['action', 'mode', 'payload', 'code', 'description', 'ms']) if (o[k] !== undefined) throw bad(`"${k}" does not apply to a link rule (it takes latencyMs, jitterMs, lossRate, seed)`);
    const latencyMs = msField(o, 'latencyMs', false);
    const jitterMs = msField(o, 'jitterMs', false);
    const lossRate = o.lossRate;
    if (lossRate !== undefined && (typeof lossRate !== 'number' || !(lossRate >= 0 && lossRate <= 1))) throw bad('"lossRate" must be a number 0 … 1');
    const seed = o.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) throw bad('"seed" must be an integer 0 … 4294967295');
    if (latencyMs === undefined && jitterMs === undefined && lossRate === undefined) throw bad('a link rule needs latencyMs, jitterMs or lossRate');
    return {
      direction, remaining,
      ...(latencyMs !== undefined ? { latencyMs } : {}), ...(jitterMs !== undefined ? { jitterMs } : {}),
      ...(lossRate !== undefined ? { lossRate: lossRate as number } : {}), ...(seed !== undefined ? { seed: seed as number } : {}),
    };
  }
  if (o.latencyMs !== undefined || o.jitterMs !== undefined || o.lossRate !== undefined || o.seed !== undefined) throw bad('latencyMs, jitterMs, lossRate and seed belong to a link rule (direction "link")');
  const mode = o.mode as FaultMode;
  if (!FAULT_MODES.includes(mode)) throw bad(`"mode" must be one of ${FAULT_MODES.join(', ')}`);
  for (const k of ['payload', 'code', 'description', 'ms']) if (o[k] !== undefined && !MODE_FIELDS[mode].includes(k)) throw bad(`"${k}" does not apply to mode ${mode}`);
  let action: ActionName | undefined;
  if (o.action !== undefined) {
    if (typeof o.action !== 'string' || !isActionName(o.action)) throw bad(`"action": unknown OCPP 1.6 action ${JSON.stringify(o.action)}`);
    action = o.action;
    const sender = ACTIONS[action].direction;
    const wanted = direction === 'incoming' ? 'CentralSystem' : 'ChargePoint';
    if (sender !== wanted && sender !== 'Both') throw bad(`${action} is not sent by the ${wanted === 'CentralSystem' ? 'central system' : 'station'}: it cannot be an ${direction} rule's action`);
  }
  const base = { direction, remaining, ...(action ? { action } : {}), mode };
  switch (mode) {
    case 'answer-status': {
      if (direction !== 'incoming') throw bad('answer-status answers a central-system call: direction must be "incoming"');
      if (!action) throw bad('answer-status needs "action" (the answer is checked against that action\'s schema)');
      const payload = o.payload;
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw bad('answer-status needs "payload", the answer to send, e.g. { "status": "Rejected" }');
      const failure = ocppValidator().check(action, 'conf', payload);
      if (failure) throw bad(`"payload" is not a valid ${action}.conf: ${failure.description}`);
      return { ...base, payload: payload as Record<string, unknown> };
    }
    case 'callerror': {
      if (direction !== 'incoming') throw bad('callerror answers a central-system call: direction must be "incoming"');
      if (typeof o.code !== 'string' || !(RPC_ERROR_CODES as readonly string[]).includes(o.code)) throw bad(`"code" must be an OCPP-J error code: ${RPC_ERROR_CODES.join(', ')}`);
      if (o.description !== undefined && (typeof o.description !== 'string' || o.description.length > 255)) throw bad('"description" must be text of at most 255 characters');
      return { ...base, code: o.code as RpcErrorCode, description: (o.description as string | undefined) ?? 'injected fault' };
    }
    case 'delay': return { ...base, ms: msField(o, 'ms', true)! };
    default: return base;
  }
}

/** The rule's PRNG (mulberry32): a 32-bit state, a float in [0, 1). */
function nextRandom(r: ActiveRule): number {
  r.rng = (r.rng + 0x6d2b79f5) | 0;
  let t = r.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface ActiveRule extends FaultRule { rng: number }

/**
 * One station's rules. The first rule in force that matches a frame fires (rules added earlier first);
 * a counted rule is removed when its count runs out. Survives reconnects and reboots (it is the wire's,
 * not the model's), until cleared.
 */
export class FaultInjector {
  #rules: ActiveRule[] = [];
  #next = 1;

  /** Whether any rule is in force (the gate's fast path when none is). */
  get active(): boolean { return this.#rules.length > 0; }

  /** Checks and adds a rule; returns it with its id. */
  add(input: FaultRuleInput | Record<string, unknown>): FaultRule {
    const spec = checkFaultRule(input);
    if (this.#rules.length >= MAX_FAULT_RULES) throw bad(`a station holds at most ${MAX_FAULT_RULES} rules; clear some first`);
    const rule: ActiveRule = { id: `f${this.#next++}`, ...spec, fired: 0, rng: spec.seed ?? 1 };
    this.#rules.push(rule);
    return this.#public(rule);
  }

  list(): FaultRule[] { return this.#rules.map((r) => this.#public(r)); }

  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean {
    const i = this.#rules.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.#rules.splice(i, 1);
    return true;
  }

  clear(): void { this.#rules = []; }

  /** The incoming/outgoing rule that fires for a call of `action` (counted), if any. */
  take(direction: 'incoming' | 'outgoing', action: string): FaultRule | undefined {
    const r = this.#rules.find((x) => x.direction === direction && (x.action === undefined || x.action === action));
    return r ? this.#fire(r) : undefined;
  }

  /** What the first link rule does to one frame (counted), if any. */
  link(): LinkVerdict | undefined {
    const r = this.#rules.find((x) => x.direction === 'link');
    if (!r) return undefined;
    this.#fire(r);
    const lost = r.lossRate !== undefined && r.lossRate > 0 && nextRandom(r) < r.lossRate;
    const jitter = r.jitterMs ? Math.floor(nextRandom(r) * (r.jitterMs + 1)) : 0;
    return { lost, delayMs: lost ? 0 : (r.latencyMs ?? 0) + jitter };
  }

  #fire(r: ActiveRule): FaultRule {
    r.fired++;
    if (r.remaining !== 'always') {
      r.remaining--;
      if (r.remaining <= 0) this.#rules.splice(this.#rules.indexOf(r), 1);
    }
    return r;
  }

  #public(r: ActiveRule): FaultRule {
    const { rng: _rng, ...rest } = r;
    return { ...rest };
  }
}
