/**
 * Smart charging inside one station: the profile store, the limits it takes from the device profile and
 * the configuration, the running transactions it needs, persistence, and the hook that makes the
 * electrical model follow every change at the right instant.
 */
import { partOf, type StationContext } from './station.ts';
import { ChargingProfileStore, compositeSchedule, limitWithNextChange, type ChargingProfile, type EngineLimits, type InstalledProfile, type ProfileRules, type TxContext, type Unit } from '../smart-charging/index.ts';
import type { Clock, TimerId } from '../shared/clock.ts';
import type { ConfigAccess } from './ports.ts';
import type { StationStateStore } from './storage-port.ts';
import type { Sessions, SessionsSmartCharging } from './sessions/sessions.ts';
import type { RemoteStartProfileHook } from './handlers/remote-start-transaction.ts';

/**
 * What became of a held remote-start TxProfile as a transaction began: installed for it, discarded (the
 * transaction is not the remote start's), refused by the store (e.g. full since the request), or none held.
 */
export type HeldProfileOutcome = { outcome: 'Installed' | 'Discarded' | 'None' } | { outcome: 'Refused'; reason: string };

/** A RemoteStartTransaction's TxProfile, waiting for the transaction its authorization begins. */
interface HeldProfile { profile: ChargingProfile; idTag: string; authorizedAt: number }

export interface StationSmartChargingOptions {
  clock: Clock;
  config: ConfigAccess;
  store: StationStateStore;
  connectorCount: number;
  allowedUnits: ReadonlyArray<'A' | 'W'>;
  ratedCurrentA: number;
  voltageV: number;
  phases: number;
}

export class StationSmartCharging implements SessionsSmartCharging, RemoteStartProfileHook {
  readonly profiles: ChargingProfileStore;
  #o: StationSmartChargingOptions;
  #sessions: Sessions | undefined;
  #expiryTimer: TimerId | undefined;
  /** Per connector; in memory only, like the authorization it belongs to (lost on reboot). */
  #held: Map<number, HeldProfile> | undefined;

  constructor(o: StationSmartChargingOptions) {
    this.#o = o;
    this.profiles = new ChargingProfileStore(o.store.load<InstalledProfile[]>('chargingProfiles') ?? []);
  }

