/**
 * One station's session generator: a pure driver on the injected Clock and a seeded Prng. It acts only
 * through what a person or an EV does at the wallbox (cable, EV, badge, stop button) and, for the remote
 * share and outages, through the narrow target its shell gives it; so every rule of the twin applies
 * (authorization, reservations, smart-charging limits cap what the EV draws).
 *
 * Cost per station: one armed timer at a time (the earliest of: next arrival, next step of a session,
 * next outage step), no per-tick work, a few numbers of state. Every random number a session needs is
 * drawn when it arrives, in a fixed count, so answers that come back later (a badge accepted or not) never
 * shift the stream: the same seed gives the same arrivals, EVs, tags, durations and endings.
 */
import type { Clock, TimerId } from '../../shared/clock.ts';
import { draw, pickWeighted } from './distributions.ts';
import { Prng } from './prng.ts';
import type { ControlSurface } from '../control-surface.ts';
import type { EndKind, ResolvedSettings, StartKind } from './settings.ts';
import { emptyCounters, type DriverAction, type GeneratorStatus, type GeneratorTarget, type OutageKind, type TagCategory } from './generator-status.ts';

interface ActiveSession {
  connectorId: number;
  phase: 'charging' | 'done' | 'leaving';
  nextAt: number;
  departAt: number;
  ending: EndKind;
  demandWh: number;
  startWh: number;
  powerW: number;
}

/** Everything a session draws at its arrival. */
interface SessionPlan {
  ev: ResolvedSettings['evMix'][number];
  soc: number;
  startKind: StartKind;
  category: TagCategory;
  tag: string;
  plugMs: number;
  wantKWh: number;
  ending: EndKind;
}

/** A warm start looks back this far (and at most this many arrivals) for sessions still under way. */
const WARM_WINDOW_MS = 2 * 86_400_000;
const WARM_MAX_ARRIVALS = 10_000;
/** Mixed into the station's seed for the warm start's own stream. */
const WARM_STREAM = 0x5bd1e995;

/** Nominal phase voltage for estimating when an EV will have its energy (the check then reads the meter). */
const NOMINAL_V = 230;
/** Least time between two checks of a charging session's energy. */
const MIN_CHECK_MS = 60_000;
/** A driver refused at the reader leaves after this long. */
const LEAVE_AFTER_REFUSAL_MS = 60_000;
const MIN_MS = 60_000;
/** While the station has no power, a session's next step is looked at again this much later. */
const POWER_WAIT_MS = 60_000;

export class SessionDriver {
  readonly #clock: Clock;
  readonly #s: ResolvedSettings;
  readonly #target: GeneratorTarget;
  readonly #rng: Prng;
  readonly #seed: number;
  readonly #onAction: ((a: DriverAction) => void) | undefined;
  #timer: TimerId | undefined;
  #startedAt: number | undefined;
  #nextArrivalAt = Infinity;
  #nextOutageAt = Infinity;
  #outage: { kind: OutageKind; endsAt: number; code?: string } | undefined;
  #sessions: ActiveSession[] = [];
  readonly counters = emptyCounters();

  constructor(clock: Clock, settings: ResolvedSettings, seed: number, target: GeneratorTarget, onAction?: (a: DriverAction) => void) {
    this.#clock = clock;
    this.#s = settings;
    this.#seed = seed >>> 0;
    this.#rng = new Prng(seed);
    this.#target = target;
    this.#onAction = onAction;
  }

