/**
 * The SDK for test suites: start an embedded central system and EVlink twins in-process, drive them
 * with awaitable controls, and wait for conditions.
 *
 *   const csms = await startCsms({ tags: { TAG1: 'Accepted' } });
 *   const station = await startStation({ csmsUrl: csms.url, id: 'EVB-1' });
 *   await station.waitFor((s) => s.registration === 'Accepted');
 *   await station.plugIn(1);                 // an EV that asks for energy (plugIn(1, { requesting: false }): one that waits)
 *   await station.presentBadge('TAG1');
 *   await station.waitFor((s) => s.connectors[1]!.status === 'Charging');
 */
import { createFleet, checkHistoryMode, checkFrameLogMode, type FrameLogMode, type Fleet, type FleetStation, type HistoryMode, type HistoryRecording, type LoggedFrame } from './fleet/index.ts';
import type { HistoryColumns } from './fleet/connector-history.ts';
import { stationView, type StationView } from './fleet/station-view.ts';
import { ScaledClock } from './platform/index.ts';
import { buildEvlinkStation, type EvlinkBuilderOptions } from './runtime/evlink-station.ts';
import { TwinError } from './shared/errors.ts';
import type { EvSettings, LocalListEntry, PlugOptions } from './station/control-surface.ts';
import { connectorIn, control } from './api/route.ts';
import { recordStationTransactions, type StationTransaction } from './api/station-transactions.ts';
import { checkFields } from './api/input-check.ts';
import { EV_FIELDS, PLUG_FIELDS, knownVendorCode } from './api/routes-controls.ts';
import { sessionGeneratorsOf, type RemoteCentral } from './fleet/session-generators.ts';
import type { GeneratorStatus } from './station/session-generator/generator-status.ts';
import type { SessionGeneratorSettings } from './station/session-generator/settings.ts';
import { evlinkProAc } from './station/profile/index.ts';
import { checkConfigPresets, checkConnectorCount, checkModel } from './station/profile/presets.ts';
import type { FaultRule, FaultRuleInput } from './rpc/fault-injection.ts';

export { startCsms } from './csms/index.ts';
export type { Csms, CsmsOptions } from './csms/index.ts';
export type { StationView } from './fleet/station-view.ts';
export type { HistoryMode, HistoryRecording } from './fleet/history-mode.ts';
export type { FrameLogMode } from './fleet/frame-log-mode.ts';
export type { HistoryColumns } from './fleet/connector-history.ts';
export type { StationTransaction } from './api/station-transactions.ts';
export type { EvSettings, LocalListEntry, PlugOptions } from './station/control-surface.ts';
export type { SessionGeneratorSettings } from './station/session-generator/settings.ts';
export type { GeneratorStatus } from './station/session-generator/generator-status.ts';
export type { FaultRule, FaultRuleInput } from './rpc/fault-injection.ts';

export interface StartStationOptions extends Omit<EvlinkBuilderOptions, 'logger'> {
  csmsUrl: string;
  id: string;
  /** A product reference of the guide (spaces ignored); an unknown one is TWIN_ERR_PROFILE_UNKNOWN_MODEL listing them. */
  model?: string;
  /**
   * Factory presets of configuration keys (e.g. `{ HeartbeatInterval: 60, LocalAuthListEnabled: true }`),
   * checked like `--config`: read-write keys of the guide, in their type and range, else
   * TWIN_ERR_PRESET_INVALID. `configOverrides` is the builder's unchecked form, for tests of odd states.
   */
  config?: Record<string, string | number | boolean>;
  authorizationKey?: string;
  ca?: string | Buffer;
  allowBasicAuthOverPlainWs?: boolean;
  /** Share one clock between stations, or scale/pause it; default: a new real-time clock. */
  clock?: ScaledClock;
  /** Real milliseconds the station waits for an answer to its calls (default 30 000). */
  callTimeoutMs?: number;
  /** Which readings `history()` keeps (decision D29): `all` (default), `viewed` (from the first `history()` call on) or `off`. */
  history?: HistoryMode;
  /** How much of its frame log the station keeps (decision D31): `all` (default, the last 500 frames), `viewed` (its last 4 until `frames()` is first called, then 500) or `off`. */
  frameLog?: FrameLogMode;
}

