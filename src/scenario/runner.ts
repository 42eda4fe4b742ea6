/**
 * Runs scenarios: starts one EVlink twin per scenario (through the SDK, on its own ScaledClock), drives
 * its controls step by step and checks the wire (the station's frames) against the expectations.
 *
 * Time: every duration in a scenario is station-clock time. The clock runs at `scale` × real time;
 * `advance` fast-forwards it (due timers fire in order); `expectNo … fastForward: true` fast-forwards
 * through its window. Expectations look at the frames since the last action step (plug, badge, csms…)
 * began; each frame satisfies one expectation at most. See docs/scenarios.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Csms } from '../csms/index.ts';
import { ScaledClock } from '../platform/index.ts';
import { startStation, type StationHandle } from '../sdk.ts';
import { isTwinError } from '../shared/errors.ts';
import { formatDuration } from './duration.ts';
import { describeFaultRule } from '../rpc/fault-injection.ts';
import { defaultStationId } from './load.ts';
import { matchPattern, show, substitute, type Vars } from './matcher.ts';
import type { Scenario, ScenarioResult, Step, StepResult } from './types.ts';
import { WireLog, type WireCall } from './wire-log.ts';

export interface RunOptions {
  /** The central system the twin connects to (its charge point id is appended). */
  csmsUrl: string;
  /** The embedded central system behind csmsUrl, if it is one: enables `csms` steps and `csms.tags`. */
  csms?: Csms;
  /** Charge point id for every scenario (default: the scenario's station.id, else CT-<file name>). */
  stationId?: string;
  /** Station clock scale for every scenario (default: the scenario's clock.scale, else 1). */
  scale?: number;
  /** Variables that override the scenarios' `vars`. */
  vars?: Vars;
  /** Folder for one JSON-lines wire trace per scenario. */
  traceDir?: string;
  /** Real-time bound of each scenario (default: the scenario's timeout). */
  timeoutMs?: number;
}

/** Thrown inside a step: the step fails with this message. */
class StepFailure extends Error {}

/** Real milliseconds before and after a fast-forward for work in flight to settle. */
const SETTLE_REAL_MS = 30;

/** Real milliseconds a `csms` step waits for the station to be connected. */
const CONNECT_WAIT_REAL_MS = 10_000;

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function stationIdOf(sc: Scenario, o: Pick<RunOptions, 'stationId'>): string {
  return o.stationId ?? sc.station.id ?? defaultStationId(sc.source);
}

/**
 * Runs many scenarios, `parallel` at a time; scenarios that use the same charge point id never run at
 * the same time (a central system keeps one connection per id). Results come in the input order.
 */
export async function runScenarios(list: Scenario[], o: RunOptions & { parallel?: number; onResult?: (r: ScenarioResult) => void }): Promise<ScenarioResult[]> {
  const groups = new Map<string, number[]>();
  list.forEach((sc, i) => {
    const id = stationIdOf(sc, o);
    groups.set(id, [...(groups.get(id) ?? []), i]);
  });
  const queue = [...groups.values()];
  const results: ScenarioResult[] = new Array(list.length);
  const traceNames = uniqueTraceNames(list);
  const worker = async (): Promise<void> => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      for (const i of g) {
        results[i] = await runScenario(list[i]!, o, traceNames[i]);
        o.onResult?.(results[i]!);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.parallel ?? 1, queue.length)) }, worker));
  return results;
}

