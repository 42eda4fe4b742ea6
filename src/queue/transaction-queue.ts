/**
 * The delivery policy of transaction-related messages (OCPP 1.6 §4.8 / §3.x "transaction-related
 * messages"), as pure decisions over a store: strict FIFO, one in flight, persisted before it is sent,
 * retried after CALLERROR or silence per MessageAttemptsTransactionEvent / MessageAttemptInterval-
 * TransactionEvent (the guide's names for TransactionMessageAttempts / TransactionMessageRetryInterval),
 * transaction ids filled in once the CSMS has given them, and a bound with a documented policy.
 */
import { TwinError } from '../shared/errors.ts';
import type { DropKind, MessageQueueStore, QueuedMessage, TxAction } from './queue-store.ts';

export const DEFAULT_QUEUE_BOUND = 10_000;

export interface QueueStats {
  size: number;
  /** Messages the queue holds before it drops MeterValues to make room. */
  bound: number;
  /** Dropped at the bound (only MeterValues are). */
  dropped: number;
  /** Dropped after MessageAttemptsTransactionEvent failed attempts, or because their StartTransaction was. */
  droppedAfterAttempts: number;
  oldestAgeMs: number;
}

export interface Ready { item: QueuedMessage; payload: Record<string, unknown> }

/** A message the queue gave up: `seq` is absent for a MeterValues refused at the bound (it was never queued). */
export interface Drop { kind: DropKind; action: TxAction; txRef: string; seq?: number; reason: string }

/** Hears drops: a function, or an object's `dropped` (no closure per station). */
export type DropListener = ((d: Drop) => void) | { dropped(d: Drop): void };

export class TransactionQueue {
  #store: MessageQueueStore;
  #maxItems: number;
  #onDrop: Array<DropListener> = [];

  constructor(store: MessageQueueStore, options: { maxItems?: number } = {}) {
    this.#store = store;
    this.#maxItems = options.maxItems ?? DEFAULT_QUEUE_BOUND;
  }

  get store(): MessageQueueStore { return this.#store; }
  get bound(): number { return this.#maxItems; }

  /** Listens to every message the queue drops (after it was counted). Returns an unsubscribe function. */
  onDrop(fn: DropListener): () => void {
    this.#onDrop = this.#onDrop.concat([fn]); // exact size (push would grow a 17-slot store per station)
    return () => { this.#onDrop = this.#onDrop.filter((f) => f !== fn); };
  }

  #drop(d: Drop): void {
    if (d.seq !== undefined) this.#store.remove(d.seq);
    this.#store.recordDrop(d.kind);
    for (const l of this.#onDrop) { if (typeof l === 'function') l(d); else l.dropped(d); }
  }

  /**
   * Persists a message before anything is sent. At the bound, the oldest MeterValues is dropped to make
   * room; StartTransaction and StopTransaction are never dropped by the bound. A MeterValues that finds
   * only Start/Stop at the bound is refused: it is counted, reported to the drop listeners, and the call
   * throws TWIN_ERR_QUEUE_FULL (the caller decides how to carry on; TxDelivery resolves it as dropped).
   */
  enqueue(action: TxAction, payload: Record<string, unknown>, txRef: string, now: number): QueuedMessage {
    if (this.#store.size() >= this.#maxItems) {
      const victim = this.#store.oldest('MeterValues');
      if (victim) this.#drop({ kind: 'bound', action: victim.action, txRef: victim.txRef, seq: victim.seq, reason: `queue at its bound of ${this.#maxItems}: the oldest MeterValues makes room` });
      else if (action === 'MeterValues') {
        const reason = `queue at its bound of ${this.#maxItems} and full of Start/StopTransaction: MeterValues refused`;
        this.#drop({ kind: 'bound', action, txRef, reason });
        throw new TwinError('TWIN_ERR_QUEUE_FULL', reason, { details: { bound: this.#maxItems } });
      }
    }
    return this.#store.append({ action, payload, txRef, attempts: 0, nextAttemptAt: now, createdAt: now });
  }

  /** The head message if it may be sent at `now`, with its transactionId filled in. */
  next(now: number): Ready | undefined {
    for (;;) {
      const head = this.#store.peek();
      if (!head) return undefined;
      if (head.nextAttemptAt > now) return undefined;
      if (head.action === 'StartTransaction') return { item: head, payload: head.payload };
      const id = this.#store.transactionId(head.txRef);
      if (id === undefined) {
        // The StartTransaction of this transaction is neither queued ahead nor confirmed (it was given
        // up after its attempts): the message cannot name its transaction, so it is dropped too.
        this.#drop({ kind: 'attempts', action: head.action, txRef: head.txRef, seq: head.seq, reason: 'its StartTransaction was given up' });
        continue;
      }
      return { item: head, payload: { ...head.payload, transactionId: id } };
    }
  }

  /** Earliest time a retry is due (to arm one timer). */
  nextAttemptAt(): number | undefined { return this.#store.peek()?.nextAttemptAt; }

  /** Whether a message is still queued (not confirmed, not dropped). */
  has(seq: number): boolean { return this.#store.get(seq) !== undefined; }

  confirmed(seq: number, conf: Record<string, unknown>): void {
    const item = this.#store.get(seq);
    if (item?.action === 'StartTransaction' && typeof conf.transactionId === 'number') this.#store.setTransactionId(item.txRef, conf.transactionId);
    this.#store.remove(seq);
  }

  /**
   * The CSMS answered with a CALLERROR or not at all. After `attemptsMax` failed transmissions the
   * message is dropped (1.6 §4.8 lets the station give up); a dropped StartTransaction takes its
   * transaction's later messages with it. Otherwise it waits interval × (failed transmissions so far)
   * before the next try: 1 × interval after the first failure, 2 × after the second, …
   */
  failed(seq: number, now: number, attemptsMax: number, intervalS: number): 'retry' | 'dropped' {
    const item = this.#store.get(seq);
    if (!item) return 'dropped';
    const attempts = item.attempts + 1;
    if (attempts >= attemptsMax) {
      this.#drop({ kind: 'attempts', action: item.action, txRef: item.txRef, seq, reason: `not processed after ${attempts} attempts` });
      return 'dropped';
    }
    this.#store.update(seq, { attempts, nextAttemptAt: now + intervalS * 1000 * attempts });
    return 'retry';
  }

  stats(now: number): QueueStats {
    const head = this.#store.peek();
    const d = this.#store.drops();
    return { size: this.#store.size(), bound: this.#maxItems, dropped: d.dropped, droppedAfterAttempts: d.droppedAfterAttempts, oldestAgeMs: head ? now - head.createdAt : 0 };
  }
}
