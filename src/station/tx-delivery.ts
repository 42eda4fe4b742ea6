/**
 * Delivers the transaction queue to the central system: one message at a time, only when online and
 * registered, each with a message id that stays the same across its retransmissions. A CALLERROR or a
 * missing answer counts as a failed attempt (retried per the guide's MessageAttempts… keys); being
 * offline does not: the messages wait and go, in order, after the next BootNotification/reconnect.
 *
 * `submit` never throws for the queue's bound: a MeterValues refused at the bound resolves as dropped,
 * so a sampler timer that submits keeps running. Every drop is logged as a warning.
 */
import type { Clock, TimerId } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { isTwinError } from '../shared/errors.ts';
import type { Drop, TransactionQueue, TxAction } from '../queue/index.ts';
import type { ConfigAccess, Uplink } from './ports.ts';
import type { StationEvents } from './station-events.ts';

export interface TxDeliveryContext { clock: Clock; uplink: Uplink; config: ConfigAccess; events: StationEvents; log: Logger }

/** What the station's state view shows of its transaction queue. */
export interface TxQueueView {
  length: number;
  bound: number;
  /** Drops per kind: at the bound (MeterValues only), and after MessageAttemptsTransactionEvent attempts. */
  dropped: { bound: number; afterAttempts: number };
  oldestAgeMs: number;
  nextAttemptAt: number | null;
}

/** A StartTransaction or StopTransaction the CSMS has not confirmed yet (waiting, or sent and unanswered). */
export interface QueuedTxMessage {
  /** The id it goes out under (the same for every transmission). */
  messageId: string;
  action: 'StartTransaction' | 'StopTransaction';
  txRef: string;
  payload: Record<string, unknown>;
  /** The CSMS's id for the transaction, once its StartTransaction was confirmed. */
  transactionId: number | undefined;
}

/** Part of the station's controls (SessionControls), read by the fleet's station view. */
export interface TxQueueControls {
  transactionQueue(): TxQueueView;
  /** The station's transaction starts and stops the CSMS has not confirmed yet, oldest first. */
  queuedTransactionMessages?(): QueuedTxMessage[];
}

type Waiter = (conf: Record<string, unknown> | undefined) => void;

export class TxDelivery {
  #ctx: TxDeliveryContext;
  #queue: TransactionQueue;
  #busy = false;
  #timer: TimerId | undefined;
  #waiters: Map<number, Waiter> | undefined;
  #stopped = false;
  #unsubscribe: () => void;

  constructor(ctx: TxDeliveryContext, queue: TransactionQueue) {
    this.#ctx = ctx;
    this.#queue = queue;
    this.#unsubscribe = queue.onDrop(this);
    ctx.events.on('accepted', this);
  }

  /** Open storage transactions of the caller (hold/release). */
  #held = 0;

