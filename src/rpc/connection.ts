/**
 * A typed OCPP-J 1.6 RPC connection over any Transport: `call(action, payload)` and `handle(action, fn)`,
 * both typed per action from the generated catalog and both validated against the official schemas.
 * One CALL in flight per direction (OCPP-J 1.6 §4.1.1): further calls wait in a FIFO. Timeouts run on the
 * injected Clock, so a simulated clock drives them in tests.
 */
import { ACTIONS, isActionName, normalizeErrorCode, ocppValidator, type ActionName, type RpcErrorCode } from '../ocpp/index.ts';
import type { Role, Req, Conf, OutgoingAction, IncomingAction, HandlerContext, Handler } from '../ocpp/action-types.ts';
import type { Clock, TimerId } from '../shared/clock.ts';
import { TwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { callErrorFrame, callFrame, callResultFrame, parseFrame, CALL, CALLRESULT } from './frames.ts';
import { RPC_CLOSED, RPC_INVALID_OUTGOING, RPC_INVALID_RESPONSE, RPC_TIMEOUT, RPC_WRONG_DIRECTION, RpcError } from './rpc-error.ts';
import type { Transport } from './transport.ts';

export type { Role, Req, Conf, OutgoingAction, IncomingAction, HandlerContext, Handler };

export type FrameDirection = 'in' | 'out';
export interface RpcConnectionOptions {
  transport: Transport;
  role: Role;
  clock: Clock;
  /** Time to wait for a CALLRESULT/CALLERROR before failing the call. Default 30 s. */
  callTimeoutMs?: number;
  /** Validate every payload, both directions, against the official schemas. Default true. */
  strict?: boolean;
  logger?: Logger;
  /** Tap on every frame, for traces and dashboards. */
  onFrame?: (direction: FrameDirection, text: string) => void;
}

export interface CallOptions {
  timeoutMs?: number;
  /**
   * Message id to use instead of a fresh one. The station gives each queued transaction message one id
   * for all its transmissions, so a central system can recognise a retransmission after a lost answer.
   */
  messageId?: string;
}

export interface RpcConnection<R extends Role> {
  call<A extends OutgoingAction<R>>(action: A, payload: Req<A>, options?: CallOptions): Promise<Conf<A>>;
  handle<A extends IncomingAction<R>>(action: A, fn: Handler<A>): void;
  /** Closes the transport; queued and in-flight calls fail with TWIN_ERR_RPC_CLOSED. */
  close(code?: number, reason?: string): void;
  /** Calls waiting or in flight. */
  readonly pendingCalls: number;
  readonly isOpen: boolean;
  /** Registers a listener for the transport closing (after pending calls were failed). */
  onClose(fn: (code: number, reason: string) => void): void;
}

interface PendingCall {
  fixedId?: string;
  action: ActionName;
  payload: object;
  timeoutMs: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  id?: string;
  timer?: TimerId;
}

export function createRpcConnection<R extends Role>(opts: RpcConnectionOptions): RpcConnection<R> {
  const { transport, role, clock } = opts;
  const strict = opts.strict ?? true;
  const log = opts.logger ?? silentLogger;
  const defaultTimeout = opts.callTimeoutMs ?? 30_000;
  const validator = ocppValidator();
  const handlers = new Map<string, Handler<ActionName>>();
  const queue: PendingCall[] = [];
  const incomingInProgress = new Set<string>();
  const closeListeners: Array<(code: number, reason: string) => void> = [];
  let inFlight: PendingCall | undefined;
  let closed = false;
  let seq = 0;
  const idPrefix = Math.floor(Math.random() * 36 ** 6).toString(36);

  const send = (text: string): void => {
    if (!transport.isOpen) return;
    opts.onFrame?.('out', text);
    transport.send(text);
  };

  const pump = (): void => {
    if (inFlight || closed) return;
    const next = queue.shift();
    if (!next) return;
    inFlight = next;
    next.id = next.fixedId ?? `${idPrefix}-${(seq++).toString(36)}`;
    next.timer = clock.setTimeout(() => {
      if (inFlight !== next) return;
      inFlight = undefined;
      next.reject(new TwinError(RPC_TIMEOUT, `${next.action} got no answer within ${next.timeoutMs} ms`));
      pump();
    }, next.timeoutMs);
    send(callFrame(next.id, next.action, next.payload));
  };

  const settle = (id: string, outcome: (p: PendingCall) => void): void => {
    if (!inFlight || inFlight.id !== id) {
      log.log('warn', 'answer for an unknown or expired message id ignored', { messageId: id });
      return;
    }
    const p = inFlight;
    inFlight = undefined;
    clock.clearTimeout(p.timer);
    outcome(p);
    pump();
  };

  const reply = (id: string, action: ActionName, conf: unknown, after: Array<() => void>): void => {
    const failure = strict ? validator.check(action, 'conf', conf) : undefined;
    if (failure) {
      log.log('error', `handler of ${action} produced an invalid confirmation: ${failure.description}`);
      send(callErrorFrame(id, 'InternalError', `invalid ${action} confirmation`));
      return;
    }
    send(callResultFrame(id, conf as object));
    for (const fn of after) fn();
  };

  const onCall = (id: string, action: string, payload: Record<string, unknown>): void => {
    if (incomingInProgress.has(id)) {
      log.log('warn', 'duplicate CALL id while the first is still being handled: ignored', { messageId: id, action });
      return;
    }
    if (!isActionName(action)) return send(callErrorFrame(id, 'NotImplemented', `unknown action ${action}`));
    const handler = handlers.get(action);
    const dir = ACTIONS[action].direction;
    if (!handler || dir === role) return send(callErrorFrame(id, 'NotSupported', `${action} is not supported`));
    const failure = strict ? validator.check(action, 'req', payload) : undefined;
    if (failure) return send(callErrorFrame(id, failure.code, failure.description));
    const after: Array<() => void> = [];
    const ctx: HandlerContext = { messageId: id, afterReply: (fn) => { after.push(fn); } };
    const fail = (e: unknown): void => {
      incomingInProgress.delete(id);
      if (e instanceof RpcError) return send(callErrorFrame(id, e.rpcCode, e.message, e.rpcDetails));
      log.log('error', `handler of ${action} failed`, { error: String(e) });
      send(callErrorFrame(id, 'InternalError', 'internal error'));
    };
    incomingInProgress.add(id);
    let result: unknown;
    try {
      result = handler(payload as never, ctx);
    } catch (e) {
      return fail(e);
    }
    if (result instanceof Promise) {
      result.then((conf) => { incomingInProgress.delete(id); reply(id, action, conf, after); }, fail);
    } else {
      incomingInProgress.delete(id);
      reply(id, action, result, after);
    }
  };

  const onMessage = (text: string): void => {
    opts.onFrame?.('in', text);
    const parsed = parseFrame(text);
    if (parsed.kind === 'ignore') return log.log('warn', `frame ignored: ${parsed.reason}`);
    if (parsed.kind === 'error') return send(callErrorFrame(parsed.messageId, parsed.code, parsed.description));
    const f = parsed.frame;
    if (f[0] === CALL) return onCall(f[1], f[2], f[3]);
    if (f[0] === CALLRESULT) {
      return settle(f[1], (p) => {
        const failure = strict ? validator.check(p.action, 'conf', f[2]) : undefined;
        if (failure) p.reject(new TwinError(RPC_INVALID_RESPONSE, `invalid ${p.action} confirmation: ${failure.description}`, { details: { rpcCode: failure.code } }));
        else p.resolve(f[2]);
      });
    }
    return settle(f[1], (p) => p.reject(new RpcError(normalizeErrorCode(f[2]), f[3], f[4])));
  };

  const failAll = (): void => {
    const all = inFlight ? [inFlight, ...queue] : [...queue];
    inFlight = undefined;
    queue.length = 0;
    for (const p of all) {
      clock.clearTimeout(p.timer);
      p.reject(new TwinError(RPC_CLOSED, `connection closed before ${p.action} was answered`));
    }
  };

  transport.attach({
    message: (text) => {
      try {
        onMessage(text);
      } catch (e) {
        log.log('error', 'frame handling failed', { error: String(e) });
      }
    },
    close: (code, reason) => {
      closed = true;
      failAll();
      for (const fn of closeListeners) fn(code, reason);
    },
  });

  return {
    call(action, payload, options) {
      if (closed || !transport.isOpen) return Promise.reject(new TwinError(RPC_CLOSED, `cannot send ${action}: connection is closed`));
      const dir = ACTIONS[action].direction;
      if (dir !== role && dir !== 'Both') return Promise.reject(new TwinError(RPC_WRONG_DIRECTION, `${role} cannot send ${action}`));
      const failure = strict ? validator.check(action, 'req', payload) : undefined;
      if (failure) return Promise.reject(new TwinError(RPC_INVALID_OUTGOING, `invalid ${action}.req: ${failure.description}`, { details: { rpcCode: failure.code } }));
      return new Promise((resolve, reject) => {
        queue.push({ action, payload: payload as object, timeoutMs: options?.timeoutMs ?? defaultTimeout, resolve: resolve as (v: unknown) => void, reject, ...(options?.messageId ? { fixedId: options.messageId.slice(0, 36) } : {}) });
        pump();
      });
    },
    handle(action, fn) {
      handlers.set(action, fn as unknown as Handler<ActionName>);
    },
    close(code = 1000, reason = '') {
      transport.close(code, reason);
    },
    get pendingCalls() { return queue.length + (inFlight ? 1 : 0); },
    get isOpen() { return !closed && transport.isOpen; },
    onClose(fn) { closeListeners.push(fn); },
  };
}

export type { RpcErrorCode };
