/**
 * The durable FIFO of transaction-related messages (the store port), and an in-memory implementation.
 * The SQLite implementation lives in src/persistence/.
 *
 * Lookups by position (`get`, `oldest`) must not scan the queue: a drain of N messages confirms each
 * one by its seq, so a scan per confirmation would make the drain quadratic.
 */
export type TxAction = 'StartTransaction' | 'StopTransaction' | 'MeterValues';

export interface QueuedMessage {
  /** Monotonic position in the queue. */
  seq: number;
  action: TxAction;
  payload: Record<string, unknown>;
  /** The station's own reference of the transaction (known before the CSMS's transactionId). */
  txRef: string;
  /** Failed transmissions so far (CALLERROR or no answer); waiting offline does not count. */
  attempts: number;
  /** Clock time before which the message must not be sent again. */
  nextAttemptAt: number;
  createdAt: number;
}

export type DropKind = 'bound' | 'attempts';

export interface MessageQueueStore {
  /** Unique per queue (and kept with it): message ids are `<idPrefix>-<seq>`, stable across retries and restarts. */
  readonly idPrefix: string;
  append(item: Omit<QueuedMessage, 'seq'>): QueuedMessage;
  peek(): QueuedMessage | undefined;
  /** The queued message at `seq`, if still queued (O(1) in memory, O(log n) in SQLite). */
  get(seq: number): QueuedMessage | undefined;
  /** The oldest queued message of one action (the bound's victim), without scanning the queue. */
  oldest(action: TxAction): QueuedMessage | undefined;
  /** Every queued message in order (for views and tests; O(n)). */
  list(): QueuedMessage[];
  update(seq: number, patch: Partial<Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'payload'>>): void;
  remove(seq: number): void;
  size(): number;
  /** txRef → transactionId given by the CSMS (kept with the queue: both must survive a restart together). */
  setTransactionId(txRef: string, transactionId: number): void;
  transactionId(txRef: string): number | undefined;
  /** Counts a message dropped by the bound or after its attempts (kept so drops stay visible across restarts). */
  recordDrop(kind: DropKind): void;
  drops(): { dropped: number; droppedAfterAttempts: number };
}

/**
 * Seqs in ascending order with lazy removal: removed seqs are skipped when they reach the front, and the
 * array is compacted once the skipped prefix is large, so every operation is amortised O(1).
 */
class SeqLine {
  #seqs: number[] = [];
  #head = 0;
  push(seq: number): void { this.#seqs.push(seq); }
  /** The first sequence number still in `live` (skipping removed ones, compacting now and then). */
  first(live: ReadonlyMap<number, unknown>): number | undefined {
    while (this.#head < this.#seqs.length && !live.has(this.#seqs[this.#head]!)) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#seqs.length) { this.#seqs = this.#seqs.slice(this.#head); this.#head = 0; }
    return this.#head < this.#seqs.length ? this.#seqs[this.#head] : undefined;
  }
  live(live: ReadonlyMap<number, unknown>): number[] { return this.#seqs.slice(this.#head).filter((s) => live.has(s)); }
}

export function memoryQueueStore(): MessageQueueStore {
  return new MemoryQueueStore();
}

const copy = (i: QueuedMessage | undefined): QueuedMessage | undefined => (i ? { ...i } : undefined);
const NOTHING: ReadonlyMap<number, QueuedMessage> = new Map();

/** The queue in memory. A class with collections made on first use: an idle station's queue is empty. */
class MemoryQueueStore implements MessageQueueStore {
  readonly idPrefix = `m${Math.floor(Math.random() * 36 ** 8).toString(36)}`;
  #bySeq: Map<number, QueuedMessage> | undefined;
  #line: SeqLine | undefined;
  #byAction: Map<TxAction, SeqLine> | undefined;
  #ids: Map<string, number> | undefined;
  #dropped = 0;
  #droppedAfterAttempts = 0;
  #seq = 0;

  get #live(): ReadonlyMap<number, QueuedMessage> { return this.#bySeq ?? NOTHING; }

  append(item: Omit<QueuedMessage, 'seq'>): QueuedMessage {
    const q = { ...item, seq: ++this.#seq };
    (this.#bySeq ??= new Map()).set(q.seq, q);
    (this.#line ??= new SeqLine()).push(q.seq);
    const byAction = (this.#byAction ??= new Map());
    let l = byAction.get(q.action);
    if (!l) byAction.set(q.action, (l = new SeqLine()));
    l.push(q.seq);
    return { ...q };
  }

  peek(): QueuedMessage | undefined { const s = this.#line?.first(this.#live); return s === undefined ? undefined : copy(this.#live.get(s)); }
  get(seq: number): QueuedMessage | undefined { return copy(this.#live.get(seq)); }
  oldest(action: TxAction): QueuedMessage | undefined { const s = this.#byAction?.get(action)?.first(this.#live); return s === undefined ? undefined : copy(this.#live.get(s)); }
  list(): QueuedMessage[] { return (this.#line?.live(this.#live) ?? []).map((s) => ({ ...this.#live.get(s)! })); }
  update(seq: number, patch: Partial<Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'payload'>>): void { const i = this.#bySeq?.get(seq); if (i) Object.assign(i, patch); }
  remove(seq: number): void { this.#bySeq?.delete(seq); }
  size(): number { return this.#bySeq?.size ?? 0; }
  setTransactionId(txRef: string, transactionId: number): void { (this.#ids ??= new Map()).set(txRef, transactionId); }
  transactionId(txRef: string): number | undefined { return this.#ids?.get(txRef); }
  recordDrop(kind: 'bound' | 'attempts'): void { if (kind === 'bound') this.#dropped++; else this.#droppedAfterAttempts++; }
  drops(): { dropped: number; droppedAfterAttempts: number } { return { dropped: this.#dropped, droppedAfterAttempts: this.#droppedAfterAttempts }; }
}