  get allowedUnits(): ReadonlyArray<'A' | 'W'> { return this.#o.allowedUnits; }

  attachSessions(s: Sessions): void { this.#sessions = s; this.#armExpiry(); }

  rules(): ProfileRules {
    return {
      maxStackLevel: this.#o.config.int('ChargeProfileMaxStackLevel'),
      maxPeriods: this.#o.config.int('ChargingScheduleMaxPeriods'),
      maxInstalled: this.#o.config.int('MaxChargingProfilesInstalled'),
      allowedUnits: this.#o.allowedUnits,
      connectorCount: this.#o.connectorCount,
    };
  }

  limits(): EngineLimits {
    return {
      defaultLimitA: this.#o.ratedCurrentA, connectorCount: this.#o.connectorCount, voltageV: this.#o.voltageV, phases: this.#o.phases,
      maxPeriods: this.#o.config.int('ChargingScheduleMaxPeriods'),
    };
  }

  /** Running transactions per connector, as the engine needs them. */
  txs(): Map<number, TxContext> {
    const m = new Map<number, TxContext>();
    for (const c of this.#sessions?.state.connectors ?? []) if (c.tx) m.set(c.id, { transactionId: c.tx.transactionId, startedAt: c.tx.startedAt });
    return m;
  }

  limitAt(t: number, connectorId: number): { limitA: number; nextChangeAt: number | undefined } {
    return limitWithNextChange(this.profiles.list(), connectorId, t, this.txs(), this.limits());
  }

  /** The composite schedule from the second now falls in; bounded by the engine (look-ahead, ChargingScheduleMaxPeriods). */
  composite(connectorId: number, durationS: number, unit: Unit): ReturnType<typeof compositeSchedule> {
    return compositeSchedule(this.profiles.list(), connectorId, this.#o.clock.now(), durationS, unit, this.txs(), this.limits());
  }

  install(connectorId: number, profile: ChargingProfile, txOverride?: Map<number, number | undefined>): ReturnType<ChargingProfileStore['install']> {
    const active = txOverride ?? new Map([...this.txs()].map(([c, tx]) => [c, tx.transactionId]));
    const outcome = this.profiles.install(connectorId, profile, this.rules(), active, this.#o.clock.now());
    if (outcome.status === 'Accepted') this.changed();
    return outcome;
  }

  /**
   * RemoteStartTransaction's TxProfile (OCPP 1.6 §5.11). It is checked when the request arrives (as if its
   * transaction ran), held when the connector is authorized for the remote start, and installed only when
   * the transaction that consumes that very authorization begins. A refused tag holds nothing; an
   * authorization that expires (ConnectionTimeOut) or is superseded leaves a hold that the next
   * transaction on the connector discards, so the profile never throttles any other session.
   */
  checkRemoteStart(connectorId: number, profile: ChargingProfile): 'Accepted' | 'Rejected' {
    const trial = new ChargingProfileStore(this.profiles.toJSON());
    return trial.install(connectorId, profile, this.rules(), new Map([[connectorId, profile.transactionId]]), this.#o.clock.now()).status;
  }

  holdRemoteStart(connectorId: number, profile: ChargingProfile, idTag: string): void {
    (this.#held ??= new Map()).set(connectorId, { profile: structuredClone(profile), idTag, authorizedAt: this.#o.clock.now() });
  }

  /**
   * A transaction begins on the connector with the authorization given at `auth.at`: installs the held
   * remote-start profile when that authorization is the remote start's own, else drops the hold. The
   * caller recomputes the connector's limits right after.
   */
  onTransactionStarting(connectorId: number, auth: { idTag: string; at: number }): HeldProfileOutcome {
    const held = this.#held?.get(connectorId);
    this.#held?.delete(connectorId);
    if (!held) return { outcome: 'None' };
    if (held.idTag !== auth.idTag || held.authorizedAt !== auth.at) return { outcome: 'Discarded' };
    const installed = this.profiles.install(connectorId, held.profile, this.rules(), new Map([[connectorId, held.profile.transactionId]]), this.#o.clock.now());
    if (installed.status !== 'Accepted') return { outcome: 'Refused', reason: installed.reason };
    this.#o.store.save('chargingProfiles', this.profiles.toJSON());
    this.#armExpiry();
    return { outcome: 'Installed' };
  }

  onTransactionEnded(connectorId: number): void { if (this.profiles.onTransactionEnded(connectorId)) this.changed(); }

  /** Persists and makes every connector follow the new limits at once. */
  changed(): void {
    this.#o.store.save('chargingProfiles', this.profiles.toJSON());
    for (const c of this.#sessions?.state.connectors ?? []) { this.#sessions!.integrate(c); this.#sessions!.recompute(c); this.#sessions!.publish(c.id); }
    this.#armExpiry();
  }

  #armExpiry(): void {
    this.#o.clock.clearTimeout(this.#expiryTimer);
    const { removed, nextExpiry } = this.profiles.expire(this.#o.clock.now());
    if (removed) this.#o.store.save('chargingProfiles', this.profiles.toJSON());
    if (nextExpiry !== undefined) this.#expiryTimer = this.#o.clock.setTimeout(() => this.changed(), nextExpiry - this.#o.clock.now());
  }

  dispose(): void { this.#o.clock.clearTimeout(this.#expiryTimer); }
}

/** The station's smartCharging, where the profile's shared handlers find it. */
export function smartChargingOf(st: StationContext): StationSmartCharging { return partOf(st, 'smartCharging'); }
