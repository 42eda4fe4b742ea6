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
import { FrameRing, type LoggedFrame } from './frame-ring.ts';

export interface StationSpec {
  id: string;
  /** Product reference (model) of the twin. */
  model?: string;
  csmsUrl?: string;
  authorizationKey?: string;
  ca?: string | Buffer;
  allowBasicAuthOverPlainWs?: boolean;
}

/** What the fleet offers a station beyond its spec: its recent frames (for diagnostics files). */
export interface StationExtras { frames: () => Array<{ at: number; direction: 'in' | 'out'; text: string }> }

/** Builds one station model; called at start and at every reboot of that station. */
export type StationBuilder = (spec: StationSpec, lifecycle: Lifecycle, clock: Clock, extras?: StationExtras) => Station;

export interface FleetOptions {
  csmsUrl: string;
  clock: Clock;
  build: StationBuilder;
  logger?: Logger;
  /** Frames kept per station (default 500; 0 keeps none, for load tests). */
  framesPerStation?: number;
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
}

export interface Fleet {
  readonly clock: Clock;
  add(spec: StationSpec): FleetStation;
  remove(id: string): Promise<void>;
  get(id: string): FleetStation;
  list(): FleetStation[];
  on(fn: (e: FleetEvent) => void): () => void;
  stop(): Promise<void>;
}

export function createFleet(opts: FleetOptions): Fleet {
  const members = new Map<string, FleetStation>();
  const listeners = new Set<(e: FleetEvent) => void>();
  const emit = (e: FleetEvent): void => { for (const fn of listeners) fn(e); };
  const log = opts.logger ?? silentLogger;
  const keep = opts.framesPerStation ?? 500;

  return {
    clock: opts.clock,
    add(spec) {
      if (members.has(spec.id)) throw new TwinError('TWIN_ERR_FLEET_DUPLICATE_ID', `a station with id ${spec.id} already exists`);
      const frames = keep > 0 ? new FrameRing(keep) : undefined;
      const runtime = createStationRuntime({
        csmsUrl: spec.csmsUrl ?? opts.csmsUrl,
        clock: opts.clock,
        logger: log,
        createStation: (lifecycle) => {
          const s = opts.build({ ...spec, csmsUrl: spec.csmsUrl ?? opts.csmsUrl }, lifecycle, opts.clock, { frames: () => frames?.list() ?? [] });
          s.context.events.on('changed', ({ what }) => { if (listeners.size) emit({ type: 'changed', stationId: spec.id, what }); });
          return s;
        },
        // The key in force is the station's AuthorizationKey (changeable by the CSMS); the spec's is its start value.
        authorizationKey: () => {
          let key: string | undefined;
          try { key = runtime.station.context.config.str('AuthorizationKey'); } catch { key = spec.authorizationKey; }
          return key === '' ? undefined : key;
        },
        ...(spec.ca !== undefined ? { ca: spec.ca } : {}),
        ...(spec.allowBasicAuthOverPlainWs !== undefined ? { allowBasicAuthOverPlainWs: spec.allowBasicAuthOverPlainWs } : {}),
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
        ...(opts.rebootDelayMs !== undefined ? { rebootDelayMs: opts.rebootDelayMs } : {}),
        ...(frames ? { onFrame: (direction: 'in' | 'out', text: string) => {
          const frame = frames.push(opts.clock.now(), direction, text);
          if (listeners.size) emit({ type: 'frame', stationId: spec.id, frame });
        } } : {}),
      });
      const member: FleetStation = { spec, runtime, frames, get station() { return runtime.station; } };
      members.set(spec.id, member);
      runtime.start();
      emit({ type: 'added', stationId: spec.id });
      return member;
    },
    async remove(id) {
      const m = members.get(id);
      if (!m) throw new TwinError('TWIN_ERR_FLEET_NO_STATION', `no station with id ${id}`);
      members.delete(id);
      await m.runtime.stop();
      emit({ type: 'removed', stationId: id });
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
      members.clear();
    },
  };
}
