/**
 * A typed OCPP-J 1.6 RPC connection over any Transport: `call(action, payload)` and `handle(action, fn)`,
 * both typed per action from the generated catalog and both validated against the official schemas.
 * One CALL in flight per direction (OCPP-J 1.6 §4.1.1): further calls wait in a FIFO. Timeouts run on the
 * injected Clock's wire clock (real time, which a fast-forward does not move; decision D11), or on the
 * Clock itself when it has none, so a simulated clock drives them in tests.
 */
import { ACTIONS, RPC_ERROR_CODES, isActionName, normalizeErrorCode, ocppValidator, type ActionName, type RpcErrorCode } from '../ocpp/index.ts';
import type { Role, Req, Conf, OutgoingAction, IncomingAction, HandlerContext, Handler } from '../ocpp/action-types.ts';
import { realTimeSpan, wireClock, type Clock, type TimerId } from '../shared/clock.ts';
import { TwinError, isTwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { callErrorFrame, callFrame, callResultFrame, parseFrame, CALL, CALLRESULT } from './frames.ts';
import { RPC_CLOSED, RPC_SUPERSEDED, RPC_INVALID_OUTGOING, RPC_INVALID_RESPONSE, RPC_TIMEOUT, RPC_WRONG_DIRECTION, RpcError } from './rpc-error.ts';
import type { TransportEvents } from './transport.ts';
import type { CallOptions, FrameDirection, RpcConnection, RpcConnectionOptions } from './connection-contract.ts';

export type { Role, Req, Conf, OutgoingAction, IncomingAction, HandlerContext, Handler };
export type { FrameDirection, RpcConnectionOptions, CallOptions, RpcConnection } from './connection-contract.ts';

interface PendingCall {
  fixedId?: string;
  coalesce?: string;
  action: ActionName;
  payload: object;
  timeoutMs: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  id?: string;
  timer?: TimerId;
}

export function createRpcConnection<R extends Role>(opts: RpcConnectionOptions): RpcConnection<R> {
  return new RpcChannel<R>(opts);
}

/** Calls with one coalesce key that may wait in the FIFO before a newer one replaces the last of them. */
export const COALESCE_KEEP = 3;

/** The table of a channel that handles nothing yet (never changed: handle() copies it first). */
const NO_HANDLERS: ReadonlyMap<string, Handler<ActionName>> = new Map();

/** Hears the transport on behalf of one channel (a class, so thousands of channels share its methods). */
class ChannelEvents implements TransportEvents {
  readonly #channel: RpcChannel<Role>;
  constructor(channel: RpcChannel<Role>) { this.#channel = channel; }
  message(text: string): void { this.#channel.received(text); }
  close(code: number, reason: string): void { this.#channel.closed(code, reason); }
}

/**
 * One connection's RPC state. A class rather than a closure bundle: a fleet holds one per station, and
 * methods on a shared prototype cost nothing per instance where closures cost a context and a function
 * object each (measured by the fleet benchmark).
 */
class RpcChannel<R extends Role> implements RpcConnection<R> {
  readonly #opts: RpcConnectionOptions;
  readonly #strict: boolean;
  /** Where call timeouts run: the clock's wire clock (real time), else the clock (decision D11). */
  readonly #deadlines: Clock;
  #handlers: ReadonlyMap<string, Handler<ActionName>> = NO_HANDLERS;
  /** Whether #handlers is not this channel's own (the shared empty table, or one lent by handleFrom): copied before a change. */
  #borrowed = true;
  /** Third argument of every handler (what handleFrom lent the table for). */
  #target: unknown;
  readonly #queue: PendingCall[] = [];
  #incomingInProgress: Set<string> | undefined;
  #closeListeners: Array<(code: number, reason: string) => void> | undefined;
  #inFlight: PendingCall | undefined;
  #closed = false;
  /**
   * Frames (and a close) that arrived right after an answer settled one of our calls, before any promise
   * job ran (read in the same chunk): they wait until that answer's continuations have run (#holdAfterAnswer).
   */
  #held: Array<string | { code: number; reason: string }> | undefined;
  /** True from an answer to one of our calls until the first promise job after it. */
  #afterAnswer = false;
  /**
   * True while a handler of an incoming CALL runs synchronously and its answer is written: calls it queues
   * (a StatusNotification its state change causes) go after the answer, as a unit that takes a request,
   * answers it and then reports what changed (OCPP 1.6 §5.2 "respond … then inform"; #onCall).
   */
  #answering = false;
  #seq = 0;
  readonly #idPrefix = Math.floor(Math.random() * 36 ** 6).toString(36);

  constructor(opts: RpcConnectionOptions) {
    this.#opts = opts;
    this.#strict = opts.strict ?? true;
    this.#deadlines = wireClock(opts.clock);
    opts.transport.attach(new ChannelEvents(this as unknown as RpcChannel<Role>));
  }

  get #log(): Logger { return this.#opts.logger ?? silentLogger; }

  call<A extends OutgoingAction<R>>(action: A, payload: Req<A>, options?: CallOptions): Promise<Conf<A>> {
    const { transport, role } = this.#opts;
    if (this.#closed || !transport.isOpen) return Promise.reject(new TwinError(RPC_CLOSED, `cannot send ${action}: connection is closed`));
    const dir = ACTIONS[action].direction;
    if (dir !== role && dir !== 'Both') return Promise.reject(new TwinError(RPC_WRONG_DIRECTION, `${role} cannot send ${action}`));
    const failure = this.#strict ? ocppValidator().check(action, 'req', payload) : undefined;
    if (failure) return Promise.reject(new TwinError(RPC_INVALID_OUTGOING, `invalid ${action}.req: ${failure.description}`, { details: { rpcCode: failure.code } }));
    const key = options?.coalesce;
    const queued = key === undefined ? undefined : this.#lastWaiting(key, action);
    if (queued) {
      return new Promise((resolve, reject) => {
        const superseded = queued.reject;
        queued.payload = payload as object;
        queued.resolve = resolve as (v: unknown) => void;
        queued.reject = reject;
        superseded(new TwinError(RPC_SUPERSEDED, `${action} replaced by a newer one before it was sent`));
      });
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ action, payload: payload as object, timeoutMs: options?.timeoutMs ?? this.#opts.callTimeoutMs ?? 30_000, resolve: resolve as (v: unknown) => void, reject, ...(options?.messageId ? { fixedId: options.messageId.slice(0, 36) } : {}), ...(key !== undefined ? { coalesce: key } : {}) });
      this.#pump();
    });
  }

  /** The newest queued call with this coalesce key, once COALESCE_KEEP of them wait (else undefined). */
  #lastWaiting(key: string, action: ActionName): PendingCall | undefined {
    let count = 0;
    let newest: PendingCall | undefined;
    for (const p of this.#queue) if (p.coalesce === key && p.action === action) { count++; newest = p; }
    return count >= COALESCE_KEEP ? newest : undefined;
  }

  handle<A extends IncomingAction<R>>(action: A, fn: Handler<A>): void {
    const own = this.#borrowed ? new Map(this.#handlers) : this.#handlers as Map<string, Handler<ActionName>>;
    own.set(action, fn as unknown as Handler<ActionName>);
    this.#handlers = own;
    this.#borrowed = false;
  }

  handleFrom<T>(table: ReadonlyMap<IncomingAction<R>, Handler<IncomingAction<R>, T>>, target?: T): void {
    this.#handlers = table as unknown as ReadonlyMap<string, Handler<ActionName>>;
    this.#borrowed = true;
    this.#target = target;
  }

  /**
   * Closing is final at once: queued and in-flight calls fail now (nothing waits for the close handshake
   * or a call timeout), and frames that still arrive during the handshake are not read (an answer read
   * after its owner shut down would reach a closed store). The close listeners hear the socket close.
   */
  close(code = 1000, reason = ''): void {
    this.#closed = true;
    this.#failAll();
    this.#opts.transport.close(code, reason);
  }
  get pendingCalls(): number { return this.#queue.length + (this.#inFlight ? 1 : 0); }
  get isOpen(): boolean { return !this.#closed && this.#opts.transport.isOpen; }
  /** Copied at the exact size on each add (push would grow a 17-slot store per connection for one or two listeners). */
  onClose(fn: (code: number, reason: string) => void): void { this.#closeListeners = (this.#closeListeners ?? []).concat([fn]); }

  /** From the transport: one text frame arrived. */
  received(text: string): void {
    if (this.#closed) return;
    if (this.#afterAnswer || this.#held !== undefined) { this.#hold(text); return; }
    this.#handle(text);
  }

  #handle(text: string): void {
    try {
      this.#onMessage(text);
    } catch (e) {
      this.#log.log('error', 'frame handling failed', { error: String(e) });
    }
  }

  /** From the transport: the socket closed. Pending calls fail, then the close listeners hear it. */
  closed(code: number, reason: string): void {
    if (this.#afterAnswer || this.#held !== undefined) { this.#hold({ code, reason }); return; }
    this.#closed = true;
    this.#failAll();
    for (const fn of this.#closeListeners ?? []) fn(code, reason);
  }

  #send(text: string): void {
    const { transport } = this.#opts;
    if (!transport.isOpen) return;
    this.#tap('out', text);
    transport.send(text);
  }

  #tap(direction: FrameDirection, text: string): void {
    const tap = this.#opts.onFrame;
    if (tap === undefined) return;
    if (typeof tap === 'function') tap(direction, text);
    else tap.frame(direction, text);
  }

  #pump(): void {
    if (this.#inFlight || this.#closed || this.#answering) return;
    const next = this.#queue.shift();
    if (!next) return;
    // An emptied queue gives back its backing store (setting length 0 does; shift() keeps it): a fleet's
    // idle connections would each keep 17 slots.
    if (this.#queue.length === 0) this.#queue.length = 0;
    this.#inFlight = next;
    next.id = next.fixedId ?? `${this.#idPrefix}-${(this.#seq++).toString(36)}`;
    next.timer = this.#deadlines.setTimeout(() => {
      if (this.#inFlight !== next) return;
      this.#inFlight = undefined;
      next.reject(new TwinError(RPC_TIMEOUT, `${next.action} got no answer within ${next.timeoutMs} ms`));
      this.#pump();
    }, realTimeSpan(this.#deadlines, next.timeoutMs));
    this.#send(callFrame(next.id, next.action, next.payload));
  }

  /** Settles the call in flight when `id` is its message id; answers to anything else are logged and dropped. */
  #settle(id: string): PendingCall | undefined {
    const p = this.#inFlight;
    if (!p || p.id !== id) {
      this.#log.log('warn', 'answer for an unknown or expired message id ignored', { messageId: id });
      return undefined;
    }
    this.#inFlight = undefined;
    this.#deadlines.clearTimeout(p.timer);
    return p;
  }

  #reply(id: string, action: ActionName, conf: unknown, after: Array<() => void> | undefined): void {
    const failure = this.#strict ? ocppValidator().check(action, 'conf', conf) : undefined;
    if (failure) {
      this.#log.log('error', `handler of ${action} produced an invalid confirmation: ${failure.description}`);
      this.#send(callErrorFrame(id, 'InternalError', `invalid ${action} confirmation`));
      return;
    }
    this.#send(callResultFrame(id, conf as object));
    if (after) for (const fn of after) fn();
  }

  #onCall(id: string, action: string, payload: Record<string, unknown>): void {
    const inProgress = (this.#incomingInProgress ??= new Set());
    if (inProgress.has(id)) {
      this.#log.log('warn', 'duplicate CALL id while the first is still being handled: ignored', { messageId: id, action });
      return;
    }
    if (!isActionName(action)) return this.#send(callErrorFrame(id, 'NotImplemented', `unknown action ${action}`));
    const handler = this.#handlers.get(action);
    if (!handler || ACTIONS[action].direction === this.#opts.role) return this.#send(callErrorFrame(id, 'NotSupported', `${action} is not supported`));
    const failure = this.#strict ? ocppValidator().check(action, 'req', payload) : undefined;
    if (failure) return this.#send(callErrorFrame(id, failure.code, failure.description));
    let after: Array<() => void> | undefined;
    const ctx: HandlerContext = { messageId: id, afterReply: (fn) => { (after ??= []).push(fn); } };
    const fail = (e: unknown): void => {
      inProgress.delete(id);
      if (e instanceof RpcError) return this.#send(callErrorFrame(id, e.rpcCode, e.message, e.rpcDetails));
      // The pure core cannot import this layer: a core error names its OCPP-J code in details.rpcCode.
      const code = isTwinError(e) ? e.details?.rpcCode : undefined;
      if (typeof code === 'string' && (RPC_ERROR_CODES as readonly string[]).includes(code)) return this.#send(callErrorFrame(id, code as RpcErrorCode, e instanceof Error ? e.message : ''));
      this.#log.log('error', `handler of ${action} failed`, { error: String(e) });
      this.#send(callErrorFrame(id, 'InternalError', 'internal error'));
    };
    inProgress.add(id);
    // Calls the handler queues wait until its answer is on the wire (#answering). A handler that returns a
    // promise may itself wait for one of those calls (UnlockConnector stops a transaction first), so
    // the queue is released as soon as it has returned it.
    const answering = this.#answering;
    this.#answering = true;
    let result: unknown;
    try {
      result = handler(payload as never, ctx, this.#target);
    } catch (e) {
      fail(e);
      this.#endAnswering(answering);
      return;
    }
    if (result instanceof Promise) {
      this.#endAnswering(answering);
      result.then((conf) => { inProgress.delete(id); this.#reply(id, action, conf, after); }, fail);
    } else {
      inProgress.delete(id);
      this.#reply(id, action, result, after);
      this.#endAnswering(answering);
    }
  }

  /** Ends #answering (unless an outer handler still runs) and sends the first call that waited for it. */
  #endAnswering(outer: boolean): void {
    this.#answering = outer;
    if (!outer) this.#pump();
  }

  #onMessage(text: string): void {
    this.#tap('in', text);
    const parsed = parseFrame(text);
    if (parsed.kind === 'ignore') return this.#log.log('warn', `frame ignored: ${parsed.reason}`);
    if ((parsed.kind === 'error' || parsed.frame[0] === CALL) && this.#opts.registrant?.registration === 'Rejected') {
      return this.#log.log('warn', 'frame not answered: the central system rejected this charge point (OCPP 1.6 §4.2)', parsed.kind === 'error' ? { messageId: parsed.messageId } : { messageId: parsed.frame[1], action: parsed.frame[2] });
    }
    if (parsed.kind === 'error') return this.#send(callErrorFrame(parsed.messageId, parsed.code, parsed.description));
    const f = parsed.frame;
    if (f[0] === CALL) return this.#onCall(f[1], f[2], f[3]);
    const p = this.#settle(f[1]);
    if (p) {
      if (f[0] === CALLRESULT) {
        const failure = this.#strict ? ocppValidator().check(p.action, 'conf', f[2]) : undefined;
        if (failure) p.reject(new TwinError(RPC_INVALID_RESPONSE, `invalid ${p.action} confirmation: ${failure.description}`, { details: { rpcCode: failure.code } }));
        else p.resolve(f[2]);
      } else {
        p.reject(new RpcError(normalizeErrorCode(f[2]), f[3], f[4]));
      }
      if (this.#opts.role === 'ChargePoint') this.#holdAfterAnswer();
    }
    this.#pump();
  }

  /**
   * A settled call's continuations run as promise jobs, after this frame's handling returns. A frame read
   * in the same chunk (a StartTransaction.conf, then a RemoteStopTransaction for that transaction) would be
   * handled before them and find the station as it was before the answer; a real charge point handles the
   * answer first. So until the first promise job after the answer, a frame that arrives is held (with what
   * follows it), and the held frames are handled in order once the event loop turns, when every promise job
   * of the answer has run (setImmediate comes after the microtask queue is empty: an event-loop turn, not
   * time, so not on the Clock). Frames read later are not held: this costs nothing when nothing follows.
   * Only the charge point's side holds: it is the twin of a device, which handles its input in order; a
   * central system's own bookkeeping after an answer does not change how it handles the station's next CALL
   * (and test rigs driven by a SimulatedClock settle on promise jobs alone, without an event-loop turn).
   */
  #holdAfterAnswer(): void {
    this.#afterAnswer = true;
    queueMicrotask(() => { this.#afterAnswer = false; });
  }

  #hold(item: string | { code: number; reason: string }): void {
    if (this.#held === undefined) {
      this.#held = [];
      setImmediate(() => this.#release());
    }
    this.#held.push(item);
  }

  #release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (let i = 0; i < held.length; i++) {
      const item = held[i]!;
      if (typeof item === 'string') { if (!this.#closed) this.#handle(item); } else this.closed(item.code, item.reason);
      // Another answer among them holds what follows it again, behind its own continuations.
      if (this.#afterAnswer && i + 1 < held.length) {
        this.#held = held.slice(i + 1);
        setImmediate(() => this.#release());
        return;
      }
    }
  }

  #failAll(): void {
    const all = this.#inFlight ? [this.#inFlight, ...this.#queue] : [...this.#queue];
    this.#inFlight = undefined;
    this.#queue.length = 0;
    for (const p of all) {
      this.#deadlines.clearTimeout(p.timer);
      p.reject(new TwinError(RPC_CLOSED, `connection closed before ${p.action} was answered`));
    }
  }
}

export type { RpcErrorCode };
