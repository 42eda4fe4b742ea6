/**
 * What a scenario file holds once loaded (schema.json is the contract; docs/scenarios.md the manual).
 * Durations are already milliseconds of the station clock.
 */

import type { FaultRuleInput } from '../rpc/fault-injection.ts';

/** A subset pattern (see matcher.ts): any JSON value, with "*", "/re/flags" and "$name" strings. */
export type Pattern = unknown;

interface StepBase { id?: string; note?: string }

export type Step = StepBase & (
  | { kind: 'expect'; action: string; match?: Pattern; result?: Pattern; error?: string; withinMs: number; after?: string }
  | { kind: 'expectNo'; action: string; match?: Pattern; forMs: number; fastForward: boolean }
  | { kind: 'await'; action: string; match?: Pattern; result?: Pattern; error?: string; withinMs: number; after?: string }
  | { kind: 'csms'; call: string; payload: Record<string, unknown> }
  | { kind: 'plug' | 'unplug' | 'stopButton'; connectorId: number | string }
  | { kind: 'ev'; connectorId: number | string; requesting?: boolean; settings: Record<string, number> }
  | { kind: 'badge'; idTag: string; connectorId?: number | string; accepted?: boolean }
  | { kind: 'fault'; code: string; connectorId: number | string; clear: boolean }
  /** Fault injection on the wire (docs/fault-injection.md): add a rule, or clear every rule. */
  | { kind: 'inject'; rule?: FaultRuleInput; clear: boolean }
  | { kind: 'power' | 'network'; on: boolean }
  | { kind: 'reboot'; type: 'Soft' | 'Hard' }
  | { kind: 'availability'; connectorId: number | string; operative: boolean }
  | { kind: 'advance' | 'wait'; ms: number }
);

export type StepKind = Step['kind'];

export interface Scenario {
  name: string;
  description?: string;
  /** The file it came from (for reports), or a label given by the caller. */
  source: string;
  station: { id?: string; model?: string };
  /** Station clock ms per real ms. */
  scale: number;
  csmsTags: Record<string, 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx'>;
  vars: Record<string, unknown>;
  /** Real-time bound of the whole run. */
  timeoutMs: number;
  steps: Step[];
}

/** Outcome of one step. */
export interface StepResult {
  index: number;
  /** One line saying what the step does, e.g. `expect StatusNotification {"status":"Charging"} within 5s`. */
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'not-run';
  /** Why it failed or was skipped: expected vs got. */
  reason?: string;
  realMs: number;
}

export interface ScenarioResult {
  name: string;
  source: string;
  stationId: string;
  passed: boolean;
  steps: StepResult[];
  realMs: number;
  /** A failure outside any step (the station could not start, the scenario timed out...). */
  error?: string;
  /** Where the wire trace was written, if it was. */
  tracePath?: string;
  vars: Record<string, unknown>;
}
