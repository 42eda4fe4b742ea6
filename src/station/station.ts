/**
 * One EVlink twin's behaviour, without I/O: registration, heartbeat, connector statuses and the
 * central-system-initiated handlers contributed by feature modules. The runtime attaches it to each new
 * connection and detaches it when the socket drops; time comes from the injected Clock.
 */
import type { Handler } from '../ocpp/action-types.ts';
import type { Clock } from '../shared/clock.ts';
import { TwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { BootCycle, type Registration } from './boot-cycle.ts';
import { Heartbeat } from './heartbeat.ts';
import { bootNotificationOf, checkIdentity, type StationIdentity } from './identity.ts';
import type { ConfigAccess, ConfigurationService, ConfOf, CpAction, CsAction, HandleFn, Lifecycle, OperationRules, ReqOf, StationLink, TriggerableMessage, TriggerFn, Uplink } from './ports.ts';
import { StationEvents } from './station-events.ts';
import { StatusBoard, type ConnectorStatus } from './status-board.ts';
import type { ControlSurface } from './control-surface.ts';

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
  handle: HandleFn;
  /** Registers what TriggerMessage does for a message type (one owner per message). */
  onTrigger(message: TriggerableMessage, fn: TriggerFn): void;
  /** The trigger registered for a message, if any (used by the TriggerMessage handler). */
  trigger(message: TriggerableMessage): TriggerFn | undefined;
  lifecycle: Lifecycle;
  connectorCount: number;
  /** The full configuration service (GetConfiguration / ChangeConfiguration). */
  configuration: ConfigurationService;
  /** Registers work to do before a reboot (e.g. stop transactions with reason SoftReset/HardReset). */
  beforeReboot(fn: (kind: RebootKind) => Promise<void>): void;
  /** Runs every before-reboot hook in registration order; rejects if one fails. */
  runBeforeReboot(kind: RebootKind): Promise<void>;
  /** Physical and local controls; each feature fills in the part it owns. */
  controls: Partial<ControlSurface>;
  /** Registers cleanup run when the station model is disposed (timers of features). */
  onDispose(fn: () => void): void;
}

export type RebootKind = 'Soft' | 'Hard' | 'Firmware';

/** A feature contributes handlers and listeners; it is installed once per station. */
export type StationFeature = (ctx: StationContext) => void;

