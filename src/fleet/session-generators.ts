/**
 * The session generators of a fleet: one pure SessionDriver per station, started and stopped here (by the
 * CLI's `--sessions`, the control API and the SDK), with the targets that give a driver what only the
 * shell can do: the station's controls of the moment (a power cycle rebuilds the model), the runtime's
 * network and power switches, and, when an embedded central system runs in the process, remote starts
 * and stops. One registry per fleet, found by `sessionGeneratorsOf(fleet)`.
 */
import { TwinError } from '../shared/errors.ts';
import type { ControlSurface } from '../station/control-surface.ts';
import { SessionDriver } from '../station/session-generator/session-driver.ts';
import type { GeneratorCounters, GeneratorStatus, GeneratorTarget } from '../station/session-generator/generator-status.ts';
import { stationSeed } from '../station/session-generator/prng.ts';
import { resolveSettings, type ResolvedSettings } from '../station/session-generator/settings.ts';
import type { Fleet, FleetStation } from './fleet.ts';

/** What remote starts and stops need of a central system (the embedded one's `call`). */
export interface RemoteCentral {
  call(stationId: string, action: never, payload: never): Promise<unknown>;
}

/** A fleet station as a driver's target; remote starts and stops only where a central system is given. */
class MemberTarget implements GeneratorTarget {
  readonly #m: FleetStation;
  constructor(m: FleetStation) { this.#m = m; }
  get connectorCount(): number { return this.#m.station.context.connectorCount; }
  controls(): Partial<ControlSurface> { return this.#m.station.context.controls; }
  poweredOn(): boolean { return this.#m.runtime.link !== 'powered-off'; }
  cutNetwork(): void { this.#m.runtime.cutNetwork(); }
  restoreNetwork(): void { this.#m.runtime.restoreNetwork(); }
  powerOff(): void { this.#m.runtime.powerOff(); }
  powerOn(): void { this.#m.runtime.powerOn(); }
}

class RemoteMemberTarget extends MemberTarget {
  readonly #id: string;
  readonly #central: RemoteCentral;
  readonly #station: FleetStation;
  constructor(m: FleetStation, central: RemoteCentral) { super(m); this.#id = m.spec.id; this.#central = central; this.#station = m; }
  async remoteStart(connectorId: number, idTag: string): Promise<boolean> {
    const conf = await this.#central.call(this.#id, 'RemoteStartTransaction' as never, { connectorId, idTag } as never) as { status?: string };
    return conf.status === 'Accepted';
  }
  async remoteStop(connectorId: number): Promise<boolean> {
    const view = this.#station.station.context.controls.state?.() as { connectors?: Array<{ transaction?: { transactionId?: number | null } | null }> } | undefined;
    const transactionId = view?.connectors?.[connectorId - 1]?.transaction?.transactionId;
    if (typeof transactionId !== 'number') return false;
    const conf = await this.#central.call(this.#id, 'RemoteStopTransaction' as never, { transactionId } as never) as { status?: string };
    return conf.status === 'Accepted';
  }
}

export interface GeneratorsSummary {
  /** Stations whose generator runs. */
  running: number;
  stations: number;
  /** Whether remote starts/stops go through an embedded central system (else they are done locally). */
  remoteThroughCentral: boolean;
  totals: GeneratorCounters;
}

/** The drivers of one fleet, by station id. */
export class SessionGenerators {
  readonly #fleet: Fleet;
  readonly #drivers = new Map<string, SessionDriver>();
  #central: RemoteCentral | undefined;

  constructor(fleet: Fleet) { this.#fleet = fleet; }

  /** Remote starts and stops go through this central system from now on (generators started afterwards). */
  useCentral(central: RemoteCentral | undefined): void { this.#central = central; }

  /**
   * Starts (or restarts with new settings) the generator of the given stations, default every station of
   * the fleet. Settings are checked first: bad settings change nothing.
   */
  start(settings: unknown, ids?: string[]): GeneratorsSummary {
    const resolved = resolveSettings(settings ?? {});
    const members = ids ? ids.map((id) => this.#fleet.get(id)) : this.#fleet.list();
    for (const m of members) this.#startOne(m, resolved);
    return this.summary();
  }

  #startOne(m: FleetStation, settings: ResolvedSettings): void {
    this.#drivers.get(m.spec.id)?.stop();
    const target = this.#central ? new RemoteMemberTarget(m, this.#central) : new MemberTarget(m);
    const driver = new SessionDriver(this.#fleet.clock, settings, stationSeed(settings.seed, m.spec.id), target);
    this.#drivers.set(m.spec.id, driver);
    byMember.set(m, driver);
    driver.start();
  }

  /** Stops the generator of the given stations (default all); counters stay readable until the next start. */
  stop(ids?: string[]): GeneratorsSummary {
    for (const id of ids ?? [...this.#drivers.keys()]) {
      const d = this.#drivers.get(id);
      if (!d && ids) this.#fleet.get(id); // an unknown id is an error, a station without a generator is not
      d?.stop();
    }
    return this.summary();
  }

  /** A station's generator status; undefined when none was ever started there. */
  statusOf(id: string): GeneratorStatus | undefined {
    this.#prune();
    return this.#drivers.get(id)?.status();
  }

  summary(): GeneratorsSummary {
    this.#prune();
    const totals: GeneratorCounters = {
      arrivals: 0, busy: 0, stationOff: 0, started: 0, refused: { valid: 0, invalid: 0, blocked: 0 }, notStarted: 0, remoteFallbacks: 0,
      ended: { evFull: 0, unplug: 0, stopButton: 0, remoteStop: 0 }, endedBeforeDeparture: 0, outages: { network: 0, power: 0, vendorFault: 0 }, actionsFailed: 0,
    };
    let running = 0;
    for (const d of this.#drivers.values()) {
      if (d.running) running++;
      addCounters(totals, d.counters);
    }
    return { running, stations: this.#drivers.size, remoteThroughCentral: this.#central !== undefined, totals };
  }

  /** Stops every generator (the fleet is stopping). */
  dispose(): void { for (const d of this.#drivers.values()) d.stop(); this.#drivers.clear(); }

  /** Drops the drivers of stations removed from the fleet (stopping them). */
  #prune(): void {
    for (const [id, d] of this.#drivers) {
      try { this.#fleet.get(id); } catch (e) {
        if (!(e instanceof TwinError)) throw e;
        d.stop();
        this.#drivers.delete(id);
      }
    }
  }
}

function addCounters(into: GeneratorCounters, c: GeneratorCounters): void {
  for (const k of Object.keys(c) as Array<keyof GeneratorCounters>) {
    const v = c[k];
    if (typeof v === 'number') (into[k] as number) += v;
    else for (const [kk, n] of Object.entries(v)) (into[k] as Record<string, number>)[kk]! += n;
  }
}

/** Each station's current driver, for its view (the dashboard's station panel). */
const byMember = new WeakMap<FleetStation, SessionDriver>();
/** The status of a station's session generator; undefined when none was ever started there. */
export function generatorStatusOf(m: FleetStation): GeneratorStatus | undefined { return byMember.get(m)?.status(); }

/** The fleet's generators (one registry per fleet, made on first use; the fleet object is the key). */
const registries = new WeakMap<Fleet, SessionGenerators>();
export function sessionGeneratorsOf(fleet: Fleet): SessionGenerators {
  let g = registries.get(fleet);
  if (!g) registries.set(fleet, (g = new SessionGenerators(fleet)));
  return g;
}
