/**
 * Many station runtimes in one process, sharing one clock: what the CLI, the control API and the SDK
 * drive. The fleet owns each station's frame log and fans out events (frames, state changes) to
 * subscribers such as the dashboard's live stream.
 */
import type { Clock } from '../shared/clock.ts';
import { TwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import type { Station } from '../station/station.ts';
import type { Lifecycle } from '../station/ports.ts';
import { createStationRuntime, type StationRuntime } from '../runtime/station-runtime.ts';
import type { BackoffOptions } from '../runtime/reconnect-backoff.ts';
import { FrameRing, STATION_FRAMES, type LoggedFrame } from './frame-ring.ts';
import { FleetMetrics, stationCounters, type FrameMeter } from './fleet-metrics.ts';
import type { CsmsPlan } from './csms-spread.ts';
import { ConnectorHistory, type HistoryColumns } from './connector-history.ts';
import { checkHistoryMode, ViewedStations, type HistoryMode, type HistoryRecording } from './history-mode.ts';
import { checkFrameLogMode, FRAMES_UNVIEWED, type FrameLogMode, type FrameLogRecording } from './frame-log-mode.ts';
import type { ConnectorSample } from '../station/station-events.ts';

export interface StationSpec {
  id: string;
  /** Product reference (model) of the twin. */
  model?: string;
  csmsUrl?: string;
  authorizationKey?: string;
  ca?: string | Buffer;
  allowBasicAuthOverPlainWs?: boolean;
  /** Factory presets of configuration keys, checked against the profile (station/profile/presets.ts). */
  config?: Record<string, string>;
  /** Connectors of the unit (NumberOfConnectors), when not the model's. */
  connectors?: 1 | 2;
  /** Reserved for the session generator: carried through as given (docs/fleet.md). */
  sessions?: Record<string, unknown>;
  /** Which readings of its connectors this station keeps for the charts (default: the fleet's `history`; history-mode.ts). */
  history?: HistoryMode;
  /** How much of its frame log this station keeps (default: the fleet's `frameLog`; frame-log-mode.ts). */
  frameLog?: FrameLogMode;
}

/** What the fleet offers a station beyond its spec: its recent frames (for diagnostics files). */
export interface StationExtras { recentFrames(): Array<{ at: number; direction: 'in' | 'out'; text: string }> }

/** Builds one station model; called at start and at every reboot of that station. */
export type StationBuilder = (spec: StationSpec, lifecycle: Lifecycle, clock: Clock, extras?: StationExtras) => Station;

export interface FleetOptions {
  csmsUrl: string;
  /** Several central systems: a station added without its own URL gets the plan's URL for its index (the count of stations added before it). */
  csmsPlan?: CsmsPlan;
  clock: Clock;
  build: StationBuilder;
  logger?: Logger;
  /** Frames kept per station (default 500; 0 keeps none, for load tests): the full log of `frameLog`. */
  framesPerStation?: number;
  /**
   * Which stations keep the full frame log (frame-log-mode.ts, decision D31): `all` (default), `viewed`
   * (every station keeps its last `framesUnviewed` frames, the stations whose frames were asked for keep
   * `framesPerStation`, at most `viewedFrameStations` at once) or `off` (none kept).
   */
  frameLog?: FrameLogMode;
  /** Frames a station nobody views keeps in `viewed` mode (default FRAMES_UNVIEWED, 4). */
  framesUnviewed?: number;
  /** Stations keeping the full log at once in `viewed` mode (default VIEWED_STATIONS_MAX, 20). */
  viewedFrameStations?: number;
  /**
   * Which stations keep their connectors' recent electrics for the charts (history-mode.ts, decision D29):
   * `all` (default), `viewed` (only stations whose history was asked for, from then on, at most
   * `viewedHistoryStations` at once) or `off`. A station's spec may say otherwise.
   */
  history?: HistoryMode;
  /** Stations recording at once in `viewed` mode (default VIEWED_STATIONS_MAX, 20). */
  viewedHistoryStations?: number;
  /** The older switch: false is `history: 'off'` (when `history` is not given). */
  connectorHistory?: boolean;
  backoff?: BackoffOptions;
  callTimeoutMs?: number;
  rebootDelayMs?: number;
}

export type FleetEvent =
  | { type: 'frame'; stationId: string; frame: LoggedFrame }
  | { type: 'changed'; stationId: string; what: string }
  | { type: 'added' | 'removed'; stationId: string };

export interface FleetStation {
  readonly spec: StationSpec;
  readonly runtime: StationRuntime;
  readonly frames: FrameRing | undefined;
  /** The current station model (replaced at each reboot). */
  readonly station: Station;
  /** A connector's recent readings (empty before its first transaction, or when the station keeps none): see connector-history.ts. */
  history(connectorId: number, since?: number, limit?: number): HistoryColumns;
  /** What this station records now; in `viewed` mode, asking starts its recording (history-mode.ts). */
  historyRecording(): HistoryRecording;
  /** Someone looks at this station's history (the charts, the API, the SDK): in `viewed` mode it records from now on. */
  viewHistory(): HistoryRecording;
  /** Someone looks at this station's frames (the API, the dashboard, an event stream): in `viewed` frame-log mode it keeps the full log from now on. */
  viewFrames(): void;
  /** Whether this station keeps its full frame log now, and in `viewed` mode since when (frame-log-mode.ts). */
  frameLogRecording(): FrameLogRecording;
  /** The frames the station keeps now, oldest first (what its diagnostics files hold). */
  recentFrames(): LoggedFrame[];
}

export interface Fleet {
  readonly clock: Clock;
  /** The process's counters for /metrics (frames, CALLERRORs, call latency, sessions). */
  readonly metrics: FleetMetrics;
  add(spec: StationSpec): FleetStation;
  remove(id: string): Promise<void>;
  get(id: string): FleetStation;
  list(): FleetStation[];
  on(fn: (e: FleetEvent) => void): () => void;
  stop(): Promise<void>;
}

/** What a fleet's members share: the fleet's options, listeners and event fan-out. */
interface FleetShared {
  readonly opts: FleetOptions;
  /** The fleet's history mode (the options', checked). */
  readonly history: HistoryMode;
  /** The stations recording in `viewed` mode. */
  readonly viewed: ViewedStations<FleetMember>;
  /** The frame log: the full length, the short one (`viewed` mode) and the stations keeping the full one. */
  readonly frameLog: { mode: FrameLogMode; full: number; short: number; viewed: ViewedStations<FleetMember> };
  readonly listeners: Set<(e: FleetEvent) => void>;
  readonly metrics: FleetMetrics;
  emit(e: FleetEvent): void;
}

/**
 * One member of a fleet: its spec, frame log and runtime, and the callbacks its runtime makes (build the
 * model, the key in force, each frame). A class, so a fleet of thousands shares these methods.
 */
class FleetMember implements FleetStation {
  readonly spec: StationSpec;
  readonly frames: FrameRing | undefined;
  readonly runtime: StationRuntime;
  readonly #fleet: FleetShared;
  readonly #meter: FrameMeter;
  /** The spec with the fleet's CSMS URL filled in, as the builder sees it. */
  readonly #buildSpec: StationSpec;
  /** Per connector id, made at the connector's first reading in a transaction; kept across reboots. */
  #histories: Array<ConnectorHistory | undefined> | undefined;
  /** `viewed` mode: how to stop hearing the current model's readings (when recording began is the fleet's `viewed`). */
  #unhearSamples: (() => void) | undefined;

  constructor(fleet: FleetShared, spec: StationSpec, csmsUrl: string) {
    const { opts, frameLog } = fleet;
    this.spec = spec;
    this.#fleet = fleet;
    this.#meter = fleet.metrics.meter();
    const mode = spec.frameLog ?? frameLog.mode;
    const keep = mode === 'off' ? 0 : mode === 'viewed' ? frameLog.short : frameLog.full;
    this.frames = keep > 0 ? new FrameRing(keep) : undefined;
    this.#buildSpec = spec.csmsUrl !== undefined ? spec : { ...spec, csmsUrl };
    this.runtime = createStationRuntime({
      csmsUrl,
      clock: opts.clock,
      logger: opts.logger ?? silentLogger,
      createStation: this,
      authorizationKey: this,
      ...(spec.ca !== undefined ? { ca: spec.ca } : {}),
      ...(spec.allowBasicAuthOverPlainWs !== undefined ? { allowBasicAuthOverPlainWs: spec.allowBasicAuthOverPlainWs } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
      ...(opts.rebootDelayMs !== undefined ? { rebootDelayMs: opts.rebootDelayMs } : {}),
      onFrame: this,
    });
  }

  get station(): Station { return this.runtime.station; }

  /** Builds the station model (at start and at every reboot). */
  build(lifecycle: Lifecycle): Station {
    const { opts } = this.#fleet;
    const s = opts.build(this.#buildSpec, lifecycle, opts.clock, this);
    s.context.events.on('changed', this);
    if (this.#recording()) {
      const unhear = s.context.events.on('sampled', this);
      if (this.#mode === 'viewed') this.#unhearSamples = unhear; // kept only where it may be needed: no closure per twin in `all`
    }
    return s;
  }

  get #mode(): HistoryMode { return this.spec.history ?? this.#fleet.history; }
  #recording(): boolean { return this.#mode === 'all' || (this.#mode === 'viewed' && this.#fleet.viewed.has(this)); }

  historyRecording(): HistoryRecording {
    const mode = this.#mode;
    return { mode, recording: this.#recording(), since: mode === 'viewed' ? this.#fleet.viewed.since(this) ?? null : null };
  }

  viewHistory(): HistoryRecording {
    if (this.#mode !== 'viewed') return this.historyRecording();
    const viewed = this.#fleet.viewed;
    const recording = viewed.has(this);
    viewed.view(this, this.#fleet.opts.clock.now())?.stopViewedHistory();
    if (!recording) {
      this.#unhearSamples = this.station.context.events.on('sampled', this);
      this.station.context.parts.sessions?.sampleNow(); // the chart's first reading now, not at the next tick
    }
    return this.historyRecording();
  }

  /** `viewed` mode: another station took this one's place; its readings are dropped. */
  stopViewedHistory(): void {
    this.#unhearSamples?.();
    this.#unhearSamples = undefined;
    this.#histories = undefined;
    this.#fleet.viewed.forget(this);
  }

  frameLogRecording(): FrameLogRecording {
    const log = this.#fleet.frameLog;
    const mode = this.spec.frameLog ?? log.mode;
    if (mode !== 'viewed' || !this.frames) return { mode, recording: mode === 'all' && this.frames !== undefined, since: null };
    const since = log.viewed.since(this);
    return { mode, recording: since !== undefined, since: since ?? null };
  }

  viewFrames(): void {
    const log = this.#fleet.frameLog;
    if ((this.spec.frameLog ?? log.mode) !== 'viewed' || !this.frames) return;
    log.viewed.view(this, this.#fleet.opts.clock.now())?.frames?.resize(log.short);
    this.frames.resize(log.full);
  }

  /** A reading of a connector's electrics: kept once the connector has had a transaction. */
  sampled(sample: ConnectorSample): void {
    let h = this.#histories?.[sample.connectorId];
    if (!h) {
      if (sample.sessionWh === null && sample.currentA === 0) return;
      h = new ConnectorHistory();
      (this.#histories ??= [])[sample.connectorId] = h;
    }
    h.record(sample);
  }

  history(connectorId: number, since?: number, limit?: number): HistoryColumns {
    return (this.#histories?.[connectorId] ?? EMPTY_HISTORY).columns(since, limit);
  }

  /** Something visible changed in the station: fanned out to the fleet's listeners. */
  changed({ what }: { what: string }): void {
    if (this.#fleet.listeners.size) this.#fleet.emit({ type: 'changed', stationId: this.spec.id, what });
  }

  /** The key in force: the station's AuthorizationKey (changeable by the CSMS); the spec's is its start value. */
  key(): string | undefined {
    let key: string | undefined;
    try { key = this.runtime.station.context.config.str('AuthorizationKey'); } catch { key = this.spec.authorizationKey; }
    return key === '' ? undefined : key;
  }

  /** Each frame of the station's connection: counted, kept in its ring and fanned out. */
  frame(direction: 'in' | 'out', text: string, injected?: string): void {
    this.#meter.frame(direction, text);
    if (!this.frames) return;
    const frame = this.frames.push(this.#fleet.opts.clock.now(), direction, text, injected);
    if (this.#fleet.listeners.size) this.#fleet.emit({ type: 'frame', stationId: this.spec.id, frame });
  }

  /** The station's recent frames (StationExtras, for diagnostics files). */
  recentFrames(): LoggedFrame[] { return this.frames?.list() ?? []; }
}

const EMPTY_HISTORY = new ConnectorHistory();

export function createFleet(opts: FleetOptions): Fleet {
  const members = new Map<string, FleetMember>();
  const listeners = new Set<(e: FleetEvent) => void>();
  const metrics = new FleetMetrics();
  const history = opts.history !== undefined ? checkHistoryMode(opts.history, 'history') : opts.connectorHistory === false ? 'off' : 'all';
  const viewed = new ViewedStations<FleetMember>(opts.viewedHistoryStations);
  const full = opts.framesPerStation ?? STATION_FRAMES;
  const frameLogMode = opts.frameLog !== undefined ? checkFrameLogMode(opts.frameLog, 'frameLog') : 'all';
  const frameLog = { mode: frameLogMode, full, short: Math.min(full, opts.framesUnviewed ?? FRAMES_UNVIEWED), viewed: new ViewedStations<FleetMember>(opts.viewedFrameStations) };
  const shared: FleetShared = { opts, history, viewed, frameLog, listeners, metrics, emit: (e) => { for (const fn of listeners) fn(e); } };
  /** Stations added so far: the index that picks a station's central system in a multi-CSMS plan. */
  let added = 0;

  return {
    clock: opts.clock,
    metrics,
    add(spec) {
      if (members.has(spec.id)) throw new TwinError('TWIN_ERR_FLEET_DUPLICATE_ID', `a station with id ${spec.id} already exists`);
      if (spec.history !== undefined) checkHistoryMode(spec.history, `station ${spec.id}: history`);
      if (spec.frameLog !== undefined) checkFrameLogMode(spec.frameLog, `station ${spec.id}: frameLog`);
      const csmsUrl = spec.csmsUrl ?? opts.csmsPlan?.urlFor(added) ?? opts.csmsUrl;
      const member = new FleetMember(shared, spec, csmsUrl);
      added++;
      members.set(spec.id, member);
      metrics.join(spec.id, stationCounters(member.station));
      member.runtime.start();
      shared.emit({ type: 'added', stationId: spec.id });
      return member;
    },
    async remove(id) {
      const m = members.get(id);
      if (!m) throw new TwinError('TWIN_ERR_FLEET_NO_STATION', `no station with id ${id}`);
      // What it counted moves to the fleet's totals at once (a scrape during the stop sees no dip), and
      // whatever it still counts while stopping (a last drop, the last energy) follows when it has stopped.
      const counted = stationCounters(m.station);
      metrics.leave(id, counted);
      members.delete(id);
      viewed.forget(m);
      frameLog.viewed.forget(m);
      await m.runtime.stop();
      const last = stationCounters(m.station);
      metrics.retire({ droppedBound: last.droppedBound - counted.droppedBound, droppedAfterAttempts: last.droppedAfterAttempts - counted.droppedAfterAttempts, energyWh: last.energyWh - counted.energyWh });
      shared.emit({ type: 'removed', stationId: id });
    },
    get(id) {
      const m = members.get(id);
      if (!m) throw new TwinError('TWIN_ERR_FLEET_NO_STATION', `no station with id ${id}`);
      return m;
    },
    list: () => [...members.values()],
    on(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    async stop() {
      await Promise.all([...members.values()].map((m) => m.runtime.stop()));
      for (const [id, m] of members) metrics.leave(id, stationCounters(m.station)); // a scrape after the stop sees no counter go down
      members.clear();
    },
  };
}