export interface StationHandle {
  readonly id: string;
  readonly clock: ScaledClock;
  state(): StationView;
  waitFor(predicate: (s: StationView) => boolean, options?: { timeoutMs?: number }): Promise<StationView>;
  /** Plugs in an EV; by default it asks for energy when its battery has room (`{ requesting: false }`: it waits). */
  plugIn(connectorId?: number, options?: PlugOptions): Promise<void>;
  unplug(connectorId?: number): Promise<void>;
  setEv(connectorId: number, ev: Partial<EvSettings>): Promise<void>;
  evRequestsEnergy(connectorId: number, requesting: boolean): Promise<void>;
  presentBadge(idTag: string, connectorId?: number): Promise<{ accepted: boolean; reason?: string }>;
  pressStop(connectorId?: number): Promise<void>;
  raiseError(code: string, connectorId?: number): Promise<void>;
  clearError(code: string, connectorId?: number): Promise<void>;
  setAvailability(connectorId: number, operative: boolean): Promise<void>;
  setLocalList(entries: LocalListEntry[], version?: number): Promise<void>;
  /** The local authorization list as the installer left it on the device. */
  localList(): { version: number; entries: LocalListEntry[] };
  /** The station's own record: transactions it sent (StartTransaction/StopTransaction) and those running now. */
  transactions(): StationTransaction[];
  cutNetwork(): Promise<void>;
  restoreNetwork(): Promise<void>;
  powerCut(): Promise<void>;
  powerRestore(): Promise<void>;
  reboot(kind?: 'Soft' | 'Hard'): Promise<void>;
  frames(filter?: { action?: string; direction?: 'in' | 'out'; limit?: number }): LoggedFrame[];
  /**
   * A connector's recent electrics, as the dashboard's charts plot them (GET …/connectors/{c}/history):
   * columns oldest first, at or after `since` (station clock), the last `limit`; with what the station records.
   */
  history(connectorId?: number, options?: { since?: number; limit?: number }): HistoryColumns & { recording: HistoryRecording };
  /**
   * Injects a fault on the station's wire (docs/fault-injection.md): answer a central-system call with a
   * chosen status or CALLERROR, delay/drop/duplicate answers or the station's calls, link latency/jitter/loss.
   * Checked first (TWIN_ERR_FAULT_INVALID); returns the rule with its id.
   */
  injectFault(rule: FaultRuleInput): Promise<FaultRule>;
  /** The fault rules in force, with the firings each has left. */
  faults(): FaultRule[];
  /** Removes one fault rule (by id), or all of them. */
  clearFaults(id?: string): Promise<void>;
  /** Calls `listener` with each frame of the station's connection as it is logged; returns the unsubscribe. */
  onFrame(listener: (frame: LoggedFrame) => void): () => void;
  /**
   * Starts (or restarts) the session generator on this twin (docs/session-generator.md); settings are
   * checked first. With `csms` (e.g. the embedded one of startCsms), remote starts and stops go through it.
   */
  startSessions(settings?: SessionGeneratorSettings, options?: { csms?: RemoteCentral }): Promise<GeneratorStatus>;
  stopSessions(): Promise<void>;
  /** The generator's status and counters; undefined before the first startSessions. */
  sessionsStatus(): GeneratorStatus | undefined;
  stop(): Promise<void>;
}


/** Resolves when `predicate` holds for the station's view, checking at every change and every 20 ms. */
export function waitForStation(fleet: Fleet, m: FleetStation, predicate: (s: StationView) => boolean, timeoutMs = 10_000): Promise<StationView> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = (): void => {
      if (done) return;
      const v = stationView(m);
      if (predicate(v)) { done = true; cleanup(); resolve(v); }
    };
    const off = fleet.on((e) => { if (e.stationId === m.spec.id) check(); });
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => { if (done) return; done = true; cleanup(); reject(new TwinError('TWIN_ERR_WAIT_TIMEOUT', `condition not met within ${timeoutMs} ms`, { details: { state: stationView(m) } })); }, timeoutMs);
    const cleanup = (): void => { off(); clearInterval(poll); clearTimeout(timer); };
    check();
  });
}

