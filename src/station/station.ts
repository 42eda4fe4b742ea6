/**
 * One EVlink twin's behaviour, without I/O: registration, heartbeat, connector statuses and the
 * central-system-initiated handlers contributed by feature modules. The runtime attaches it to each new
 * connection and detaches it when the socket drops; time comes from the injected Clock.
 */
import type { Handler } from '../ocpp/action-types.ts';
import type { BootNotificationConf, BootNotificationReq, StatusNotificationReq } from '../ocpp/index.ts';
import type { Clock } from '../shared/clock.ts';
import { TwinError, isTwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { BootCycle, type BootCycleContext, type Registration } from './boot-cycle.ts';
import { Heartbeat, type HeartbeatHost } from './heartbeat.ts';
import { bootNotificationOf, checkIdentity, type StationIdentity } from './identity.ts';
import type { SendOptions, ConfigAccess, ConfigurationService, ConfOf, CpAction, CsAction, HandleFn, Lifecycle, OperationRules, ReqOf, StationLink, TriggerableMessage, TriggerFn, TriggerOutcome, Uplink } from './ports.ts';
import { StationEvents } from './station-events.ts';
import { StatusBoard, type ConnectorStatus, type StatusHost } from './status-board.ts';
import type { Sessions } from './sessions/sessions.ts';
import type { StationSmartCharging } from './station-smart-charging.ts';
import type { FirmwareUpdate } from './firmware/firmware-update.ts';
import type { DiagnosticsUpload } from './firmware/diagnostics-upload.ts';
import type { ControlSurface } from './control-surface.ts';
import { CORE_OPERATIONS } from './handlers/core-triggers.ts';

/** What every feature module receives: the narrow services of one station, no hub object. */
export interface StationContext {
  clock: Clock;
  config: ConfigAccess;
  identity: StationIdentity;
  events: StationEvents;
  log: Logger;
  uplink: Uplink;
  status: StatusBoard;
  boot: BootCycle;
  /** Registers a handler for this station only (the profile's shared handlers come from its blueprint). */
  handle: HandleFn;
  /** Registers what TriggerMessage does for a message on this station only (blueprint triggers are shared). */
  onTrigger(message: TriggerableMessage, fn: TriggerFn): void;
  /** What TriggerMessage does for a message, or undefined when nothing sends it (→ NotImplemented). */
  trigger(message: TriggerableMessage, connectorId: number | undefined): TriggerOutcome | undefined;
  lifecycle: Lifecycle;
  connectorCount: number;
  /** The full configuration service (GetConfiguration / ChangeConfiguration). */
  configuration: ConfigurationService;
  /** Registers work to do before a reboot (e.g. stop transactions with reason SoftReset/HardReset). */
  beforeReboot(fn: (kind: RebootKind) => Promise<void>): void;
  /** Runs every before-reboot hook in registration order; rejects if one fails. */
  runBeforeReboot(kind: RebootKind): Promise<void>;
  /** Physical and local controls, set by the feature that owns them (sessions). */
  controls: Partial<ControlSurface>;
  /** Per-station state of the installed features, where the profile's shared handlers find it. */
  readonly parts: StationParts;
  /** Registers cleanup run when the station model is disposed (timers of features): a function or an object's `dispose`. */
  onDispose(fn: Disposer): void;
}

/** Cleanup at disposal: a function, or an object with `dispose()` (no closure per station). */
export type Disposer = (() => void) | { dispose(): void };

/**
 * The per-station state features keep, one slot per feature. Handlers are shared by every station of a
 * profile (see StationBlueprint) and reach a station's state through these slots, so a station carries
 * no handler closures of its own.
 */
export interface StationParts {
  sessions?: Sessions;
  smartCharging?: StationSmartCharging;
  firmware?: FirmwareUpdate;
  diagnostics?: DiagnosticsUpload;
}

/** A feature's per-station state; a handler of a feature the station lacks is a builder bug. */
export function partOf<K extends keyof StationParts>(st: StationContext, key: K): NonNullable<StationParts[K]> {
  const part = st.parts[key];
  if (part === undefined) throw new TwinError('TWIN_ERR_FEATURE_NOT_INSTALLED', `this station has no ${key}: its builder did not install the feature`);
  return part as NonNullable<StationParts[K]>;
}

export type RebootKind = 'Soft' | 'Hard' | 'Firmware';

/** Installs a feature's per-station state and listeners; run once per station model. */
export type StationFeature = (ctx: StationContext) => void;

/** A central-system call's handler, shared by every station of a profile: the station comes third. */
export type StationHandler<A extends CsAction> = Handler<A, StationContext>;
export type StationHandlers = { [A in CsAction]?: StationHandler<A> };
/** What TriggerMessage does for one message, shared by every station of a profile. */
export type StationTrigger = (station: StationContext, connectorId: number | undefined) => TriggerOutcome;

/** The central-system operations a feature answers and the messages it can be triggered to send. */
export interface OperationSet {
  handlers?: StationHandlers;
  triggers?: Partial<Record<TriggerableMessage, StationTrigger>>;
}

/**
 * The handler and trigger tables of one kind of station, built once (per device profile) and shared by
 * all its stations; the RPC channel answers from the table with the station as the handler's target.
 * The profile's operation rules apply here: an action it does not accept gets no handler (CALLERROR
 * NotSupported), one it lists as not supported gets its fixed answer, and a message it never sends
 * cannot be triggered.
 */
/**
 * A handler that first tells its station an exchange with the central system took place (the heartbeat
 * counts its interval from the last exchange, OCPP 1.6 §9.1.10). Wrapped once per blueprint, not per station.
 */
function exchanging(fn: StationHandler<CsAction>): StationHandler<CsAction> {
  return (req, hctx, st) => { (st as Partial<ExchangeListener>).exchanged?.(); return fn(req, hctx, st); };
}

/** What a station does on any exchange with the central system. */
interface ExchangeListener { exchanged(): void }

export class StationBlueprint {
  readonly handlers: ReadonlyMap<CsAction, StationHandler<CsAction>>;
  readonly triggers: ReadonlyMap<TriggerableMessage, StationTrigger>;
  readonly rules: OperationRules | undefined;

  constructor(sets: OperationSet[], rules?: OperationRules) {
    const handlers = new Map<CsAction, StationHandler<CsAction>>();
    const triggers = new Map<TriggerableMessage, StationTrigger>();
    for (const set of [CORE_OPERATIONS, ...sets]) {
      for (const [action, fn] of Object.entries(set.handlers ?? {}) as Array<[CsAction, StationHandler<CsAction>]>) {
        if (!rules || rules.accepts(action)) handlers.set(action, exchanging(fn));
      }
      for (const [message, fn] of Object.entries(set.triggers ?? {}) as Array<[TriggerableMessage, StationTrigger]>) {
        if (!rules || rules.sends(message)) triggers.set(message, fn);
      }
    }
    for (const [action, fn] of rules?.notSupportedAnswers ?? []) handlers.set(action, exchanging(fn));
    this.handlers = handlers;
    this.triggers = triggers;
    this.rules = rules;
  }
}

export interface StationOptions {
  identity: StationIdentity;
  connectorCount: number;
  config: ConfigurationService;
  clock: Clock;
  logger?: Logger;
  /** The shared handler and trigger tables, with the profile's operation rules (default: the core triggers only, under `operations`). */
  blueprint?: StationBlueprint;
  features?: StationFeature[];
  /** Provided by the runtime; without one, a reboot only re-registers. */
  lifecycle?: Lifecycle;
  /**
   * Operation rules for a station built without a blueprint (with one, the blueprint's rules apply);
   * without either, every action passes.
   */
  operations?: OperationRules;
}

export interface StationSnapshot {
  chargePointId: string;
  registration: Registration;
  online: boolean;
  connectors: ConnectorStatus[];
  lastHeartbeatAt: number | undefined;
}

export interface Station {
  readonly context: StationContext;
  readonly registration: Registration;
  attach(conn: StationLink): void;
  detach(): void;
  /** Forgets registration (a reboot): the next attach sends BootNotification again. */
  rebooted(): void;
  snapshot(): StationSnapshot;
  /** Clears every timer of the station. */
  dispose(): void;
}

export function createStation(opts: StationOptions): Station {
  return new StationModel(opts);
}

/**
 * A station's uplink: calls to the CSMS, refused before registration except BootNotification, and while
 * Pending except what a TriggerMessage asked for (OCPP 1.6 §4.2).
 */
class StationUplink implements Uplink {
  readonly #model: StationModel;
  constructor(model: StationModel) { this.#model = model; }
  get online(): boolean { return this.#model.online; }
  call<A extends CpAction>(action: A, req: ReqOf<A>, options?: SendOptions): Promise<ConfOf<A>> {
    const rules = this.#model.operations;
    if (rules && !rules.sends(action)) return Promise.reject(new TwinError('TWIN_ERR_OPERATION_NOT_IN_PROFILE', `${action} is not an operation of this device profile`));
    if (action !== 'BootNotification' && !this.#model.maySend()) {
      return Promise.reject(new TwinError('TWIN_ERR_NOT_REGISTERED', `cannot send ${action} before BootNotification is Accepted (OCPP 1.6 §4.2)`));
    }
    return this.#model.rawCall(action, req, options);
  }
}

/** The station's own controls before a feature sets them (none). */
const NO_CONTROLS: Partial<ControlSurface> = Object.freeze({});

/** Blueprints of stations built without one, per operation rules (tests and hand-built stations). */
const defaultBlueprints = new WeakMap<OperationRules, StationBlueprint>();
const CORE_ONLY = new StationBlueprint([]);
function defaultBlueprint(rules: OperationRules | undefined): StationBlueprint {
  if (!rules) return CORE_ONLY;
  let b = defaultBlueprints.get(rules);
  if (!b) defaultBlueprints.set(rules, (b = new StationBlueprint([], rules)));
  return b;
}

/**
 * One station model. It is both the `Station` the runtime drives and the `StationContext` features
 * receive (typed narrowly, so a feature sees only the context). A class, because a fleet holds
 * thousands: its methods live once on the prototype instead of as closures per station, it is the host
 * its boot cycle, heartbeat and status board call back, and its handlers come from the shared blueprint.
 */
class StationModel implements Station, StationContext, BootCycleContext, HeartbeatHost, StatusHost {
  readonly clock: Clock;
  readonly config: ConfigurationService;
  readonly identity: StationIdentity;
  readonly events = new StationEvents();
  readonly log: Logger;
  readonly uplink: Uplink;
  readonly status: StatusBoard;
  readonly boot: BootCycle;
  readonly lifecycle: Lifecycle;
  readonly connectorCount: number;
  controls: Partial<ControlSurface> = NO_CONTROLS;
  readonly parts: StationParts = {};
  readonly operations: OperationRules | undefined;
  readonly #blueprint: StationBlueprint;
  /** The blueprint's handlers, or this station's own copy once `handle` added one. */
  #handlers: ReadonlyMap<CsAction, StationHandler<CsAction>>;
  /** Triggers registered for this station only (rare; made on first use). */
  #triggers: Map<TriggerableMessage, TriggerFn> | undefined;
  /** True while a TriggerMessage's send runs (maySend). */
  #triggered = false;
  #rebootHooks: Array<(kind: RebootKind) => Promise<void>> | undefined;
  #disposers: Disposer[] | undefined;
  readonly #heartbeat: Heartbeat;
  #conn: StationLink | undefined;

  constructor(opts: StationOptions) {
    const identity = checkIdentity(opts.identity);
    const { clock, config } = opts;
    this.clock = clock;
    this.config = config;
    this.identity = identity;
    this.connectorCount = opts.connectorCount;
    this.#blueprint = opts.blueprint ?? defaultBlueprint(opts.operations);
    this.operations = this.#blueprint.rules;
    this.#handlers = this.#blueprint.handlers;
    this.log = (opts.logger ?? silentLogger).child({ stationId: identity.chargePointId });
    this.uplink = new StationUplink(this);
    this.lifecycle = opts.lifecycle ?? new ReRegister(this);
    this.boot = new BootCycle(this);
    this.status = new StatusBoard(clock, opts.connectorCount, this);
    this.#heartbeat = new Heartbeat(clock, this);
    config.onChange(this);
    this.events.on('accepted', this);
    for (const feature of opts.features ?? []) feature(this);
  }

  // --- listeners (the station itself hears its configuration and its registration) ---
  configChanged(key: string): void { if (key === 'HeartbeatInterval') this.#heartbeat.rearm(); }
  accepted(): void { this.#heartbeat.start(); this.status.reportAll(); }

  // --- hosts of the boot cycle, heartbeat and status board ---
  bootRequest(): BootNotificationReq { return bootNotificationOf(this.identity); }
  sendBoot(req: BootNotificationReq): Promise<BootNotificationConf> { return this.rawCall('BootNotification', req); }
  bootResendIntervalS(): number { return this.config.int('ResendBootNotificationInterval'); }
  applyHeartbeatInterval(seconds: number): void {
    if (this.config.int('HeartbeatInterval') === seconds) return;
    // Every boot's confirmation gives the interval again, so it joins the next group commit (decision D32).
    const status = this.config.changeByName('HeartbeatInterval', String(seconds), 'soon');
    if (status !== 'Accepted') this.log.log('warn', `heartbeat interval ${seconds} s of BootNotification.conf not applied: ${status}`);
  }
  heartbeatIntervalS(): number { return this.config.int('HeartbeatInterval'); }
  sendHeartbeat(): Promise<unknown> { return this.uplink.call('Heartbeat', {}); }
  sendStatus(req: StatusNotificationReq): void {
    if (!this.online || !this.maySend()) return;
    // Behind a slow central system only a few statuses per connector wait; a newer one replaces the last (D11).
    this.uplink.call('StatusNotification', req, { coalesce: `status:${req.connectorId}` }).catch((e: unknown) => {
      if (!isTwinError(e, 'TWIN_ERR_RPC_SUPERSEDED')) this.log.log('warn', 'StatusNotification not delivered', { error: String(e) });
    });
  }
  minimumStatusDurationS(): number { try { return this.config.int('MinimumStatusDuration'); } catch { return 0; } }

  // --- StationContext ---
  get context(): StationContext { return this; }
  get configuration(): ConfigurationService { return this.config; }
  /** Registers a handler for this station; an action the device profile does not accept gets none (CALLERROR NotSupported). */
  handle<A extends CsAction>(action: A, fn: Handler<A>): void {
    if (this.operations && !this.operations.accepts(action)) return;
    const own = this.#handlers === this.#blueprint.handlers ? new Map(this.#handlers) : this.#handlers as Map<CsAction, StationHandler<CsAction>>;
    own.set(action, exchanging(fn as unknown as StationHandler<CsAction>));
    this.#handlers = own;
    if (this.#conn) this.#lend(this.#conn);
  }
  /** A message the product never sends cannot be triggered: TriggerMessage answers NotImplemented (1.6 §5.17). */
  onTrigger(message: TriggerableMessage, fn: TriggerFn): void {
    if (this.operations && !this.operations.sends(message)) return;
    (this.#triggers ??= new Map()).set(message, fn);
  }
  trigger(message: TriggerableMessage, connectorId: number | undefined): TriggerOutcome | undefined {
    const own = this.#triggers?.get(message);
    const outcome = own ? own(connectorId) : this.#blueprint.triggers.get(message)?.(this, connectorId);
    const send = outcome?.send;
    if (!send) return outcome;
    // What the trigger sends may go while Pending (1.6 §4.2): its calls are made synchronously in `send`.
    return { ...outcome, send: () => { const outer = this.#triggered; this.#triggered = true; try { send(); } finally { this.#triggered = outer; } } };
  }
  /**
   * Whether a call other than BootNotification may go now: once Accepted; while Pending only inside a
   * triggered send ("SHALL NOT send request messages … unless it has been instructed … with a
   * TriggerMessage.req", 1.6 §4.2).
   */
  maySend(): boolean {
    const r = this.boot.registration;
    return r === 'Accepted' || (r === 'Pending' && this.#triggered);
  }
  // concat, not push: the arrays are sized exactly (push grows a 17-slot store for one or two entries; D26).
  beforeReboot(fn: (kind: RebootKind) => Promise<void>): void { this.#rebootHooks = (this.#rebootHooks ?? []).concat([fn]); }
  async runBeforeReboot(kind: RebootKind): Promise<void> { for (const fn of this.#rebootHooks ?? []) await fn(kind); }
  onDispose(fn: Disposer): void { this.#disposers = (this.#disposers ?? []).concat([fn]); }

  get online(): boolean { return this.#conn?.isOpen === true; }

  rawCall<A extends CpAction>(action: A, req: ReqOf<A>, options?: SendOptions): Promise<ConfOf<A>> {
    const conn = this.#conn;
    if (!conn?.isOpen) return Promise.reject(new TwinError('TWIN_ERR_OFFLINE', `cannot send ${action}: offline`));
    const answered = conn.call(action, req, options);
    // Every answered call is an exchange: the heartbeat interval counts from it (its own answer re-arms it anyway).
    if (action !== 'Heartbeat') answered.then(() => this.exchanged(), () => undefined);
    return answered;
  }

  /** An exchange with the central system took place: the heartbeat's interval of inactivity starts again. */
  exchanged(): void { this.#heartbeat.rearm(); }

  // --- Station ---
  get registration(): Registration { return this.boot.registration; }

  attach(c: StationLink): void {
    this.#conn = c;
    this.#lend(c);
    this.events.emit('connected', {});
    this.boot.onConnected();
  }

  /** Lends the link this station's handler table, with the station as every handler's target. */
  #lend(c: StationLink): void {
    if (c.handleFrom) { c.handleFrom(this.#handlers, this as StationContext); return; }
    for (const [action, fn] of this.#handlers) c.handle(action, (req, hctx) => fn(req as never, hctx, this));
  }

  detach(): void {
    this.#conn = undefined;
    this.#heartbeat.stop();
    this.boot.onDisconnected();
    this.events.emit('disconnected', {});
  }

  rebooted(): void { this.boot.reset(); }

  snapshot(): StationSnapshot {
    return {
      chargePointId: this.identity.chargePointId,
      registration: this.boot.registration,
      online: this.online,
      connectors: this.status.all(),
      lastHeartbeatAt: this.#heartbeat.lastSentAt,
    };
  }

  dispose(): void {
    this.#heartbeat.stop();
    this.boot.onDisconnected();
    this.status.dispose();
    const disposers = this.#disposers ?? [];
    this.#disposers = undefined;
    for (const d of disposers) { if (typeof d === 'function') d(); else d.dispose(); }
  }
}

/** Without a runtime, a reboot only makes the station register again. */
class ReRegister implements Lifecycle {
  readonly #model: StationModel;
  constructor(model: StationModel) { this.#model = model; }
  reboot(): void { this.#model.boot.reset(); }
}
