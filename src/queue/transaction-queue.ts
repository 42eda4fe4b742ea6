/**
 * The delivery policy of transaction-related messages (OCPP 1.6 §4.8 / §3.x "transaction-related
 * messages"), as pure decisions over a store: strict FIFO, one in flight, persisted before it is sent,
 * retried after CALLERROR or silence per MessageAttemptsTransactionEvent / MessageAttemptInterval-
 * TransactionEvent (the guide's names for TransactionMessageAttempts / TransactionMessageRetryInterval),
 * transaction ids filled in once the CSMS has given them, and a bound with a documented policy.
 */
import { TwinError } from '../shared/errors.ts';
import type { MessageQueueStore, QueuedMessage, TxAction } from './queue-store.ts';

export interface QueueStats { size: number; dropped: number; droppedAfterAttempts: number; oldestAgeMs: number }

export interface Ready { item: QueuedMessage; payload: Record<string, unknown> }

export class TransactionQueue {
  #store: MessageQueueStore;
  #maxItems: number;

  constructor(store: MessageQueueStore, options: { maxItems?: number } = {}) {
    this.#store = store;
    this.#maxItems = options.maxItems ?? 10_000;
  }

  get store(): MessageQueueStore { return this.#store; }

  /**
   * Persists a message before anything is sent. At the bound, the oldest periodic MeterValues is dropped
   * to make room; StartTransaction and StopTransaction are never dropped by the bound.
   */
  enqueue(action: TxAction, payload: Record<string, unknown>, txRef: string, now: number): QueuedMessage {
    if (this.#store.size() >= this.#maxItems) {
      const victim = this.#store.list().find((i) => i.action === 'MeterValues');
      if (victim) { this.#store.remove(victim.seq); this.#store.recordDrop('bound'); }
      else if (action === 'MeterValues') { this.#store.recordDrop('bound'); throw new TwinError('TWIN_ERR_QUEUE_FULL', 'transaction queue full of Start/StopTransaction; MeterValues dropped'); }
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
        this.#store.remove(head.seq);
        this.#store.recordDrop('attempts');
        continue;
      }
      return { item: head, payload: { ...head.payload, transactionId: id } };
    }
  }

  /** Earliest time a retry is due (to arm one timer). */
  nextAttemptAt(): number | undefined { return this.#store.peek()?.nextAttemptAt; }

  confirmed(seq: number, conf: Record<string, unknown>): void {
    const item = this.#store.list().find((i) => i.seq === seq);
    if (item?.action === 'StartTransaction' && typeof conf.transactionId === 'number') this.#store.setTransactionId(item.txRef, conf.transactionId);
    this.#store.remove(seq);
  }

  /**
   * The CSMS answered with a CALLERROR or not at all. After `attemptsMax` failed transmissions the
   * message is dropped (1.6 §4.8 lets the station give up); a dropped StartTransaction takes its
   * transaction's later messages with it. Otherwise it waits interval × attempts before the next try.
   */
  failed(seq: number, now: number, attemptsMax: number, intervalS: number): 'retry' | 'dropped' {
    const item = this.#store.list().find((i) => i.seq === seq);
    if (!item) return 'dropped';
    const attempts = item.attempts + 1;
    if (attempts >= attemptsMax) {
      this.#store.remove(seq);
      this.#store.recordDrop('attempts');
      return 'dropped';
    }
    this.#store.update(seq, { attempts, nextAttemptAt: now + intervalS * 1000 * attempts });
    return 'retry';
  }

  stats(now: number): QueueStats {
    const head = this.#store.peek();
    const d = this.#store.drops();
    return { size: this.#store.size(), dropped: d.dropped, droppedAfterAttempts: d.droppedAfterAttempts, oldestAgeMs: head ? now - head.createdAt : 0 };
  }
}