  get queue(): TransactionQueue { return this.#queue; }

  view(): TxQueueView {
    const s = this.#queue.stats(this.#ctx.clock.now());
    return { length: s.size, bound: s.bound, dropped: { bound: s.dropped, afterAttempts: s.droppedAfterAttempts }, oldestAgeMs: s.oldestAgeMs, nextAttemptAt: this.#queue.nextAttemptAt() ?? null };
  }

  /** Start/StopTransaction messages not yet confirmed, oldest first (read on demand: it lists the queue). */
  queuedStartsAndStops(): QueuedTxMessage[] {
    const store = this.#queue.store;
    const out: QueuedTxMessage[] = [];
    for (const i of store.list()) {
      if (i.action === 'MeterValues') continue;
      out.push({ messageId: this.#messageId(i.seq), action: i.action, txRef: i.txRef, payload: i.payload, transactionId: store.transactionId(i.txRef) });
    }
    return out;
  }

  /**
   * Persists the message, then tries to send; resolves with the confirmation, or undefined if it was
   * dropped (refused at the bound, or given up). Throws only if the store itself fails.
   */
  submit(action: TxAction, payload: Record<string, unknown>, txRef: string): Promise<Record<string, unknown> | undefined> {
    let seq: number;
    try {
      seq = this.#queue.enqueue(action, payload, txRef, this.#ctx.clock.now()).seq;
    } catch (e) {
      if (isTwinError(e, 'TWIN_ERR_QUEUE_FULL')) return Promise.resolve(undefined); // counted and logged by #dropped
      throw e;
    }
    const p = new Promise<Record<string, unknown> | undefined>((resolve) => (this.#waiters ??= new Map()).set(seq, resolve));
    this.pump(); // (held while the caller's storage transaction is open: see hold())
    return p;
  }

  stop(): void { this.#stopped = true; this.#unsubscribe(); this.#ctx.clock.clearTimeout(this.#timer); }

  /**
   * Nothing is sent while the caller's storage transaction (StationStateStore.atomically) is open: a
   * message sent from inside it could reach the central system and then be rolled back by a crash, and
   * its sequence number, so its message id, handed out again to another message, which the central
   * system then takes for a retransmission of the first and never records (the kill -9 test caught
   * this). `release()` sends, in order, right after the commit.
   */
  hold(): void { this.#held++; }
  release(): void { if (--this.#held === 0) this.pump(); }

  pump(): void {
    if (this.#held > 0 || this.#busy || this.#stopped || !this.#ctx.uplink.online) return;
    const now = this.#ctx.clock.now();
    const ready = this.#queue.next(now);
    if (!ready) {
      const due = this.#queue.nextAttemptAt();
      this.#ctx.clock.clearTimeout(this.#timer);
      if (due !== undefined && due > now) this.#timer = this.#ctx.clock.setTimeout(() => this.pump(), due - now);
      return;
    }
    this.#busy = true;
    const { item, payload } = ready;
    const messageId = this.#messageId(item.seq);
    this.#ctx.uplink.call(item.action, payload as never, { messageId }).then((conf) => {
      this.#queue.confirmed(item.seq, conf as Record<string, unknown>);
      this.#resolve(item.seq, conf as Record<string, unknown>);
    }, (e: unknown) => {
      if (isTwinError(e, 'TWIN_ERR_OFFLINE') || isTwinError(e, 'TWIN_ERR_NOT_REGISTERED') || isTwinError(e, 'TWIN_ERR_RPC_CLOSED')) return; // waits for the link
      const outcome = this.#queue.failed(item.seq, this.#ctx.clock.now(), this.#ctx.config.int('MessageAttemptsTransactionEvent'), this.#ctx.config.int('MessageAttemptIntervalTransactionEvent'));
      if (outcome === 'retry') this.#ctx.log.log('warn', `${item.action} not processed by the central system, will retry`, { error: String(e), messageId });
    }).finally(() => {
      this.#busy = false;
      this.pump();
    });
  }

  /** The id a queued message goes out under, the same for all its transmissions. */
  #messageId(seq: number): string { return `${this.#queue.store.idPrefix}-${seq}`; }

  /** Registered: send what waits. */
  accepted(): void { this.pump(); }

  /** Disposal: no more sending, no timer left. */
  dispose(): void { this.stop(); }

  /** A message the queue dropped (at its bound, or after its attempts): logged, its waiter told. */
  dropped(d: Drop): void {
    this.#ctx.log.log('warn', `${d.action} dropped from the transaction queue: ${d.reason}`, { kind: d.kind, txRef: d.txRef, ...(d.seq !== undefined ? { seq: d.seq } : {}) });
    if (d.seq !== undefined) this.#resolve(d.seq, undefined);
    this.#ctx.events.emit('changed', { what: 'transactionQueue' });
  }

  #resolve(seq: number, conf: Record<string, unknown> | undefined): void {
    const w = this.#waiters?.get(seq);
    this.#waiters?.delete(seq);
    w?.(conf);
  }
}