export interface StationOptions {
  identity: StationIdentity;
  connectorCount: number;
  config: ConfigurationService;
  clock: Clock;
  logger?: Logger;
  features?: StationFeature[];
  /** Provided by the runtime; without one, a reboot only re-registers. */
  lifecycle?: Lifecycle;
  /** The device profile's operation lists (shared by its stations); without them every action passes. */
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

/** A station's uplink: calls to the CSMS, refused before registration except BootNotification (OCPP 1.6 §4.2). */
class StationUplink implements Uplink {
  readonly #model: StationModel;
  constructor(model: StationModel) { this.#model = model; }
  get online(): boolean { return this.#model.online; }
  call<A extends CpAction>(action: A, req: ReqOf<A>, options?: { messageId?: string }): Promise<ConfOf<A>> {
    const rules = this.#model.operations;
    if (rules && !rules.sends(action)) return Promise.reject(new TwinError('TWIN_ERR_OPERATION_NOT_IN_PROFILE', `${action} is not an operation of this device profile`));
    if (action !== 'BootNotification' && this.#model.boot.registration !== 'Accepted') {
      return Promise.reject(new TwinError('TWIN_ERR_NOT_REGISTERED', `cannot send ${action} before BootNotification is Accepted (OCPP 1.6 §4.2)`));
    }
    return this.#model.rawCall(action, req, options);
  }
}

/**
 * One station model. It is both the `Station` the runtime drives and the `StationContext` features
 * receive (typed narrowly, so a feature sees only the context). A class, because a fleet holds
 * thousands: its methods live once on the prototype instead of as closures per station.
 */
class StationModel implements Station, StationContext {
  readonly clock: Clock;
  readonly config: ConfigurationService;
  readonly configuration: ConfigurationService;
  readonly identity: StationIdentity;
  readonly events = new StationEvents();
  readonly log: Logger;
  readonly uplink: Uplink;
  readonly status: StatusBoard;
  readonly boot: BootCycle;
  readonly lifecycle: Lifecycle;
  readonly connectorCount: number;
  readonly controls: Partial<ControlSurface> = {};
  readonly operations: OperationRules | undefined;
  readonly #handlers = new Map<CsAction, Handler<CsAction>>();
  readonly #triggers = new Map<TriggerableMessage, TriggerFn>();
  readonly #rebootHooks: Array<(kind: RebootKind) => Promise<void>> = [];
  readonly #disposers: Array<() => void> = [];
  readonly #heartbeat: Heartbeat;
  #conn: StationLink | undefined;

  constructor(opts: StationOptions) {
    const identity = checkIdentity(opts.identity);
    const { clock, config } = opts;
    this.clock = clock;
    this.config = config;
    this.configuration = config;
    this.identity = identity;
    this.connectorCount = opts.connectorCount;
    this.operations = opts.operations;
    const log = (opts.logger ?? silentLogger).child({ stationId: identity.chargePointId });
    this.log = log;
    this.uplink = new StationUplink(this);
    this.lifecycle = opts.lifecycle ?? { reboot: () => { this.boot.reset(); } };
    const boot = new BootCycle({
      clock, events: this.events, log,
      request: () => bootNotificationOf(identity),
      send: (req) => this.rawCall('BootNotification', req),
      resendIntervalS: () => config.int('ResendBootNotificationInterval'),
      onInterval: (s) => { if (config.int('HeartbeatInterval') !== s) config.change('HeartbeatInterval', String(s)); },
    });
    this.boot = boot;
    this.status = new StatusBoard(clock, opts.connectorCount, (req) => {
      if (!this.online || boot.registration !== 'Accepted') return;
      this.uplink.call('StatusNotification', req).catch((e: unknown) => log.log('warn', 'StatusNotification not delivered', { error: String(e) }));
    }, () => { try { return config.int('MinimumStatusDuration'); } catch { return 0; } });
    const heartbeat = new Heartbeat(clock, () => config.int('HeartbeatInterval'), () => this.uplink.call('Heartbeat', {}));
    this.#heartbeat = heartbeat;
    config.onChange((key) => { if (key === 'HeartbeatInterval') heartbeat.rearm(); });

    this.onTrigger('BootNotification', () => ({ status: 'Accepted', send: () => boot.trigger() }));
    this.onTrigger('Heartbeat', () => ({ status: 'Accepted', send: () => { this.uplink.call('Heartbeat', {}).catch((e: unknown) => log.log('warn', 'Heartbeat not delivered', { error: String(e) })); } }));
    this.onTrigger('StatusNotification', (connectorId) => {
      if (connectorId !== undefined && connectorId > opts.connectorCount) return { status: 'Rejected' };
      return { status: 'Accepted', send: () => { if (connectorId === undefined) this.status.reportAll(); else this.status.report(connectorId); } };
    });
    this.events.on('accepted', () => {
      heartbeat.start();
      this.status.reportAll();
    });
    for (const feature of opts.features ?? []) feature(this);
    for (const [action, fn] of opts.operations?.notSupportedAnswers ?? []) this.#handlers.set(action, fn);
  }

  // --- StationContext ---
  get context(): StationContext { return this; }
  /** Registers a handler; an action the device profile does not accept gets none (CALLERROR NotSupported). */
  handle<A extends CsAction>(action: A, fn: Handler<A>): void {
    if (this.operations && !this.operations.accepts(action)) return;
    this.#handlers.set(action, fn as unknown as Handler<CsAction>);
  }
  /** A message the product never sends cannot be triggered: TriggerMessage answers NotImplemented (1.6 §5.17). */
  onTrigger(message: TriggerableMessage, fn: TriggerFn): void {
    if (this.operations && !this.operations.sends(message)) return;
    this.#triggers.set(message, fn);
  }
  trigger(message: TriggerableMessage): TriggerFn | undefined { return this.#triggers.get(message); }
  beforeReboot(fn: (kind: RebootKind) => Promise<void>): void { this.#rebootHooks.push(fn); }
  async runBeforeReboot(kind: RebootKind): Promise<void> { for (const fn of this.#rebootHooks) await fn(kind); }
  onDispose(fn: () => void): void { this.#disposers.push(fn); }

  get online(): boolean { return this.#conn?.isOpen === true; }

  rawCall<A extends CpAction>(action: A, req: ReqOf<A>, options?: { messageId?: string }): Promise<ConfOf<A>> {
    const conn = this.#conn;
    return conn?.isOpen ? conn.call(action, req, options) : Promise.reject(new TwinError('TWIN_ERR_OFFLINE', `cannot send ${action}: offline`));
  }

  // --- Station ---
  get registration(): Registration { return this.boot.registration; }

  attach(c: StationLink): void {
    this.#conn = c;
    if (c.handleFrom) c.handleFrom(this.#handlers);
    else for (const [action, fn] of this.#handlers) c.handle(action, fn);
    this.events.emit('connected', {});
    this.boot.onConnected();
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
    for (const fn of this.#disposers.splice(0)) fn();
  }
}
