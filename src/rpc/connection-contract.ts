/**
 * The contract of an OCPP-J 1.6 RPC connection (connection.ts implements it): how one is made
 * (RpcConnectionOptions), the options of one call, and what its owner may do with it.
 */
import type { Role, Req, Conf, OutgoingAction, IncomingAction, Handler } from '../ocpp/action-types.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Transport } from './transport.ts';

export type FrameDirection = 'in' | 'out';
export interface RpcConnectionOptions {
  transport: Transport;
  role: Role;
  clock: Clock;
  /**
   * Time to wait for a CALLRESULT/CALLERROR before failing the call. Default 30 s. It is real time when
   * the clock follows real time (a peer answers in real time: at 60× a 30 s timeout is 30 real seconds,
   * not half a second), else the clock's time (a SimulatedClock in tests).
   */
  callTimeoutMs?: number;
  /** Validate every payload, both directions, against the official schemas. Default true. */
  strict?: boolean;
  logger?: Logger;
  /**
   * Whose registration decides whether calls are answered: while its `registration` is 'Rejected', every
   * frame that is not an answer to one of our calls is read and dropped unanswered (no CALLRESULT, no
   * CALLERROR), as a charge point whose BootNotification was Rejected "SHALL NOT respond to any Central
   * System initiated message" (OCPP 1.6 §4.2). An object, not a closure: one less allocation per connection.
   */
  registrant?: { readonly registration: string };
  /** Tap on every frame, for traces and dashboards: a function, or an object's `frame()` (no closure per connection). */
  onFrame?: ((direction: FrameDirection, text: string) => void) | { frame(direction: FrameDirection, text: string): void };
}

export interface CallOptions {
  timeoutMs?: number;
  /**
   * Message id to use instead of a fresh one. The station gives each queued transaction message one id
   * for all its transmissions, so a central system can recognise a retransmission after a lost answer.
   */
  messageId?: string;
  /**
   * A key for state-reporting or periodic calls that must not pile up (a connector's StatusNotification,
   * clock-aligned MeterValues without transaction). Up to COALESCE_KEEP calls with one key wait in the
   * FIFO (changes in quick succession all go); beyond that, the newest waiting one takes this call's
   * payload and promise, and its own promise rejects with TWIN_ERR_RPC_SUPERSEDED. So behind a slow
   * central system no more than COALESCE_KEEP per key wait, the last of them the newest (decision D11).
   */
  coalesce?: string;
}

export interface RpcConnection<R extends Role> {
  call<A extends OutgoingAction<R>>(action: A, payload: Req<A>, options?: CallOptions): Promise<Conf<A>>;
  handle<A extends IncomingAction<R>>(action: A, fn: Handler<A>): void;
  /**
   * Answers incoming calls from the caller's table of handlers (shared, not copied; later handle() calls
   * copy it first). Each handler receives `target` as its third argument, so one table serves many owners.
   */
  handleFrom<T>(table: ReadonlyMap<IncomingAction<R>, Handler<IncomingAction<R>, T>>, target?: T): void;
  /** Closes the transport; queued and in-flight calls fail at once with TWIN_ERR_RPC_CLOSED, later frames are not read. */
  close(code?: number, reason?: string): void;
  /** Calls waiting or in flight. */
  readonly pendingCalls: number;
  readonly isOpen: boolean;
  /** Registers a listener for the transport closing (after pending calls were failed). */
  onClose(fn: (code: number, reason: string) => void): void;
}
