/**
 * The charging sessions of one station: connectors driven by the pure state machine, authorization,
 * transactions sent through the durable transaction queue, and the electrical model; their meter values
 * are in metering.ts. This class performs the state machine's effects; everything it decides is visible
 * in `view()`.
 */
import type { Clock, TimerId } from '../../shared/clock.ts';
import { isoAt } from '../../shared/clock.ts';
import { TwinError } from '../../shared/errors.ts';
import { partOf, type StationContext } from '../station.ts';
import type { TxDelivery } from '../tx-delivery.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { VendorErrorDef } from '../profile/device-profile.ts';
import { IDLE, stationStatusOf, transition, type ConnectorEvent, type StopReason } from './connector-fsm.ts';
import { connectorStatus, statusReport } from './status-report.ts';
import { DEFAULT_EV, cableLimitA, checkEvSettings, drawnPhases, evCurrent, offeredCurrent, powerW, type EvModel, type ProductElectrics } from './electrical.ts';
import { Metering } from './metering.ts';
import { Authorization, EMPTY_AUTH, type IdTagInfo } from './authorization.ts';
import type { ConnectorData, SessionsState } from './session-state.ts';
import { armReservation, endReservation } from './reservations.ts';
import { reportListConflict } from './authorize-flow.ts';


/** Smart charging's part in the sessions (implemented by StationSmartCharging). */
export interface SessionsSmartCharging {
  limitAt(t: number, connectorId: number): { limitA: number; nextChangeAt?: number | undefined };
  /** Called as a transaction begins, with the authorization it consumes (before the connector's limits are recomputed). */
  onTransactionStarting(connectorId: number, auth: { idTag: string; at: number }): { outcome: string; reason?: string };
  onTransactionEnded(connectorId: number, transactionId: number | undefined): void;
}

/** The product's electrics and vendor data the sessions need; one object per device profile and model. */
export interface SessionsProduct {
  product: ProductElectrics & { tethered: boolean };
  vendorId: string;
  vendorErrors: VendorErrorDef[];
}

export interface SessionsOptions extends SessionsProduct {
  delivery: TxDelivery;
  /**
   * Durable state: the sessions document under the key 'sessions'; its `atomically` makes the state save
   * and the queued message of one step land together.
   */
  store: StationStateStore;
  smartCharging?: SessionsSmartCharging | undefined;
}

/** Durable-state key of the sessions document. */
export const SESSIONS_KEY = 'sessions';
const NO_LIMIT = { limitA: Infinity };

interface Live { currentA: number; offeredA: number; phases: Array<'L1' | 'L2' | 'L3'>; lastUpdate: number; wake?: TimerId; sampler?: TimerId; authTimer?: TimerId; reservationTimer?: TimerId }

export class Sessions {
  readonly ctx: StationContext;
  readonly o: SessionsOptions;
  readonly auth: Authorization;
  state: SessionsState;
  /** Per connector id (index 0 unused): an exactly sized array, lighter than a Map of two entries. */
  #live: Array<Live | undefined>;
  /** Periodic and clock-aligned meter values, and the transaction data of StopTransaction. */
  readonly metering: Metering;
  #clock: Clock;
  /** StopTransaction messages submitted and not yet confirmed (or dropped); created on first use. */
  #stopsUnconfirmed: Set<Promise<unknown>> | undefined;
  illegal: string[] | undefined;