export async function startStation(o: StartStationOptions): Promise<StationHandle> {
  const profile = o.profile ?? evlinkProAc;
  const model = o.model !== undefined ? checkModel(profile, o.model) : undefined;
  const config = o.config !== undefined ? checkConfigPresets(profile, o.config) : undefined;
  if (o.connectors !== undefined) checkConnectorCount(profile, o.connectors);
  const history = o.history !== undefined ? checkHistoryMode(o.history) : undefined;
  const frameLog = o.frameLog !== undefined ? checkFrameLogMode(o.frameLog) : undefined;
  const clock = o.clock ?? new ScaledClock();
  const ownClock = o.clock === undefined;
  const fleet = createFleet({ csmsUrl: o.csmsUrl, clock, build: buildEvlinkStation(o), backoff: { initialMs: 200, maxMs: 5000 }, rebootDelayMs: 200, ...(o.callTimeoutMs !== undefined ? { callTimeoutMs: o.callTimeoutMs } : {}), ...(history ? { history } : {}), ...(frameLog ? { frameLog } : {}) });
  const record = recordStationTransactions(fleet);
  const m = fleet.add({
    id: o.id,
    ...(model ? { model } : {}),
    ...(config ? { config } : {}),
    ...(o.authorizationKey !== undefined ? { authorizationKey: o.authorizationKey } : {}),
    ...(o.ca !== undefined ? { ca: o.ca } : {}),
    ...(o.allowBasicAuthOverPlainWs !== undefined ? { allowBasicAuthOverPlainWs: o.allowBasicAuthOverPlainWs } : {}),
  });
  const run = async (fn: () => unknown): Promise<void> => { await fn(); };
  return {
    id: o.id,
    clock,
    state: () => stationView(m),
    waitFor: (p, opts) => waitForStation(fleet, m, p, opts?.timeoutMs),
    plugIn: (c = 1, options = {}) => run(() => { checkFields(PLUG_FIELDS, options as Record<string, unknown>); control(m, 'plugIn')(c, options); }),
    unplug: (c = 1) => run(() => control(m, 'unplug')(c)),
    setEv: (c, ev) => run(() => { checkFields(EV_FIELDS, ev as Record<string, unknown>); control(m, 'setEv')(c, ev); }),
    evRequestsEnergy: (c, r) => run(() => control(m, 'evRequestsEnergy')(c, r)),
    presentBadge: (tag, c) => control(m, 'presentBadge')(tag, c),
    pressStop: (c = 1) => run(() => control(m, 'pressStop')(c)),
    raiseError: (code, c = 1) => run(() => control(m, 'raiseError')(knownVendorCode(code), c)),
    clearError: (code, c = 1) => run(() => control(m, 'clearError')(knownVendorCode(code), c)),
    setAvailability: (c, operative) => run(() => control(m, 'setAvailability')(c, operative)),
    setLocalList: (entries, version) => run(() => control(m, 'setLocalList')(entries, version)),
    localList: () => control(m, 'getLocalList')(),
    transactions: () => record.forStation(m),
    cutNetwork: () => run(() => m.runtime.cutNetwork()),
    restoreNetwork: () => run(() => m.runtime.restoreNetwork()),
    powerCut: () => run(() => m.runtime.powerOff()),
    powerRestore: () => run(() => m.runtime.powerOn()),
    reboot: async (kind = 'Soft') => { await m.station.context.runBeforeReboot(kind); m.runtime.reboot(kind); },
    frames: (filter = {}) => { m.viewFrames(); return m.frames?.list(filter) ?? []; },
    history: (c = 1, options = {}) => {
      const connectorId = connectorIn(m, c);
      return { recording: m.viewHistory(), ...m.history(connectorId, options.since, options.limit) };
    },
    injectFault: async (rule) => m.runtime.faultInjector().add(rule),
    faults: () => m.runtime.faults?.list() ?? [],
    clearFaults: async (id) => { if (id === undefined) m.runtime.faults?.clear(); else if (!m.runtime.faults?.remove(id)) throw new TwinError('TWIN_ERR_FAULT_UNKNOWN', `no fault rule ${id} on station ${o.id}`); },
    onFrame: (listener) => fleet.on((e) => { if (e.type === 'frame' && e.stationId === o.id) listener(e.frame); }),
    stop: async () => { sessionGeneratorsOf(fleet).dispose(); record.close(); await fleet.stop(); if (ownClock) clock.dispose(); },
    startSessions: async (settings = {}, options = {}) => {
      const g = sessionGeneratorsOf(fleet);
      g.useCentral(options.csms);
      g.start(settings, [o.id]);
      return g.statusOf(o.id)!;
    },
    stopSessions: async () => { sessionGeneratorsOf(fleet).stop([o.id]); },
    sessionsStatus: () => sessionGeneratorsOf(fleet).statusOf(o.id),
  };
}
