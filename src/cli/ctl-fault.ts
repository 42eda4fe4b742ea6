/**
 * `chargetwin ctl fault`: fault injection on a station's wire in readable words (docs/fault-injection.md).
 *
 *   fault <id>                                   the rules in force
 *   fault <id> clear [ruleId]                    remove one rule, or all
 *   fault <id> incoming [Action] status <Status> answer with { "status": <Status> }
 *   fault <id> incoming <Action> answer '<json>' answer with this payload (checked against the schema)
 *   fault <id> incoming [Action] callerror <Code> [description…]
 *   fault <id> incoming|outgoing [Action] delay <ms> | drop | duplicate
 *   fault <id> link [latency <ms>] [jitter <ms>] [loss <rate>] [seed <n>]
 *   … [times <n> | always]                       how often (default once; link: always)
 *
 * The words become the API's rule; the API checks it (TWIN_ERR_FAULT_INVALID) like any other caller's.
 */
import type { ControlApiClient } from '../api-client/client.ts';
import type { FaultRuleInput } from '../rpc/fault-injection.ts';
import { UsageError } from './args.ts';

type Call = (c: ControlApiClient) => Promise<unknown>;

export const FAULT_USAGE = `fault <id> [list]                     the fault rules in force on the station's wire
  fault <id> clear [ruleId]             remove one rule, or all
  fault <id> incoming [Action] status <Status> | answer '<json>' | callerror <Code> [text…] | delay <ms> | drop | duplicate [times <n>|always]
  fault <id> outgoing [Action] delay <ms> | drop | duplicate [times <n>|always]
  fault <id> link [latency <ms>] [jitter <ms>] [loss <0…1>] [seed <n>] [times <n>|always]
                                        (docs/fault-injection.md)`;

const USAGE_HINT = '(see docs/fault-injection.md or chargetwin ctl --help)';

function integer(what: string, raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) throw new UsageError(`fault: ${what} must be a non-negative integer, got "${raw ?? ''}"`);
  return Number(raw);
}

/** Takes a trailing `times <n>` or `always` off the words. */
function times(words: string[]): number | undefined {
  if (words.at(-1) === 'always') { words.pop(); return 0; }
  if (words.at(-2) === 'times') { const n = integer('times', words.at(-1)); words.splice(-2); return n; }
  return undefined;
}

function linkRule(words: string[]): FaultRuleInput {
  const rule: FaultRuleInput = { direction: 'link' };
  for (let i = 0; i < words.length; i += 2) {
    const [key, raw] = [words[i], words[i + 1]];
    if (key === 'latency') rule.latencyMs = integer('latency', raw);
    else if (key === 'jitter') rule.jitterMs = integer('jitter', raw);
    else if (key === 'seed') rule.seed = integer('seed', raw);
    else if (key === 'loss') {
      const n = raw !== undefined && /^(0|1|0?\.\d+|1\.0*)$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= 0 && n <= 1)) throw new UsageError(`fault: loss must be a rate between 0 and 1, got "${raw ?? ''}"`);
      rule.lossRate = n;
    } else throw new UsageError(`fault link: expected latency, jitter, loss or seed, got "${key ?? ''}" ${USAGE_HINT}`);
  }
  return rule;
}

function callRule(direction: 'incoming' | 'outgoing', words: string[]): FaultRuleInput {
  const rule: FaultRuleInput = { direction };
  if (words[0] !== undefined && /^[A-Z]/.test(words[0])) rule.action = words.shift()!;
  const [mode, ...rest] = words;
  const none = (): void => { if (rest.length) throw new UsageError(`fault: unexpected "${rest[0]}" after ${mode ?? ''} ${USAGE_HINT}`); };
  switch (mode) {
    case 'drop': case 'duplicate': none(); return { ...rule, mode };
    case 'delay': {
      if (rest.length !== 1) throw new UsageError(`fault: delay takes the milliseconds, e.g. delay 500 ${USAGE_HINT}`);
      return { ...rule, mode, ms: integer('delay', rest[0]) };
    }
    case 'status': {
      if (rest.length !== 1) throw new UsageError(`fault: status takes one status, e.g. status Rejected ${USAGE_HINT}`);
      return { ...rule, mode: 'answer-status', payload: { status: rest[0] } };
    }
    case 'answer': {
      if (rest.length !== 1) throw new UsageError(`fault: answer takes one JSON payload, e.g. answer '{"status":"Rejected"}' ${USAGE_HINT}`);
      let payload: unknown;
      try { payload = JSON.parse(rest[0]!); } catch { throw new UsageError(`fault: the answer must be JSON, got "${rest[0]!.slice(0, 40)}"`); }
      return { ...rule, mode: 'answer-status', payload: payload as Record<string, unknown> };
    }
    case 'callerror': {
      if (rest.length < 1) throw new UsageError(`fault: callerror takes an OCPP-J code, e.g. callerror GenericError ${USAGE_HINT}`);
      return { ...rule, mode, code: rest[0]!, ...(rest.length > 1 ? { description: rest.slice(1).join(' ') } : {}) };
    }
    default: throw new UsageError(`fault ${direction}: expected status, answer, callerror, delay, drop or duplicate, got "${mode ?? ''}" ${USAGE_HINT}`);
  }
}

/** The call of `ctl fault` with its words (after the command), checked now. */
export function faultCommand(a: string[]): Call {
  const [id, what, ...more] = a;
  if (id === undefined) throw new UsageError(`ctl fault: missing the station id ${USAGE_HINT}`);
  if (what === undefined || what === 'list') {
    if (more.length) throw new UsageError(`ctl fault: unexpected argument "${more[0]}"`);
    return (c) => c.faults(id);
  }
  if (what === 'clear') {
    if (more.length > 1) throw new UsageError(`ctl fault clear: unexpected argument "${more[1]}"`);
    return (c) => c.clearFaults(id, more[0]);
  }
  if (what !== 'incoming' && what !== 'outgoing' && what !== 'link') throw new UsageError(`ctl fault: expected list, clear, incoming, outgoing or link, got "${what}" ${USAGE_HINT}`);
  const words = [...more];
  const n = times(words);
  const rule = what === 'link' ? linkRule(words) : callRule(what, words);
  if (n !== undefined) rule.times = n;
  return (c) => c.injectFault(id, rule);
}

/** `ctl fault <id>` for a person: one row per rule. */
export function faultTable(rules: Array<Record<string, unknown>>): string {
  const detail = (r: Record<string, unknown>): string => {
    if (r.direction === 'link') return [r.latencyMs !== undefined ? `latency ${String(r.latencyMs)}ms` : '', r.jitterMs !== undefined ? `jitter ${String(r.jitterMs)}ms` : '', r.lossRate !== undefined ? `loss ${String(r.lossRate)}` : ''].filter(Boolean).join(' ');
    if (r.mode === 'answer-status') return JSON.stringify(r.payload);
    if (r.mode === 'callerror') return `${String(r.code)} ${String(r.description ?? '')}`;
    if (r.mode === 'delay') return `${String(r.ms)}ms`;
    return '';
  };
  const rows = rules.map((r) => [r.id, r.direction, r.action ?? '*', r.mode ?? '-', detail(r), r.remaining, r.fired].map(String).join('\t'));
  return ['ID\tDIRECTION\tACTION\tMODE\tDETAIL\tREMAINING\tFIRED', ...rows].join('\n');
}