  constructor(ctx: StationContext, o: SessionsOptions) {
    this.ctx = ctx;
    this.o = o;
    this.#clock = ctx.clock;
    this.metering = new Metering(this);
    const fresh = (id: number): ConnectorData => ({ id, fsm: { ...IDLE }, ev: { ...DEFAULT_EV, phases: o.product.phases }, energyWh: 0, faults: [] });
    const saved = o.store.load<SessionsState>(SESSIONS_KEY);
    this.state = saved ? structuredClone(saved) : { connectors: [], auth: EMPTY_AUTH, stationOperative: true, stationFaults: [], txCounter: 0 };
    // A new array of the exact size: appending to an empty one grows a 17-slot backing store per station.
    this.state.connectors = Array.from({ length: Math.max(ctx.connectorCount, this.state.connectors.length) }, (_, i) => this.state.connectors[i] ?? fresh(i + 1));
    this.auth = new Authorization(ctx.config, this.state.auth, () => { this.state.auth = this.auth.state; this.save(); }, (idTag) => reportListConflict(this, idTag));
    const live: Array<Live | undefined> = Array.from({ length: Math.max(0, ...this.state.connectors.map((c) => c.id)) + 1 }, () => undefined);
    for (const c of this.state.connectors) live[c.id] = { currentA: 0, offeredA: 0, phases: [], lastUpdate: this.#clock.now() };
    this.#live = live;
    for (const c of this.state.connectors) {
      // Nothing physical survives a power cycle: the cable may have been pulled, the EV went to sleep.
      // A firmware install that was pending is over: the reboot installed it or cut it short.
      c.fsm = { ...c.fsm, authorized: false, evseSuspended: false, finishing: c.fsm.finishing && c.fsm.plugged, installPending: false };
      c.pendingAuth = undefined;
      if (c.reservation) armReservation(this, c);
    }
  }

  connector(id: number): ConnectorData {
    const c = this.state.connectors[id - 1];
    if (!c) throw new TwinError('TWIN_ERR_NO_SUCH_CONNECTOR', `connector ${id} does not exist`);
    return c;
  }

  save(): void { this.o.store.save(SESSIONS_KEY, this.state); }

  /** The smart-charging limit for a connector at an instant, and when it next changes. */
  limitAt(t: number, connectorId: number): { limitA: number; nextChangeAt?: number | undefined } {
    return this.o.smartCharging?.limitAt(t, connectorId) ?? NO_LIMIT;
  }

  /** After a restart: a transaction that was running when power was lost is stopped with reason PowerLoss. */
  recoverAfterRestart(): void {
    for (const c of this.state.connectors) {
      if (c.tx) {
        c.fsm = { ...c.fsm, transaction: true };
        void this.stop(c.id, 'PowerLoss');
      }
      this.publish(c.id);
    }
    this.#publishStation();
    this.metering.armAligned();
  }

  // ── state machine ───────────────────────────────────────────────────────────
  dispatch(id: number, event: ConnectorEvent): void {
    const c = this.connector(id);
    this.integrate(c);
    const r = transition(c.fsm, event);
    if (r.illegal) {
      (this.illegal ??= []).push(`connector ${id}: ${r.illegal}`);
      this.ctx.log.log('warn', `illegal event on connector ${id}: ${r.illegal}`);
      throw new TwinError('TWIN_ERR_ILLEGAL_EVENT', r.illegal, { details: { connectorId: id, event: event.type } });
    }
    c.fsm = r.state;
    for (const e of r.effects) {
      if (e.type === 'StartTransaction') this.#start(c);
      else if (e.type === 'StopTransaction') void this.stop(id, e.reason);
    }
    this.recompute(c);
    this.save();
    this.publish(id);
  }

  /**
   * Writes the connector's status (with its active vendor fault, if any) to the status board. A connector
   * that is now Unavailable or Faulted loses its reservation: 1.6 §5.13 "a reservation SHALL be terminated
   * … when the Charge Point or connector are set to Faulted or Unavailable".
   */
  publish(id: number): void {
    const c = this.connector(id);
    const code = c.faults.at(-1) ?? this.state.stationFaults.at(-1);
    const def = code ? this.o.vendorErrors.find((e) => e.code === code) : undefined;
    const reported = connectorStatus(c.fsm, this.state.stationOperative, this.stationFaulted());
    if (c.reservation && (reported === 'Unavailable' || reported === 'Faulted')) {
      this.ctx.log.log('info', `reservation ${c.reservation.reservationId} on connector ${id} terminated: the connector is ${reported}`);
      endReservation(this, c);
      this.save();
    }
    this.ctx.status.set(id, statusReport(reported, def, this.o.vendorId));
    this.ctx.events.emit('changed', { what: `connector:${id}` });
  }

  #publishStation(): void {
    const code = this.state.stationFaults.at(-1);
    const def = code ? this.o.vendorErrors.find((e) => e.code === code) : undefined;
    const faulted = this.state.stationFaults.some((f) => this.o.vendorErrors.find((e) => e.code === f)?.faults);
    this.ctx.status.set(0, statusReport(stationStatusOf(this.state.stationOperative, faulted), def, this.o.vendorId));
  }