/** `<file name>.jsonl` per scenario; a name two files share gets -2, -3… (a/x.yaml and b/x.yaml). */
function uniqueTraceNames(list: Scenario[]): string[] {
  const used = new Map<string, number>();
  return list.map((sc) => {
    const base = traceName(sc);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

const traceName = (sc: Scenario): string => basename(sc.source).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '_');

export async function runScenario(sc: Scenario, o: RunOptions, traceFile = traceName(sc)): Promise<ScenarioResult> {
  const started = performance.now();
  const stationId = stationIdOf(sc, o);
  const vars: Vars = { ...sc.vars, ...o.vars };
  const steps: StepResult[] = sc.steps.map((s, index) => ({ index: index + 1, title: stepTitle(s), status: 'not-run', realMs: 0 }));
  const result: ScenarioResult = { name: sc.name, source: sc.source, stationId, passed: false, steps, realMs: 0, vars };
  if (o.csms) for (const [tag, status] of Object.entries(sc.csmsTags)) o.csms.tags.set(tag, { status });
  const clock = new ScaledClock({ scale: o.scale ?? sc.scale });
  const log = new WireLog();
  let station: StationHandle | undefined;
  let off: (() => void) | undefined;
  try {
    station = await startStation({ csmsUrl: o.csmsUrl, id: stationId, clock, ...(sc.station.model ? { model: sc.station.model } : {}) });
    off = station.onFrame((f) => log.add(f));
    for (const f of station.frames()) log.add(f);
    const run = new ScenarioRun(sc, station, clock, log, vars, o.csms);
    const timeoutMs = o.timeoutMs ?? sc.timeoutMs;
    const deadline = performance.now() + timeoutMs;
    for (const [i, step] of sc.steps.entries()) {
      const t0 = performance.now();
      const r = steps[i]!;
      let timer: NodeJS.Timeout | undefined;
      try {
        const left = deadline - performance.now();
        const outcome = await Promise.race([
          run.step(step),
          new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new StepFailure(`the scenario's time limit (${formatDuration(timeoutMs)} real time) ran out during this step`)), Math.max(0, left)); }),
        ]);
        r.status = outcome === 'skipped' ? 'skipped' : 'passed';
        if (outcome === 'skipped') r.reason = 'needs the embedded central system (against --csms the central system must send this call itself)';
      } catch (e) {
        r.status = 'failed';
        r.reason = e instanceof StepFailure ? e.message : `${isTwinError(e) ? `${e.code}: ` : ''}${(e as Error).message}`;
      } finally {
        clearTimeout(timer);
        r.realMs = Math.round(performance.now() - t0);
      }
      if (r.status === 'failed') break;
    }
    result.passed = steps.every((s) => s.status === 'passed' || s.status === 'skipped');
  } catch (e) {
    result.error = `the station could not start: ${(e as Error).message}`;
  } finally {
    if (station) await quiesce(log, station);
    off?.();
    await station?.stop().catch(() => undefined);
    // Paused, the clock arms no real timer again (a connect still in flight at stop may set one on it).
    clock.pause();
    clock.dispose();
    result.realMs = Math.round(performance.now() - started);
    if (o.traceDir) {
      const path = join(o.traceDir, `${traceFile}.jsonl`);
      try {
        mkdirSync(o.traceDir, { recursive: true });
        writeFileSync(path, log.jsonLines());
        result.tracePath = path;
      } catch (e) {
        result.passed = false;
        result.error = `${result.error ? `${result.error}; ` : ''}the wire trace could not be written to ${path}: ${(e as Error).message}`;
      }
    }
  }
  return result;
}

/**
 * Before the station stops: lets the wire fall quiet (no station CALL waiting for its answer, no new
 * frame for 30 ms; at most ~1.5 s real), so the trace is whole and no call is cut off mid-flight.
 */
async function quiesce(log: WireLog, station: StationHandle): Promise<void> {
  for (let i = 0; i < 50 && station.state().link === 'open'; i++) {
    const seq = log.lastSeq;
    await realSleep(SETTLE_REAL_MS);
    const waiting = log.calls.slice(-8).some((c) => c.direction === 'out' && !c.answer);
    if (!waiting && log.lastSeq === seq) return;
  }
}

/** One scenario while it runs: the wire, the mark, the variables, the station. */
class ScenarioRun {
  /** Sequence number of the last frame before the latest action step: expectations look after it. */
  #mark = 0;
  readonly #consumed = new Set<WireCall>();
  /** Step id → the frame it matched (or the mark, for an action step). */
  readonly #labels = new Map<string, number>();

  constructor(readonly sc: Scenario, readonly station: StationHandle, readonly clock: ScaledClock, readonly log: WireLog, readonly vars: Vars, readonly csms: Csms | undefined) {}

