/**
 * Routes of fault injection on a station's wire (docs/fault-injection.md, D20): add a rule, list the rules
 * in force with the firings they have left, remove one or all. The rule is checked by the same function
 * the SDK, the CLI and scenario files use (rpc/fault-injection.ts).
 */
import { TwinError } from '../shared/errors.ts';
import { FAULT_DIRECTIONS, FAULT_MODES, MAX_FAULT_MS, MAX_FAULT_TIMES } from '../rpc/fault-injection.ts';
import { member, ok, type FieldSpec, type Route } from './route.ts';

const FAULTS = '/api/stations/{id}/faults';

/** The body of POST …/faults: a rule (times: 0 = until removed; the SDK and scenario files also take "always"). */
export const FAULT_FIELDS: Record<string, FieldSpec> = {
  direction: { type: 'string', required: true, enum: FAULT_DIRECTIONS, description: 'incoming = calls from the central system (their answers); outgoing = the station\'s calls; link = every frame both ways' },
  action: { type: 'string', description: 'only calls of this OCPP action (default: every action); not for link rules' },
  mode: { type: 'string', enum: FAULT_MODES, description: 'what to do (incoming/outgoing rules; answer-status and callerror only for incoming)' },
  payload: { type: 'object', description: 'answer-status: the answer to send, checked against the action\'s schema, e.g. { "status": "Rejected" }' },
  code: { type: 'string', description: 'callerror: an OCPP-J error code, e.g. GenericError' },
  description: { type: 'string', maxLength: 255, description: 'callerror: the error description' },
  ms: { type: 'integer', minimum: 0, maximum: MAX_FAULT_MS, description: 'delay: milliseconds of real time' },
  latencyMs: { type: 'integer', minimum: 0, maximum: MAX_FAULT_MS, description: 'link: added latency per frame, ms' },
  jitterMs: { type: 'integer', minimum: 0, maximum: MAX_FAULT_MS, description: 'link: uniform extra 0 … jitterMs per frame' },
  lossRate: { type: 'number', minimum: 0, maximum: 1, description: 'link: share of frames lost, 0 … 1' },
  seed: { type: 'integer', minimum: 0, maximum: 0xffffffff, description: 'link: PRNG seed for loss and jitter (default 1)' },
  times: { type: 'integer', minimum: 0, maximum: MAX_FAULT_TIMES, description: 'firings (frames, for link) before the rule goes: default 1 (link: until removed); 0 = until removed' },
};

const str = { type: 'string' };
const int = { type: 'integer' };
const rule = {
  type: 'object', additionalProperties: false, required: ['id', 'direction', 'remaining', 'fired'],
  properties: {
    id: { ...str, description: 'the rule\'s id, for DELETE …/faults/{faultId}' }, direction: { enum: FAULT_DIRECTIONS }, action: str, mode: { enum: FAULT_MODES },
    payload: { type: 'object' }, code: str, description: str, ms: int, latencyMs: int, jitterMs: int, lossRate: { type: 'number' }, seed: int,
    remaining: { anyOf: [int, { const: 'always' }], description: 'firings left' }, fired: { ...int, description: 'firings so far' },
  },
};
export const FAULT_API_SCHEMAS: Record<string, Record<string, unknown>> = {
  FaultRule: rule,
  FaultRules: { type: 'array', items: { $ref: '#/components/schemas/FaultRule' } },
};

export const FAULT_ROUTES: Route[] = [
  { method: 'GET', path: FAULTS, summary: 'Fault rules in force on the station\'s wire, with the firings each has left', response: 'FaultRules',
    handle: (ctx, { params }) => member(ctx, params).runtime.faults?.list() ?? [] },
  { method: 'POST', path: FAULTS, summary: 'Inject a fault on the station\'s wire: answer a central-system call with a status or CALLERROR, delay/drop/duplicate a frame, link latency/jitter/loss (docs/fault-injection.md)', response: 'FaultRule',
    body: FAULT_FIELDS,
    handle: (ctx, { params, body }) => member(ctx, params).runtime.faultInjector().add(body) },
  { method: 'DELETE', path: FAULTS, summary: 'Remove every fault rule of the station', response: 'Ok',
    handle: (ctx, { params }) => { member(ctx, params).runtime.faults?.clear(); return ok; } },
  { method: 'DELETE', path: `${FAULTS}/{faultId}`, summary: 'Remove one fault rule', response: 'Ok',
    handle: (ctx, { params }) => {
      const m = member(ctx, params);
      if (!m.runtime.faults?.remove(params.faultId ?? '')) throw new TwinError('TWIN_ERR_FAULT_UNKNOWN', `no fault rule ${params.faultId ?? ''} on station ${m.spec.id}`);
      return ok;
    } },
];
