/**
 * The durable FIFO of transaction-related messages (the store port), and an in-memory implementation.
 * The SQLite implementation lives in src/persistence/.
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

export interface MessageQueueStore {
  /** Unique per queue (and kept with it): message ids are `<idPrefix>-<seq>`, stable across retries and restarts. */
  readonly idPrefix: string;
  append(item: Omit<QueuedMessage, 'seq'>): QueuedMessage;
  peek(): QueuedMessage | undefined;
  list(): QueuedMessage[];
  update(seq: number, patch: Partial<Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'payload'>>): void;
  remove(seq: number): void;
  size(): number;
  /** txRef → transactionId given by the CSMS (kept with the queue: both must survive a restart together). */
  setTransactionId(txRef: string, transactionId: number): void;
  transactionId(txRef: string): number | undefined;
  /** Counts a message dropped by the bound or after its attempts (kept so drops stay visible across restarts). */
  recordDrop(kind: 'bound' | 'attempts'): void;
  drops(): { dropped: number; droppedAfterAttempts: number };
}

export function memoryQueueStore(): MessageQueueStore {
  const items: QueuedMessage[] = [];
  const ids = new Map<string, number>();
  const counters = { dropped: 0, droppedAfterAttempts: 0 };
  let seq = 0;
  return {
    idPrefix: `m${Math.floor(Math.random() * 36 ** 8).toString(36)}`,
    append(item) { const q = { ...item, seq: ++seq }; items.push(q); return q; },
    peek: () => items[0],
    list: () => items.map((i) => ({ ...i })),
    update(s, patch) { const i = items.find((x) => x.seq === s); if (i) Object.assign(i, patch); },
    remove(s) { const k = items.findIndex((x) => x.seq === s); if (k >= 0) items.splice(k, 1); },
    size: () => items.length,
    setTransactionId(ref, id) { ids.set(ref, id); },
    transactionId: (ref) => ids.get(ref),
    recordDrop(kind) { if (kind === 'bound') counters.dropped++; else counters.droppedAfterAttempts++; },
    drops: () => ({ ...counters }),
  };
}