  async step(s: Step): Promise<'passed' | 'skipped'> {
    switch (s.kind) {
      case 'expect': case 'await': return this.#expect(s);
      case 'expectNo': return this.#expectNo(s);
      case 'advance': await this.#fastForward(s.ms); return 'passed';
      case 'wait': await new Promise<void>((r) => { this.clock.setTimeout(r, s.ms); }); return 'passed';
      default: return this.#action(s);
    }
  }

  async #action(s: Step): Promise<'passed' | 'skipped'> {
    if (s.kind === 'csms' && !this.csms) return 'skipped';
    this.#mark = this.log.lastSeq;
    if (s.id !== undefined) this.#labels.set(s.id, this.#mark);
    const st = this.station;
    const conn = (c: number | string): number => {
      const v = substitute(c, this.vars);
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw new StepFailure(`connector id must be a non-negative integer, got ${show(v)}`);
      return v as number;
    };
    switch (s.kind) {
      case 'plug': await st.plugIn(conn(s.connectorId)); break;
      case 'unplug': await st.unplug(conn(s.connectorId)); break;
      case 'stopButton': await st.pressStop(conn(s.connectorId)); break;
      case 'ev': {
        const c = conn(s.connectorId);
        if (Object.keys(s.settings).length) await st.setEv(c, s.settings);
        if (s.requesting !== undefined) await st.evRequestsEnergy(c, s.requesting);
        break;
      }
      case 'badge': {
        const tag = String(this.#sub(s.idTag));
        const r = await st.presentBadge(tag, s.connectorId === undefined ? undefined : conn(s.connectorId));
        if (s.accepted !== undefined && r.accepted !== s.accepted) {
          throw new StepFailure(`expected the reader to ${s.accepted ? 'accept' : 'refuse'} ${tag}, got ${r.accepted ? 'accepted' : 'refused'}${r.reason ? ` (${r.reason})` : ''}`);
        }
        break;
      }
      case 'fault': if (s.clear) await st.clearError(s.code, conn(s.connectorId)); else await st.raiseError(s.code, conn(s.connectorId)); break;
      case 'inject': if (s.rule) await st.injectFault(s.rule); else await st.clearFaults(); break;
      case 'power': if (s.on) await st.powerRestore(); else await st.powerCut(); break;
      case 'network': if (s.on) await st.restoreNetwork(); else await st.cutNetwork(); break;
      case 'reboot': await st.reboot(s.type); break;
      case 'availability': await st.setAvailability(conn(s.connectorId), s.operative); break;
      case 'csms': await this.#csmsCall(s.call, this.#sub(s.payload) as Record<string, unknown>); break;
      default: throw new StepFailure(`unknown step kind ${s.kind}`);
    }
    return 'passed';
  }

