/**
 * The ports through which the station model reaches the outside. The runtime provides them; tests give
 * in-memory ones. Nothing here does I/O.
 */
import type { ActionName, OcppActionMap } from '../ocpp/index.ts';
import type { Handler, IncomingAction, OutgoingAction } from '../ocpp/action-types.ts';
import type { ConfigKeyDef } from './profile/device-profile.ts';

export type CpAction = OutgoingAction<'ChargePoint'>;
export type CsAction = IncomingAction<'ChargePoint'>;
export type ReqOf<A extends ActionName> = OcppActionMap[A]['req'];
export type ConfOf<A extends ActionName> = OcppActionMap[A]['conf'];

/** A listener of configuration changes: a function, or an object with `configChanged`. */
export type ConfigChangeListener = ((key: string, value: string) => void) | { configChanged(key: string, value: string): void };

/** Calls a configuration listener, whichever form it has. */
export function notifyConfigChange(l: ConfigChangeListener, key: string, value: string): void {
  if (typeof l === 'function') l(key, value); else l.configChanged(key, value);
}

/** Typed reads of the station's configuration keys (implemented by ConfigStore). */
export interface ConfigAccess {
  str(key: string): string;
  int(key: string): number;
  bool(key: string): boolean;
  /** Hears every applied change: a function, or an object's `configChanged` (no closure per station). */
  onChange(fn: ConfigChangeListener): () => void;
}

/** The configuration as GetConfiguration / ChangeConfiguration see it (implemented by ConfigStore). */
export interface ConfigurationService extends ConfigAccess {
  getConfiguration(req: ReqOf<'GetConfiguration'>): ConfOf<'GetConfiguration'>;
  change(key: string, value: string): ConfOf<'ChangeConfiguration'>['status'];
  /**
   * `change` for a name of the key vocabulary, applied to the key the profile declares for it (its own
   * name, its 1.6 name, or a key mapped with standardKey); NotSupported when the profile declares none.
   * For the station's own writes with ChangeConfiguration's checks (e.g. the interval of BootNotification.conf).
   * `durable: 'soon'` lets the change be saved with the next group commit instead of before this returns,
   * for a value the central system gives again at every boot; the default is 'now'.
   */
  changeByName(name: string, value: string, durable?: 'now' | 'soon'): ConfOf<'ChangeConfiguration'>['status'];
  /** Applies values that waited for a reboot (RebootRequired). */
  applyPendingAfterReboot(): void;
  /** The profile's key table, for the control API's configuration view. */
  definitions?(): ConfigKeyDef[];
  /** The value a key will take at the next reboot (RebootRequired), if any. */
  pending?(key: string): string | undefined;
}

/**
 * Options of a station's call: `messageId` keeps one id across retransmissions (transaction messages);
 * `coalesce` lets a newer call replace a queued one with the same key before it is sent (statuses,
 * non-transaction meter values: nothing periodic piles up behind a slow central system).
 */
export interface SendOptions { messageId?: string; coalesce?: string }

/** The current link to the central system, as the station sees it. */
export interface Uplink {
  readonly online: boolean;
  call<A extends CpAction>(action: A, req: ReqOf<A>, options?: SendOptions): Promise<ConfOf<A>>;
}

/** Registers a handler for a central-system-initiated action on the current connection. */
export type HandleFn = <A extends CsAction>(action: A, fn: Handler<A>) => void;

/** Messages TriggerMessage can ask for (OCPP 1.6 §5.17). */
export type TriggerableMessage = ReqOf<'TriggerMessage'>['requestedMessage'];

/**
 * What a feature does when the CSMS triggers its message: send it (after the confirmation) and say
 * 'Accepted', or refuse. `connectorId` is undefined when the request names none.
 */
export type TriggerFn = (connectorId: number | undefined) => TriggerOutcome;
export interface TriggerOutcome { status: 'Accepted' | 'Rejected'; send?: () => void }

/** The station's power and process life, provided by the runtime. */
export interface Lifecycle {
  /** Reboots the station: the socket closes, the model restarts from its durable state, it boots again. */
  reboot(kind: 'Soft' | 'Hard' | 'Firmware'): void;
}

/** The live connection as the station needs it (the RPC connection satisfies it). */
export interface StationLink {
  readonly isOpen: boolean;
  call<A extends CpAction>(action: A, req: ReqOf<A>, options?: SendOptions): Promise<ConfOf<A>>;
  handle<A extends CsAction>(action: A, fn: Handler<A>): void;
  /**
   * Answers incoming calls from this table of handlers, shared rather than copied (thousands of stations
   * each keep one table instead of two). Optional: without it the station registers each handler.
   */
  handleFrom?<T>(table: ReadonlyMap<CsAction, Handler<CsAction, T>>, target: T): void;
}

/**
 * What a device profile lets through (see station/profile/operations.ts): which central-system actions
 * reach a handler, which charge-point actions the station may send or have triggered, and the fixed
 * "not supported" answers of operations the product lists as unsupported.
 */
export interface OperationRules {
  accepts(action: CsAction): boolean;
  sends(action: CpAction | TriggerableMessage): boolean;
  readonly notSupportedAnswers: ReadonlyMap<CsAction, Handler<CsAction>>;
}
