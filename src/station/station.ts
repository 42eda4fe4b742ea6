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
import type { ConfigAccess, ConfigurationService, ConfOf, CpAction, CsAction, HandleFn, Lifecycle, ReqOf, StationLink, TriggerableMessage, TriggerFn, Uplink } from './ports.ts';
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
  const identity = checkIdentity(opts.identity);
  const { clock, config } = opts;
  const log = (opts.logger ?? silentLogger).child({ stationId: identity.chargePointId });
  const events = new StationEvents();
  const handlers = new Map<CsAction, Handler<CsAction>>();
  let conn: StationLink | undefined;

  const online = (): boolean => conn?.isOpen === true;
  const rawCall = <A extends CpAction>(action: A, req: ReqOf<A>, options?: { messageId?: string }): Promise<ConfOf<A>> =>
    conn?.isOpen ? conn.call(action, req, options) : Promise.reject(new TwinError('TWIN_ERR_OFFLINE', `cannot send ${action}: offline`));

  const boot = new BootCycle({
    clock, events, log,
    request: () => bootNotificationOf(identity),
    send: (req) => rawCall('BootNotification', req),
    resendIntervalS: () => config.int('ResendBootNotificationInterval'),
    onInterval: (s) => { if (config.int('HeartbeatInterval') !== s) config.change('HeartbeatInterval', String(s)); },
  });

  const uplink: Uplink = {
    get online() { return online(); },
    call(action, req, options) {
      if (action !== 'BootNotification' && boot.registration !== 'Accepted') {
        return Promise.reject(new TwinError('TWIN_ERR_NOT_REGISTERED', `cannot send ${action} before BootNotification is Accepted (OCPP 1.6 §4.2)`));
      }
      return rawCall(action, req, options);
    },
  };

  const status = new StatusBoard(clock, opts.connectorCount, (req) => {
    if (!online() || boot.registration !== 'Accepted') return;
    uplink.call('StatusNotification', req).catch((e: unknown) => log.log('warn', 'StatusNotification not delivered', { error: String(e) }));
  }, () => { try { return config.int('MinimumStatusDuration'); } catch { return 0; } });

  const heartbeat = new Heartbeat(clock, () => config.int('HeartbeatInterval'), () => uplink.call('Heartbeat', {}));
  config.onChange((key) => { if (key === 'HeartbeatInterval') heartbeat.rearm(); });

  const triggers = new Map<TriggerableMessage, TriggerFn>();
  const rebootHooks: Array<(kind: RebootKind) => Promise<void>> = [];
  const disposers: Array<() => void> = [];
  const context: StationContext = {
    clock, config, identity, events, log, uplink, status, boot,
    connectorCount: opts.connectorCount,
    handle: (action, fn) => { handlers.set(action, fn as unknown as Handler<CsAction>); },
    onTrigger: (message, fn) => { triggers.set(message, fn); },
    trigger: (message) => triggers.get(message),
    lifecycle: opts.lifecycle ?? { reboot: () => { boot.reset(); } },
    configuration: config,
    beforeReboot: (fn) => { rebootHooks.push(fn); },
    runBeforeReboot: async (kind) => { for (const fn of rebootHooks) await fn(kind); },
    controls: {},
    onDispose: (fn) => { disposers.push(fn); },
  };
  const warn = (what: string) => (e: unknown): void => log.log('warn', `${what} not delivered`, { error: String(e) });
  context.onTrigger('BootNotification', () => ({ status: 'Accepted', send: () => boot.trigger() }));
  context.onTrigger('Heartbeat', () => ({ status: 'Accepted', send: () => { uplink.call('Heartbeat', {}).catch(warn('Heartbeat')); } }));
  context.onTrigger('StatusNotification', (connectorId) => {
    if (connectorId !== undefined && connectorId > opts.connectorCount) return { status: 'Rejected' };
    return { status: 'Accepted', send: () => { if (connectorId === undefined) status.reportAll(); else status.report(connectorId); } };
  });

  events.on('accepted', () => {
    heartbeat.start();
    status.reportAll();
  });
  for (const feature of opts.features ?? []) feature(context);

  return {
    context,
    get registration() { return boot.registration; },
    attach(c) {
      conn = c;
      if (c.handleFrom) c.handleFrom(handlers);
      else for (const [action, fn] of handlers) c.handle(action, fn);
      events.emit('connected', {});
      boot.onConnected();
    },
    detach() {
      conn = undefined;
      heartbeat.stop();
      boot.onDisconnected();
      events.emit('disconnected', {});
    },
    rebooted() { boot.reset(); },
    snapshot: () => ({
      chargePointId: identity.chargePointId,
      registration: boot.registration,
      online: online(),
      connectors: status.all(),
      lastHeartbeatAt: heartbeat.lastSentAt,
    }),
    dispose() {
      heartbeat.stop();
      boot.onDisconnected();
      status.dispose();
      for (const fn of disposers.splice(0)) fn();
    },
  };
}