  #sub(value: unknown): unknown {
    try { return substitute(value, this.vars); } catch (e) { throw new StepFailure((e as Error).message); }
  }

  /** Sends a CALL from the embedded central system; its answer (or CALLERROR) is for a later `await` to judge. */
  async #csmsCall(action: string, payload: Record<string, unknown>): Promise<void> {
    const csms = this.csms!;
    // After a reboot or a network cut the station may still be reconnecting: give it a bounded moment.
    for (let i = 0; i < CONNECT_WAIT_REAL_MS / 20 && !csms.station(this.station.id)?.connected; i++) await realSleep(20);
    if (!csms.station(this.station.id)?.connected) throw new StepFailure(`the station is not connected to the embedded central system (waited ${CONNECT_WAIT_REAL_MS / 1000} s), cannot send ${action}`);
    const call = csms.call as (id: string, a: string, p: unknown) => Promise<unknown>;
    try {
      await call(this.station.id, action, payload);
    } catch (e) {
      if (isTwinError(e, 'TWIN_ERR_RPC_CALLERROR') || isTwinError(e, 'TWIN_ERR_RPC_TIMEOUT') || isTwinError(e, 'TWIN_ERR_RPC_CLOSED')) return;
      throw new StepFailure(`the central system could not send ${action}: ${(e as Error).message}`);
    }
  }

  /** Fast-forwards the station clock; before and after, real time for work in flight (an answer, a hash) to arm its timers or land. */
  async #fastForward(ms: number): Promise<void> {
    await realSleep(SETTLE_REAL_MS);
    await this.clock.fastForward(ms);
    await realSleep(SETTLE_REAL_MS);
  }

  /** Calls of `action` in `direction` after the mark (and after `afterSeq`), not yet used by another expectation. */
  #candidates(action: string, direction: 'in' | 'out', afterSeq = 0): WireCall[] {
    return this.log.calls.filter((c) => c.seq > this.#mark && c.seq > afterSeq && c.direction === direction && c.action === action && !this.#consumed.has(c));
  }

  /** Resolves with `check()`'s first defined value, re-checking at every frame, or undefined after `ms` of station clock. */
  #waitFor<T>(check: () => T | undefined, ms: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: T | undefined): void => { if (done) return; done = true; off(); this.clock.clearTimeout(timer); resolve(v); };
      const off = this.log.onChange(() => { const v = check(); if (v !== undefined) finish(v); });
      const timer = this.clock.setTimeout(() => finish(check()), ms);
      const first = check();
      if (first !== undefined) finish(first);
    });
  }

  async #expect(s: Extract<Step, { kind: 'expect' | 'await' }>): Promise<'passed'> {
    const direction = s.kind === 'expect' ? 'out' : 'in';
    const afterSeq = s.after !== undefined ? this.#labels.get(s.after) ?? 0 : 0;
    const started = this.clock.now();
    const deadline = started + s.withinMs;
    const find = (): { call: WireCall; captured: Vars } | undefined => {
      for (const call of this.#candidates(s.action, direction, afterSeq)) {
        const m = matchPattern(s.match ?? {}, call.payload, this.vars);
        if (m.ok) return { call, captured: m.captured };
      }
      return undefined;
    };
    const hit = await this.#waitFor(find, s.withinMs);
    if (!hit) throw new StepFailure(this.#missing(s, direction, afterSeq));
    this.#consumed.add(hit.call);
    const captured = { ...hit.captured };
    if (s.result !== undefined || s.error !== undefined) {
      const answered = await this.#waitFor(() => hit.call.answer, Math.max(0, deadline - this.clock.now()));
      const who = direction === 'out' ? 'the central system' : 'the station';
      if (!answered) throw new StepFailure(`${s.action} (frame #${hit.call.seq}) matched, but ${who} did not answer it within ${formatDuration(s.withinMs)}`);
      if (s.error !== undefined) {
        if (answered.error === undefined) throw new StepFailure(`expected ${who} to answer ${s.action} with CALLERROR ${s.error}, got CALLRESULT ${show(answered.result)}`);
        const m = matchPattern(s.error, answered.error, { ...this.vars, ...captured });
        if (!m.ok) throw new StepFailure(`CALLERROR of ${s.action}: ${m.reason} (${answered.errorDescription ?? ''})`);
      } else {
        if (answered.error !== undefined) throw new StepFailure(`expected ${who} to answer ${s.action} with ${show(s.result)}, got CALLERROR ${answered.error} ${show(answered.errorDescription)}`);
        const m = matchPattern(s.result, answered.result, { ...this.vars, ...captured });
        if (!m.ok) throw new StepFailure(`answer to ${s.action}: ${m.reason}; expected ${show(s.result)}, got ${show(answered.result)}`);
        Object.assign(captured, m.captured);
      }
    }
    Object.assign(this.vars, captured);
    if (s.id !== undefined) this.#labels.set(s.id, hit.call.seq);
    return 'passed';
  }

  /** The readable "expected vs got" of an expectation that timed out. */
  #missing(s: Extract<Step, { kind: 'expect' | 'await' }>, direction: 'in' | 'out', afterSeq: number): string {
    const who = direction === 'out' ? 'the station' : 'the central system';
    const lines = [`expected ${who} to send ${s.action}${s.match !== undefined ? ` matching ${show(s.match)}` : ''} within ${formatDuration(s.withinMs)} (station clock)${s.after ? ` after step "${s.after}"` : ''}`];
    const seen = this.#candidates(s.action, direction, afterSeq);
    if (seen.length === 0) {
      const others = this.log.calls.filter((c) => c.seq > this.#mark && c.direction === direction).map((c) => c.action);
      lines.push(`got: no ${s.action} since the last action${others.length ? `; ${who} sent ${[...new Set(others)].join(', ')}` : `; ${who} sent nothing`}`);
    } else {
      lines.push(`got ${seen.length} ${s.action} that did not match:`);
      for (const c of seen.slice(-3)) lines.push(`  #${c.seq} ${show(c.payload, 200)} — ${matchPattern(s.match ?? {}, c.payload, this.vars).reason ?? ''}`);
    }
    const view = this.station.state();
    if (view.link !== 'open') lines.push(`(the station's link is ${view.link}${view.lastError ? `: ${view.lastError}` : ''})`);
    return lines.join('\n');
  }

  async #expectNo(s: Extract<Step, { kind: 'expectNo' }>): Promise<'passed'> {
    const find = (): WireCall | undefined => this.#candidates(s.action, 'out').find((c) => matchPattern(s.match ?? {}, c.payload, this.vars).ok);
    let hit: WireCall | undefined;
    if (s.fastForward) {
      await this.#fastForward(s.forMs);
      hit = find();
    } else {
      hit = await this.#waitFor(find, s.forMs);
    }
    if (hit) throw new StepFailure(`expected no ${s.action}${s.match !== undefined ? ` matching ${show(s.match)}` : ''} for ${formatDuration(s.forMs)} (station clock), got frame #${hit.seq} ${show(hit.payload, 200)}`);
    return 'passed';
  }
}