  publishStation(): void { this.#publishStation(); }

  /** Whether a faulting station-scope vendor error is active (every outlet is then de-energised). */
  stationFaulted(): boolean { return this.state.stationFaults.some((f) => this.o.vendorErrors.find((e) => e.code === f)?.faults); }

  // ── electrical model ────────────────────────────────────────────────────────
  /** Adds the energy drawn since the last update (power is constant between updates). */
  integrate(c: ConnectorData): void {
    const live = this.#live[c.id]!;
    const now = this.#clock.now();
    const dt = now - live.lastUpdate;
    live.lastUpdate = now;
    if (dt <= 0 || live.currentA <= 0) return;
    const wh = powerW(this.o.product.voltageV, live.currentA, live.phases.length) * dt / 3_600_000;
    c.energyWh += wh;
    c.ev.socPercent = Math.min(100, c.ev.socPercent + (wh / (c.ev.capacityKWh * 1000)) * 100);
  }

  /** Recomputes offered and drawn current and arms the one timer of the connector (limit change or physics tick). */
  recompute(c: ConnectorData): void {
    const live = this.#live[c.id]!;
    const now = this.#clock.now();
    const before = c.fsm;
    this.#clock.clearTimeout(live.wake);
    const limit = this.limitAt(now, c.id);
    const energised = c.fsm.transaction && !c.fsm.faulted && !this.stationFaulted();
    live.offeredA = energised ? offeredCurrent(this.o.product, limit.limitA, cableLimitA(this.o.product, c.ev)) : 0;
    if (c.fsm.transaction) {
      if (live.offeredA === 0 && !c.fsm.evseSuspended && !c.fsm.faulted) c.fsm = transition(c.fsm, { type: 'EvseSuspend' }).state;
      if (live.offeredA > 0 && c.fsm.evseSuspended) c.fsm = transition(c.fsm, { type: 'EvseResume' }).state;
    }
    if (c.fsm.evRequesting && c.ev.socPercent >= 100) c.fsm = transition(c.fsm, { type: 'EvStopsRequesting' }).state;
    const drawing = energised && c.fsm.evRequesting && !c.fsm.evseSuspended;
    live.phases = drawnPhases(this.o.product, c.ev, this.ctx.config.int('PhasesConnection'));
    live.currentA = drawing ? evCurrent(c.ev, live.offeredA) : 0;
    let wakeAt = limit.nextChangeAt;
    if (live.currentA > 0) wakeAt = Math.min(wakeAt ?? Infinity, now + 60_000);
    if (wakeAt !== undefined && Number.isFinite(wakeAt) && c.fsm.transaction) {
      live.wake = this.#clock.setTimeout(() => { this.integrate(c); this.recompute(c); this.save(); }, Math.max(0, wakeAt - now));
    }
    if (c.fsm !== before) this.publish(c.id);
    if (this.ctx.events.listens('sampled')) this.#emitSample(c, now, limit.limitA);
  }

  /**
   * Each connector's reading now, for a listener that has just begun to listen (a chart opened on a station
   * that keeps history only while viewed): its first reading comes at once, not at the next physics tick.
   * The energy registers are brought up to now; timers are left as they are.
   */
  sampleNow(): void {
    if (!this.ctx.events.listens('sampled')) return;
    const now = this.#clock.now();
    for (const c of this.state.connectors) {
      this.integrate(c);
      this.#emitSample(c, now, this.limitAt(now, c.id).limitA);
    }
  }

  #emitSample(c: ConnectorData, now: number, limitA: number): void {
    const live = this.#live[c.id]!;
    this.ctx.events.emit('sampled', {
      connectorId: c.id, at: now, currentA: live.currentA, offeredA: live.offeredA,
      limitA: Number.isFinite(limitA) ? limitA : null,
      powerW: powerW(this.o.product.voltageV, live.currentA, live.phases.length),
      sessionWh: c.tx ? Math.max(0, c.energyWh - c.tx.meterStart) : null,
      socPercent: c.fsm.plugged ? c.ev.socPercent : null,
    });
  }

  reading(c: ConnectorData): import('./meter-values.ts').ElectricalReading {
    const live = this.#live[c.id]!;
    return { energyWh: c.energyWh, currentA: live.currentA, offeredA: live.offeredA, phases: live.phases, voltageV: this.o.product.voltageV, socPercent: c.fsm.plugged ? c.ev.socPercent : undefined };
  }