  get running(): boolean { return this.#startedAt !== undefined; }

  start(): void {
    if (this.running) return;
    const now = this.#clock.now();
    this.#startedAt = now;
    if (this.#s.warmStart) this.#warmStart(now);
    this.#nextArrivalAt = now + this.#interArrivalMs();
    this.#nextOutageAt = now + this.#outageGapMs();
    this.#arm();
  }

  /** Stops generating: no new arrivals or outages; an outage under way is ended; plugged EVs stay as they are. */
  stop(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#outage) this.#endOutage();
    this.#startedAt = undefined;
    this.#sessions = [];
  }

  status(): GeneratorStatus {
    return { running: this.running, seed: this.#seed, startedAt: this.#startedAt, activeSessions: this.#sessions.length, outage: this.#outage?.kind, counters: structuredClone(this.counters) };
  }

  // ── scheduling: one timer, at the earliest pending step ─────────────────────
  #arm(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.running) return;
    let at = Math.min(this.#nextArrivalAt, this.#outage ? this.#outage.endsAt : this.#nextOutageAt);
    for (const x of this.#sessions) if (x.nextAt < at) at = x.nextAt;
    if (!Number.isFinite(at)) return;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), Math.max(0, at - this.#clock.now()));
  }

  #tick(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    if (this.#outage && this.#outage.endsAt <= now) this.#endOutage();
    const powered = this.#target.poweredOn?.() ?? true;
    // A station without power has no reader, no stop button and no meter: a session's steps wait for it.
    for (const x of [...this.#sessions]) if (x.nextAt <= now) { if (powered) this.#step(x, now); else x.nextAt = now + POWER_WAIT_MS; }
    if (this.#nextArrivalAt <= now) { this.#arrive(now); this.#nextArrivalAt = now + this.#interArrivalMs(); }
    if (!this.#outage && this.#nextOutageAt <= now) this.#beginOutage(now);
    this.#arm();
  }

  #interArrivalMs(rng = this.#rng): number { return Math.max(1000, draw(this.#s.interArrivalMin, rng) * MIN_MS); }

  // ── sessions ────────────────────────────────────────────────────────────────
  /** Every draw of one session, in a fixed order and count, before anything can fail. */
  #drawSession(rng: Prng): SessionPlan {
    const s = this.#s;
    const ev = s.evMix[Number(pickWeighted(s.evMix.map((e, i) => [String(i), e.weight] as const), rng))]!;
    const soc = Math.min(100, Math.max(0, draw(ev.socPercent, rng)));
    const startKind: StartKind = pickWeighted(s.starts, rng);
    const u = rng.next();
    const category: TagCategory = u < s.tags.invalidShare ? 'invalid' : u < s.tags.invalidShare + s.tags.blockedShare ? 'blocked' : 'valid';
    const list = s.tags[category];
    const tag = list[rng.nextUint32() % Math.max(1, list.length)] ?? '';
    const plugMs = Math.max(MIN_MS, draw(s.plugDurationMin, rng) * MIN_MS);
    const wantKWh = draw(s.energyKWh, rng);
    const ending: EndKind = pickWeighted(s.endings, rng);
    return { ev, soc, startKind, category, tag, plugMs, wantKWh, ending };
  }

  #arrive(now: number): void { this.#begin(now, this.#drawSession(this.#rng), now); }

  /**
   * `warmStart`: the sessions still under way now had the generator been running for a long time. The
   * arrival process is run over the past look-back window (on a stream of its own, so the stream of the
   * sessions to come is the same with or without it), connectors taken and freed as the plug durations
   * say; the sessions whose EV would still be plugged in now begin now, with their departure time kept,
   * the energy they would have had at the EV's full power counted as delivered (state of charge raised by
   * it), and an EV that would already have its energy plugged in without asking for any.
   */
  #warmStart(now: number): void {
    const rng = new Prng((this.#seed ^ WARM_STREAM) >>> 0);
    const past: number[] = [];
    for (let t = now - this.#interArrivalMs(rng); t > now - WARM_WINDOW_MS && past.length < WARM_MAX_ARRIVALS; t -= this.#interArrivalMs(rng)) past.push(t);
    const freeAt = new Array<number>(this.#target.connectorCount).fill(-Infinity);
    const underWay: Array<{ at: number; plan: SessionPlan }> = [];
    for (const at of past.reverse()) {
      const plan = this.#drawSession(rng);
      const c = freeAt.findIndex((t) => t <= at);
      if (c < 0) continue; // every connector busy then: that EV went elsewhere
      // a tag the central system refuses leaves a minute later (the twin decides; this is the plan)
      const leaves = at + (plan.category === 'valid' ? plan.plugMs : Math.min(plan.plugMs, LEAVE_AFTER_REFUSAL_MS));
      freeAt[c] = leaves;
      if (leaves > now) underWay.push({ at, plan });
    }
    for (const { at, plan } of underWay) this.#begin(now, plan, at);
  }

  /** A session arrived at `arrivedAt` (now, or in the past for a warm start) begins now. */
  #begin(now: number, p: SessionPlan, arrivedAt: number): void {
    const { ev, startKind, category, tag, ending } = p;
    this.counters.arrivals++;
    if (!(this.#target.poweredOn?.() ?? true)) { this.counters.stationOff++; this.#log(now, 'station off'); return; }
    const c = this.#freeConnector();
    if (c === undefined) { this.counters.busy++; this.#log(now, 'busy'); return; }
    const capacityWh = ev.capacityKWh * 1000;
    const toFullWh = (100 - p.soc) / 100 * capacityWh;
    const demandWh = ending === 'evFull' ? toFullWh : Math.min(toFullWh, p.wantKWh * 1000);
    const powerW = NOMINAL_V * ev.maxCurrentA * ev.phases;
    // a session from the past has had its energy at the EV's full power since it arrived (none when refused)
    const hadWh = category === 'valid' ? Math.min(demandWh, powerW * Math.max(0, now - arrivedAt) / 3_600_000) : 0;
    const soc = Math.min(100, p.soc + hadWh / capacityWh * 100);
    const done = arrivedAt < now && hadWh >= demandWh;
    const x: ActiveSession = {
      connectorId: c, phase: done ? 'done' : 'charging', nextAt: Infinity, departAt: arrivedAt + p.plugMs, ending, demandWh: demandWh - hadWh, startWh: 0, powerW,
    };
    this.#sessions.push(x);
    this.#act('setEv', c, () => this.#controls().setEv!(c, { maxCurrentA: ev.maxCurrentA, phases: ev.phases, capacityKWh: ev.capacityKWh, socPercent: soc }));
    x.startWh = this.#energyWh(c);
    if (done) {
      this.#act('plugIn', c, () => this.#controls().plugIn!(c, { requesting: false }));
      x.nextAt = x.departAt;
    } else {
      this.#act('plugIn', c, () => this.#controls().plugIn!(c));
      this.#act('evRequestsEnergy', c, () => this.#controls().evRequestsEnergy!(c, true));
      x.nextAt = this.#nextCheck(x, now);
    }
    if (startKind === 'free') {
      if (this.#transactionOn(c)) this.counters.started++;
      else { this.counters.notStarted++; this.#log(now, 'free start did not begin', c); }
      return;
    }
    if (startKind === 'remote' && this.#target.remoteStart) {
      this.#log(now, 'remoteStart', c, tag);
      this.#target.remoteStart(c, tag).then((accepted) => this.#startAnswer(x, category, accepted), () => this.#startAnswer(x, category, false));
      return;
    }
    if (startKind === 'remote') this.counters.remoteFallbacks++;
    this.#log(now, 'presentBadge', c, tag);
    const present = this.#controls().presentBadge;
    if (!present) { this.counters.actionsFailed++; this.#startAnswer(x, category, false); return; }
    present.call(this.#controls(), tag, c).then((r) => this.#startAnswer(x, category, r.accepted), () => { this.counters.actionsFailed++; this.#startAnswer(x, category, false); });
  }

  #startAnswer(x: ActiveSession, category: TagCategory, accepted: boolean): void {
    if (!this.running || !this.#sessions.includes(x)) return;
    if (accepted) { this.counters.started++; return; }
    this.counters.refused[category]++;
    this.#log(this.#clock.now(), 'refused', x.connectorId, category);
    x.phase = 'leaving';
    x.ending = 'unplug';
    x.nextAt = this.#clock.now() + LEAVE_AFTER_REFUSAL_MS;
    this.#arm();
  }

  #step(x: ActiveSession, now: number): void {
    if (x.phase === 'leaving') { this.#unplugAndForget(x, now, false); return; }
    if (now >= x.departAt) { this.#depart(x, now); return; }
    if (x.phase === 'charging') {
      const got = this.#energyWh(x.connectorId) - x.startWh;
      const soc = this.#socPercent(x.connectorId);
      if (got >= x.demandWh || soc >= 100) {
        x.phase = 'done';
        this.#act('evStopsRequesting', x.connectorId, () => this.#controls().evRequestsEnergy!(x.connectorId, false));
        x.nextAt = x.departAt;
        return;
      }
      x.nextAt = this.#nextCheck(x, now, got);
      return;
    }
    x.nextAt = x.departAt;
  }

  #nextCheck(x: ActiveSession, now: number, got = 0): number {
    const remainingMs = x.powerW > 0 ? (x.demandWh - got) / x.powerW * 3_600_000 : Infinity;
    return Math.min(x.departAt, now + Math.max(MIN_CHECK_MS, remainingMs));
  }

  #depart(x: ActiveSession, now: number): void {
    const c = x.connectorId;
    const running = this.#transactionOn(c);
    if (!running) this.counters.endedBeforeDeparture++;
    else if (x.ending === 'stopButton') this.#act('pressStop', c, () => this.#controls().pressStop!(c));
    else if (x.ending === 'remoteStop') {
      if (this.#target.remoteStop) {
        this.#log(now, 'remoteStop', c);
        const remoteStop = this.#target.remoteStop.bind(this.#target);
        this.#sessions = this.#sessions.filter((s) => s !== x);
        this.counters.ended.remoteStop++;
        // the driver unplugs once the central system has had its answer
        void remoteStop(c).catch(() => false).then(() => this.#act('unplug', c, () => this.#controls().unplug!(c)));
        return;
      }
      this.counters.remoteFallbacks++;
      this.#act('pressStop', c, () => this.#controls().pressStop!(c));
    }
    this.counters.ended[x.ending]++;
    this.#unplugAndForget(x, now, true);
  }

  #unplugAndForget(x: ActiveSession, _now: number, _departed: boolean): void {
    this.#sessions = this.#sessions.filter((s) => s !== x);
    this.#act('unplug', x.connectorId, () => this.#controls().unplug!(x.connectorId));
  }

  // ── outages ─────────────────────────────────────────────────────────────────
  #outageGapMs(): number {
    const o = this.#s.outages;
    const perDay = o.networkCutsPerDay + o.powerCutsPerDay + o.vendorFaultsPerDay;
    const u = this.#rng.nextOpen();
    return perDay > 0 ? -Math.log(u) / perDay * 86_400_000 : Infinity;
  }

  #beginOutage(now: number): void {
    const o = this.#s.outages;
    const kind = pickWeighted<OutageKind>([['network', o.networkCutsPerDay], ['power', o.powerCutsPerDay], ['vendorFault', o.vendorFaultsPerDay]], this.#rng);
    const minutes = draw(kind === 'network' ? o.networkCutMin : kind === 'power' ? o.powerCutMin : o.vendorFaultMin, this.#rng);
    const code = o.vendorFaultCodes[this.#rng.nextUint32() % o.vendorFaultCodes.length]!;
    // A station already without power (cut from elsewhere) gets no outage on top: the next one is drawn.
    if (!(this.#target.poweredOn?.() ?? true)) { this.#nextOutageAt = now + this.#outageGapMs(); return; }
    this.#outage = { kind, endsAt: now + Math.max(1000, minutes * MIN_MS), ...(kind === 'vendorFault' ? { code } : {}) };
    this.counters.outages[kind]++;
    if (kind === 'network') this.#act('cutNetwork', undefined, () => this.#target.cutNetwork!());
    else if (kind === 'power') this.#act('powerOff', undefined, () => this.#target.powerOff!());
    else this.#act('raiseError', 1, () => this.#controls().raiseError!(code, 1), code);
  }

  #endOutage(): void {
    const o = this.#outage!;
    this.#outage = undefined;
    if (o.kind === 'network') this.#act('restoreNetwork', undefined, () => this.#target.restoreNetwork!());
    else if (o.kind === 'power') this.#act('powerOn', undefined, () => this.#target.powerOn!());
    else this.#act('clearError', 1, () => this.#controls().clearError!(o.code!, 1), o.code);
    if (this.running) this.#nextOutageAt = this.#clock.now() + this.#outageGapMs();
  }

  // ── reading and acting on the station ───────────────────────────────────────
  #controls(): Partial<ControlSurface> { return this.#target.controls(); }

  #freeConnector(): number | undefined {
    const busy = new Set(this.#sessions.map((x) => x.connectorId));
    let view: Array<{ plugged?: boolean }> | undefined;
    try { view = (this.#controls().state?.() as { connectors?: Array<{ plugged?: boolean }> } | undefined)?.connectors; } catch { view = undefined; }
    for (let id = 1; id <= this.#target.connectorCount; id++) if (!busy.has(id) && view?.[id - 1]?.plugged !== true) return id;
    return undefined;
  }

  #connectorView(c: number): { energyWh?: number; ev?: { socPercent?: number }; transaction?: unknown } | undefined {
    try { return (this.#controls().state?.() as { connectors?: Array<{ energyWh?: number; ev?: { socPercent?: number }; transaction?: unknown }> } | undefined)?.connectors?.[c - 1]; } catch { return undefined; }
  }

  #energyWh(c: number): number { return this.#connectorView(c)?.energyWh ?? 0; }
  #socPercent(c: number): number { return this.#connectorView(c)?.ev?.socPercent ?? 0; }
  #transactionOn(c: number): boolean { const t = this.#connectorView(c)?.transaction; return t !== undefined && t !== null; }

  #act(action: string, connectorId: number | undefined, fn: () => void, detail?: string | number): void {
    this.#log(this.#clock.now(), action, connectorId, detail);
    try { fn(); } catch { this.counters.actionsFailed++; }
  }

  #log(at: number, action: string, connectorId?: number, detail?: string | number): void {
    this.#onAction?.({ at, action, ...(connectorId !== undefined ? { connectorId } : {}), ...(detail !== undefined ? { detail } : {}) });
  }
}
