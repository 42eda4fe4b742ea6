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
  first(alive: (seq: number) => boolean): number | undefined {
    while (this.#head < this.#seqs.length && !alive(this.#seqs[this.#head]!)) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#seqs.length) { this.#seqs = this.#seqs.slice(this.#head); this.#head = 0; }
    return this.#head < this.#seqs.length ? this.#seqs[this.#head] : undefined;
  }
  live(alive: (seq: number) => boolean): number[] { return this.#seqs.slice(this.#head).filter(alive); }
}

export function memoryQueueStore(): MessageQueueStore {
  const bySeq = new Map<number, QueuedMessage>();
  const line = new SeqLine();
  const byAction = new Map<TxAction, SeqLine>();
  const alive = (s: number): boolean => bySeq.has(s);
  const ids = new Map<string, number>();
  const counters = { dropped: 0, droppedAfterAttempts: 0 };
  let seq = 0;
  const copy = (i: QueuedMessage | undefined): QueuedMessage | undefined => (i ? { ...i } : undefined);
  return {
    idPrefix: `m${Math.floor(Math.random() * 36 ** 8).toString(36)}`,
    append(item) {
      const q = { ...item, seq: ++seq };
      bySeq.set(q.seq, q);
      line.push(q.seq);
      let l = byAction.get(q.action);
      if (!l) byAction.set(q.action, (l = new SeqLine()));
      l.push(q.seq);
      return { ...q };
    },
    peek() { const s = line.first(alive); return s === undefined ? undefined : copy(bySeq.get(s)); },
    get: (s) => copy(bySeq.get(s)),
    oldest(action) { const s = byAction.get(action)?.first(alive); return s === undefined ? undefined : copy(bySeq.get(s)); },
    list: () => line.live(alive).map((s) => ({ ...bySeq.get(s)! })),
    update(s, patch) { const i = bySeq.get(s); if (i) Object.assign(i, patch); },
    remove(s) { bySeq.delete(s); },
    size: () => bySeq.size,
    setTransactionId(ref, id) { ids.set(ref, id); },
    transactionId: (ref) => ids.get(ref),
    recordDrop(kind) { if (kind === 'bound') counters.dropped++; else counters.droppedAfterAttempts++; },
    drops: () => ({ ...counters }),
  };
}