  live(id: number): Live { return this.#live[id]!; }

  // ── transactions ────────────────────────────────────────────────────────────
  #start(c: ConnectorData): void {
    const auth = c.pendingAuth ?? { idTag: this.ctx.config.str('DefaultIdTag'), at: this.#clock.now() };
    const live = this.#live[c.id]!;
    this.#clock.clearTimeout(live.authTimer);
    c.pendingAuth = undefined;
    const now = this.#clock.now();
    const reservationId = c.reservation && (c.reservation.idTag === auth.idTag || (auth.parentIdTag && c.reservation.parentIdTag === auth.parentIdTag)) ? c.reservation.reservationId : undefined;
    if (reservationId !== undefined) endReservation(this, c);
    const txRef = `${this.ctx.identity.chargePointId}-${now.toString(36)}-${c.id}-${++this.state.txCounter}`;
    c.tx = { txRef, idTag: auth.idTag, meterStart: Math.round(c.energyWh), startedAt: now, txData: [], ...(auth.parentIdTag ? { parentIdTag: auth.parentIdTag } : {}), ...(reservationId !== undefined ? { reservationId } : {}) };
    c.fsm = transition(c.fsm, { type: 'TransactionStarted' }).state;
    this.metering.addTxData(c, 'Transaction.Begin');
    const held = this.o.smartCharging?.onTransactionStarting(c.id, auth);
    if (held?.outcome === 'Refused') this.ctx.log.log('warn', `the remote start's TxProfile was not installed for the transaction on connector ${c.id}: ${held.reason}; it runs without it`);
    const tx = c.tx;
    let delivered!: Promise<Record<string, unknown> | undefined>;
    this.atomically(() => {
      this.save();
      delivered = this.o.delivery.submit('StartTransaction', {
        connectorId: c.id, idTag: tx.idTag, meterStart: tx.meterStart, timestamp: isoAt(now), ...(reservationId !== undefined ? { reservationId } : {}),
      }, txRef);
    });
    delivered.then((conf) => {
      if (!conf) return;
      const info = conf.idTagInfo as IdTagInfo;
      this.auth.remember(tx.idTag, info);
      if (c.tx?.txRef === txRef) { c.tx.transactionId = conf.transactionId as number; this.save(); }
      // Without a StopTransactionOnInvalidId key in the guide, the twin behaves as 1.6's default
      // recommendation: a transaction the CSMS does not accept is stopped with reason DeAuthorized.
      if (info.status !== 'Accepted' && c.tx?.txRef === txRef) void this.stop(c.id, 'DeAuthorized');
    });
    this.metering.armSampler(c);
  }

  /** Stops the running transaction of a connector (no-op when none runs). */
  async stop(id: number, reason: StopReason, idTag?: string): Promise<void> {
    const c = this.connector(id);
    const tx = c.tx;
    if (!tx) return;
    this.integrate(c);
    this.metering.addTxData(c, 'Transaction.End');
    const now = this.#clock.now();
    c.tx = undefined;
    const live = this.#live[id]!;
    this.#clock.clearTimeout(live.sampler);
    if (c.fsm.transaction) c.fsm = transition(c.fsm, { type: 'TransactionStopped' }).state;
    // On a socket outlet the EV leaves first (Control Pilot) while the cable is still in the socket
    // (Proximity Pilot): Finishing until the cable is out, then Available. A tethered cable leaves with the EV.
    if (reason === 'EVDisconnected' && !this.o.product.tethered) { c.fsm = { ...c.fsm, finishing: true }; this.publish(id); }
    if (reason === 'EVDisconnected' || !c.fsm.plugged) c.fsm = { ...c.fsm, finishing: false };
    this.recompute(c);
    // The state without the transaction and its StopTransaction are written together; the message is
    // then delivered when the link allows (the caller does not wait for the CSMS).
    let delivered!: Promise<Record<string, unknown> | undefined>;
    this.atomically(() => {
      this.save();
      delivered = this.o.delivery.submit('StopTransaction', {
        transactionId: tx.transactionId ?? 0, meterStop: Math.round(c.energyWh), timestamp: isoAt(now), reason,
        ...(idTag ? { idTag } : {}), ...(tx.txData.length ? { transactionData: tx.txData } : {}),
      }, tx.txRef);
    });
    this.publish(id);
    this.o.smartCharging?.onTransactionEnded(id, tx.transactionId);
    const unconfirmed = (this.#stopsUnconfirmed ??= new Set());
    const confirmed = delivered.then((conf) => {
      unconfirmed.delete(confirmed);
      if (conf?.idTagInfo && idTag) this.auth.remember(idTag, conf.idTagInfo as IdTagInfo);
    });
    unconfirmed.add(confirmed);
  }

  /** Resolves once every StopTransaction submitted so far has been confirmed by the CSMS (or dropped). */
  async stopsConfirmed(): Promise<void> { await Promise.all([...this.#stopsUnconfirmed ?? []]); }

  /** Runs `fn` so the state it saves and the messages it queues land together (see StationStateStore). */
  atomically(fn: () => void): void {
    this.o.delivery.hold(); // nothing leaves before the commit (TxDelivery.hold)
    try { this.o.store.atomically(fn); } finally { this.o.delivery.release(); }
  }

  async stopAll(reason: StopReason): Promise<void> {
    await Promise.all(this.state.connectors.filter((c) => c.tx).map((c) => this.stop(c.id, reason)));
  }


  // ── authorization (reservations are in reservations.ts) ─────────────────────
  /** Marks a connector authorized for `idTag`; it waits ConnectionTimeOut seconds for the cable. */
  authorize(id: number, idTag: string, parentIdTag?: string): void {
    const c = this.connector(id);
    c.pendingAuth = { idTag, at: this.#clock.now(), ...(parentIdTag ? { parentIdTag } : {}) };
    this.dispatch(id, { type: 'Authorized' });
    if (c.fsm.transaction) return;
    const live = this.#live[id]!;
    this.#clock.clearTimeout(live.authTimer);
    live.authTimer = this.#clock.setTimeout(() => {
      if (c.fsm.authorized && !c.fsm.transaction && !c.fsm.plugged) { c.pendingAuth = undefined; this.dispatch(id, { type: 'AuthorizationExpired' }); }
    }, this.ctx.config.int('ConnectionTimeOut') * 1000);
  }

  /**
   * A downloaded firmware image waits to be installed (true), or no longer does (false: installation
   * failed, or a new UpdateFirmware replaced it). While it waits, each connector is out of service as
   * soon as no transaction runs on it (Unavailable, like a Scheduled Inoperative of 1.6 §5.2) and no
   * session may start, so the install can reboot the station without stopping a charging car.
   */
  setInstallPending(pending: boolean): void {
    for (const c of this.state.connectors) {
      if (c.fsm.installPending === pending) continue;
      if (pending) { c.pendingAuth = undefined; this.#clock.clearTimeout(this.#live[c.id]!.authTimer); }
      this.dispatch(c.id, { type: pending ? 'InstallPending' : 'InstallCancelled' });
      if (!pending) this.startFreeChargingIfDue(c);
    }
  }

  /**
   * Free charging (AuthenticationOCPPMode false): a plugged, idle connector starts under DefaultIdTag.
   * A reserved connector waits for its reservation's tag (badge or remote start) instead, and starts
   * free charging only once the reservation expires or is cancelled with the cable still in.
   */
  startFreeChargingIfDue(c: ConnectorData): void {
    if (this.ctx.config.bool('AuthenticationOCPPMode') || c.reservation) return;
    if (!c.fsm.plugged || c.fsm.transaction || c.fsm.authorized || c.fsm.finishing || !c.fsm.operative || c.fsm.installPending || c.fsm.faulted || !this.state.stationOperative) return;
    this.authorize(c.id, this.ctx.config.str('DefaultIdTag'));
  }

  /**
   * The station model ends (power cut, reboot, the process stopping). The meter is hardware: the energy
   * drawn up to this instant is counted and saved, so a transaction stopped with PowerLoss after the
   * power returns reports it in meterStop (test/scenarios/power-cut-meter.test.ts).
   */
  dispose(): void {
    // Saved when a connector was drawing: its register moved since the last save (here, or when /metrics
    // brought it up to a scrape's instant).
    let drawing = false;
    for (const c of this.state.connectors) {
      this.integrate(c);
      if (this.#live[c.id]!.currentA > 0) drawing = true;
    }
    if (drawing) this.save();
    this.metering.dispose();
    for (const l of this.#live) if (l) for (const t of [l.wake, l.sampler, l.authTimer, l.reservationTimer]) this.#clock.clearTimeout(t);
  }

  setEv(id: number, ev: Partial<EvModel>): void {
    const c = this.connector(id);
    checkEvSettings(ev);
    this.integrate(c);
    c.ev = { ...c.ev, ...ev };
    this.recompute(c);
    this.save();
    this.publish(id);
  }
}

/** The station's sessions, where the profile's shared handlers find it. */
export function sessionsOf(st: StationContext): Sessions { return partOf(st, 'sessions'); }