/** One line saying what a step does. */
export function stepTitle(s: Step): string {
  const m = 'match' in s && s.match !== undefined ? ` ${show(s.match, 100)}` : '';
  switch (s.kind) {
    case 'expect': case 'await': {
      const answer = s.error !== undefined ? ` → CALLERROR ${s.error}` : s.result !== undefined ? ` → ${show(s.result, 80)}` : '';
      return `${s.kind} ${s.action}${m}${answer} within ${formatDuration(s.withinMs)}${s.after ? ` after ${s.after}` : ''}`;
    }
    case 'expectNo': return `expect no ${s.action}${m} for ${formatDuration(s.forMs)}${s.fastForward ? ' (fast-forward)' : ''}`;
    case 'csms': return `csms sends ${s.call} ${show(s.payload, 100)}`;
    case 'plug': case 'unplug': return `${s.kind} connector ${s.connectorId}`;
    case 'stopButton': return `press stop on connector ${s.connectorId}`;
    case 'ev': return `EV on connector ${s.connectorId}:${s.requesting !== undefined ? ` ${s.requesting ? 'requests' : 'stops requesting'} energy` : ''}${Object.keys(s.settings).length ? ` ${show(s.settings)}` : ''}`;
    case 'badge': return `badge ${s.idTag}${s.connectorId !== undefined ? ` on connector ${s.connectorId}` : ''}${s.accepted !== undefined ? (s.accepted ? ' (accepted)' : ' (refused)') : ''}`;
    case 'fault': return `${s.clear ? 'clear' : 'raise'} vendor error ${s.code} on connector ${s.connectorId}`;
    case 'inject': return s.rule ? `inject ${describeFaultRule(s.rule)}` : 'clear injected faults';
    case 'power': return `power ${s.on ? 'on' : 'off'}`;
    case 'network': return `network ${s.on ? 'on' : 'off'}`;
    case 'reboot': return `reboot (${s.type})`;
    case 'availability': return `connector ${s.connectorId} ${s.operative ? 'operative' : 'inoperative'} (local)`;
    case 'advance': return `fast-forward the clock ${formatDuration(s.ms)}`;
    case 'wait': return `wait ${formatDuration(s.ms)}`;
  }
}
