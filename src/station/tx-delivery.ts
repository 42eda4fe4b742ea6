/**
 * Delivers the transaction queue to the central system: one message at a time, only when online and
 * registered, each with a message id that stays the same across its retransmissions. A CALLERROR or a
 * missing answer counts as a failed attempt (retried per the guide's MessageAttempts… keys); being
 * offline does not: the messages wait and go, in order, after the next BootNotification/reconnect.
 */
import type { Clock, TimerId } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { isTwinError } from '../shared/errors.ts';
import type { TransactionQueue, TxAction } from '../queue/index.ts';
import type { ConfigAccess, Uplink } from './ports.ts';
import type { StationEvents } from './station-events.ts';

export interface TxDeliveryContext { clock: Clock; uplink: Uplink; config: ConfigAccess; events: StationEvents; log: Logger }

type Waiter = (conf: Record<string, unknown> | undefined) => void;

export class TxDelivery {
  #ctx: TxDeliveryContext;
  #queue: TransactionQueue;
  #busy = false;
  #timer: TimerId | undefined;
  #waiters = new Map<number, Waiter>();
  #stopped = false;

  constructor(ctx: TxDeliveryContext, queue: TransactionQueue) {
    this.#ctx = ctx;
    this.#queue = queue;
    ctx.events.on('accepted', () => this.pump());
  }

  get queue(): TransactionQueue { return this.#queue; }

  /** Persists the message, then tries to send; resolves with the confirmation, or undefined if it was dropped. */
  submit(action: TxAction, payload: Record<string, unknown>, txRef: string): Promise<Record<string, unknown> | undefined> {
    const item = this.#queue.enqueue(action, payload, txRef, this.#ctx.clock.now());
    const p = new Promise<Record<string, unknown> | undefined>((resolve) => this.#waiters.set(item.seq, resolve));
    this.pump();
    return p;
  }

  stop(): void { this.#stopped = true; this.#ctx.clock.clearTimeout(this.#timer); }

  pump(): void {
    if (this.#busy || this.#stopped || !this.#ctx.uplink.online) return;
    const now = this.#ctx.clock.now();
    const ready = this.#queue.next(now);
    this.#settleDropped();
    if (!ready) {
      const due = this.#queue.nextAttemptAt();
      this.#ctx.clock.clearTimeout(this.#timer);
      if (due !== undefined && due > now) this.#timer = this.#ctx.clock.setTimeout(() => this.pump(), due - now);
      return;
    }
    this.#busy = true;
    const { item, payload } = ready;
    const messageId = `${this.#queue.store.idPrefix}-${item.seq}`;
    this.#ctx.uplink.call(item.action, payload as never, { messageId }).then((conf) => {
      this.#queue.confirmed(item.seq, conf as Record<string, unknown>);
      this.#resolve(item.seq, conf as Record<string, unknown>);
    }, (e: unknown) => {
      if (isTwinError(e, 'TWIN_ERR_OFFLINE') || isTwinError(e, 'TWIN_ERR_NOT_REGISTERED') || isTwinError(e, 'TWIN_ERR_RPC_CLOSED')) return; // waits for the link
      const outcome = this.#queue.failed(item.seq, this.#ctx.clock.now(), this.#ctx.config.int('MessageAttemptsTransactionEvent'), this.#ctx.config.int('MessageAttemptIntervalTransactionEvent'));
      this.#ctx.log.log('warn', `${item.action} not processed by the central system (${outcome})`, { error: String(e) });
      if (outcome === 'dropped') this.#resolve(item.seq, undefined);
    }).finally(() => {
      this.#busy = false;
      this.pump();
    });
  }

  #resolve(seq: number, conf: Record<string, unknown> | undefined): void {
    const w = this.#waiters.get(seq);
    this.#waiters.delete(seq);
    w?.(conf);
  }

  /** Waiters of messages the queue dropped (bound, or transaction given up) learn it. */
  #settleDropped(): void {
    if (this.#waiters.size === 0) return;
    const live = new Set(this.#queue.store.list().map((i) => i.seq));
    for (const seq of [...this.#waiters.keys()]) if (!live.has(seq)) this.#resolve(seq, undefined);
  }
}
