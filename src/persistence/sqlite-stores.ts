/**
 * The station's storage ports on SQLite: its state documents and its transaction-message queue, rows
 * keyed by station id so one database serves a whole fleet process. Every write is committed before
 * the call returns, so a message is on disk before it is sent. Lookups by seq use the primary key and the
 * bound's victim uses the (station_id, action, seq) index: both O(log n).
 */
import type { StationStateStore } from '../station/storage-port.ts';
import type { MessageQueueStore, QueuedMessage, TxAction } from '../queue/index.ts';
import type { Db } from './database.ts';

/**
 * The prepared statements of one database, shared by all its stations (every statement takes the
 * station id as a parameter). Prepared once per database: a statement holds native memory, and eighteen
 * per station cost a fleet of 10,000 about 650 MB (measured: 79 KiB RSS per twin before, 15 after).
 * State and queue statements are apart, so a store of one kind works on a database whose schema has
 * only its tables.
 */
function stateStatementsOf(db: Db) {
  return {
    get: db.prepare<[string, string], { value: string }>('SELECT value FROM station_state WHERE station_id = ? AND key = ?'),
    put: db.prepare('INSERT INTO station_state (station_id, key, value) VALUES (?, ?, ?) ON CONFLICT (station_id, key) DO UPDATE SET value = excluded.value'),
    del: db.prepare('DELETE FROM station_state WHERE station_id = ? AND key = ?'),
    keys: db.prepare<[string], { key: string }>('SELECT key FROM station_state WHERE station_id = ? ORDER BY key'),
  };
}

function queueStatementsOf(db: Db) {
  return {
    meta: db.prepare<[string], { id_prefix: string }>('SELECT id_prefix FROM queue_meta WHERE station_id = ?'),
    setMeta: db.prepare('INSERT INTO queue_meta (station_id, id_prefix) VALUES (?, ?)'),
    insert: db.prepare('INSERT INTO tx_queue (station_id, action, payload, tx_ref, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    head: db.prepare<[string], Row>('SELECT * FROM tx_queue WHERE station_id = ? ORDER BY seq LIMIT 1'),
    one: db.prepare<[string, number], Row>('SELECT * FROM tx_queue WHERE station_id = ? AND seq = ?'),
    oldest: db.prepare<[string, string], Row>('SELECT * FROM tx_queue WHERE station_id = ? AND action = ? ORDER BY seq LIMIT 1'),
    all: db.prepare<[string], Row>('SELECT * FROM tx_queue WHERE station_id = ? ORDER BY seq'),
    count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM tx_queue WHERE station_id = ?'),
    del: db.prepare('DELETE FROM tx_queue WHERE station_id = ? AND seq = ?'),
    upd: db.prepare('UPDATE tx_queue SET attempts = COALESCE(?, attempts), next_attempt_at = COALESCE(?, next_attempt_at), payload = COALESCE(?, payload) WHERE station_id = ? AND seq = ?'),
    setId: db.prepare('INSERT INTO tx_ids (station_id, tx_ref, transaction_id) VALUES (?, ?, ?) ON CONFLICT (station_id, tx_ref) DO UPDATE SET transaction_id = excluded.transaction_id'),
    getId: db.prepare<[string, string], { transaction_id: number }>('SELECT transaction_id FROM tx_ids WHERE station_id = ? AND tx_ref = ?'),
    drop: db.prepare('INSERT INTO queue_counters (station_id, dropped, dropped_after_attempts) VALUES (?, ?, ?) ON CONFLICT (station_id) DO UPDATE SET dropped = dropped + excluded.dropped, dropped_after_attempts = dropped_after_attempts + excluded.dropped_after_attempts'),
    drops: db.prepare<[string], { dropped: number; dropped_after_attempts: number }>('SELECT dropped, dropped_after_attempts FROM queue_counters WHERE station_id = ?'),
  };
}

/** Memo of `make(db)` per open database (a pure function of the database, like the validators per process). */
function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const memo = new WeakMap<Db, T>();
  return (db) => {
    let v = memo.get(db);
    if (v === undefined) memo.set(db, (v = make(db)));
    return v;
  };
}
const stateStatements = perDatabase(stateStatementsOf);
const queueStatements = perDatabase(queueStatementsOf);

/**
 * How many messages each station's queue holds, per database, as far as this process knows it: an idle
 * twin's queue is empty, and every boot asks for its head twice (the delivery pump and its retry timer),
 * a query each (about 3 % of a booting twin's CPU before). Shared by every store of a station in the
 * process (a rebuilt station makes a new store). A process owns its stations' queues (the station lock:
 * no other process writes them). A count is learnt and kept only outside a transaction: a write inside one
 * forgets it (the transaction may roll back), and the next query learns it again.
 */
const queueCounts = perDatabase((): Map<string, number> => new Map());

interface Row { seq: number; action: string; payload: string; tx_ref: string; attempts: number; next_attempt_at: number; created_at: number }
const toItem = (r: Row): QueuedMessage => ({ seq: r.seq, action: r.action as TxAction, payload: JSON.parse(r.payload) as Record<string, unknown>, txRef: r.tx_ref, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at });

/**
 * State documents saved with `saveSoon`, per database, not yet committed: station id → key → JSON text.
 * They are committed together, in one transaction, when the event loop next reaches its check phase
 * (`setImmediate`): a fleet's boot wave saves one document per twin (the interval of its first
 * BootNotification.conf), and a commit of its own cost each twin 77–86 µs of CPU in a 12,000-twin
 * process, more than any other step of its boot (decision D32). `flushStateWrites` commits them at once
 * (the database's close does it first, see database.ts). A group commit that fails throws from its
 * immediate, which ends the process.
 */
class StateWriteBehind {
  readonly #db: Db;
  readonly #put: ReturnType<typeof stateStatementsOf>['put'];
  #pending: Map<string, Map<string, string>> | undefined;
  constructor(db: Db) { this.#db = db; this.#put = stateStatements(db).put; }
  get(id: string, key: string): string | undefined { return this.#pending?.get(id)?.get(key); }
  keys(id: string): Iterable<string> { return this.#pending?.get(id)?.keys() ?? []; }
  add(id: string, key: string, json: string): void {
    if (this.#pending === undefined) {
      this.#pending = new Map();
      setImmediate(() => { if (this.#db.open) this.flush(); else this.#pending = undefined; });
    }
    let docs = this.#pending.get(id);
    if (docs === undefined) this.#pending.set(id, (docs = new Map()));
    docs.set(key, json);
  }
  /** A save or removal that commits now supersedes a pending document of the same key. */
  forget(id: string, key: string): void {
    const docs = this.#pending?.get(id);
    if (docs?.delete(key) && docs.size === 0) this.#pending!.delete(id);
  }
  flush(): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    if (pending.size === 0) return;
    this.#db.transaction(() => {
      for (const [id, docs] of pending) for (const [key, json] of docs) this.#put.run(id, key, json);
    })();
  }
}
const writeBehind = perDatabase((db) => new StateWriteBehind(db));

/** Commits the documents saved with `saveSoon` that wait for their group commit (before a close, in tests). */
export function flushStateWrites(db: Db): void { writeBehind(db).flush(); }

/** One station's state documents (a class: a fleet holds thousands). */
class SqliteStationStore implements StationStateStore {
  readonly #db: Db;
  readonly #st: ReturnType<typeof stateStatementsOf>;
  readonly #id: string;
  constructor(db: Db, stationId: string) { this.#db = db; this.#st = stateStatements(db); this.#id = stationId; }
  load<T>(key: string): T | undefined {
    const text = writeBehind(this.#db).get(this.#id, key) ?? this.#st.get.get(this.#id, key)?.value;
    return text !== undefined ? (JSON.parse(text) as T) : undefined;
  }
  save(key: string, value: unknown): void {
    writeBehind(this.#db).forget(this.#id, key);
    this.#st.put.run(this.#id, key, JSON.stringify(value));
  }
  /** Inside a transaction the document is written with it; outside, it joins the next group commit. */
  saveSoon(key: string, value: unknown): void {
    if (this.#db.inTransaction) { this.save(key, value); return; }
    writeBehind(this.#db).add(this.#id, key, JSON.stringify(value));
  }
  remove(key: string): void {
    writeBehind(this.#db).forget(this.#id, key);
    this.#st.del.run(this.#id, key);
  }
  keys(): string[] {
    const saved = this.#st.keys.all(this.#id).map((r) => r.key);
    const waiting = [...writeBehind(this.#db).keys(this.#id)].filter((k) => !saved.includes(k));
    return waiting.length === 0 ? saved : saved.concat(waiting).sort();
  }
  /** IMMEDIATE: it reads before it writes, and another process may share the file (shared-database.test.ts). */
  atomically(fn: () => void): void { this.#db.transaction(fn).immediate(); }
}

export function sqliteStationStore(db: Db, stationId: string): StationStateStore {
  return new SqliteStationStore(db, stationId);
}

/** One station's transaction-message queue (a class: a fleet holds thousands). */
class SqliteQueueStore implements MessageQueueStore {
  readonly idPrefix: string;
  readonly #db: Db;
  readonly #st: ReturnType<typeof queueStatementsOf>;
  readonly #counts: Map<string, number>;
  readonly #id: string;
  constructor(db: Db, stationId: string) {
    this.#db = db;
    this.#st = queueStatements(db);
    this.#counts = queueCounts(db);
    this.#id = stationId;
    let prefix = this.#st.meta.get(stationId)?.id_prefix;
    if (!prefix) {
      prefix = `q${Math.floor(Math.random() * 36 ** 8).toString(36)}`;
      this.#st.setMeta.run(stationId, prefix);
      // A station without its meta row had no store yet: its messages, if any, come from an older database.
      // None is the count even inside a transaction (no store wrote in it, so a rollback leaves none), and
      // is learnt here, while the fleet is built, rather than at the first boot.
      if (this.#st.count.get(stationId)!.n === 0) this.#counts.set(stationId, 0);
    }
    this.idPrefix = prefix;
  }
  append(item: Omit<QueuedMessage, 'seq'>): QueuedMessage {
    const r = this.#st.insert.run(this.#id, item.action, JSON.stringify(item.payload), item.txRef, item.attempts, item.nextAttemptAt, item.createdAt);
    this.#wrote(r.changes);
    return { ...item, seq: Number(r.lastInsertRowid) };
  }
  /** After a write of `delta` rows: the known count follows it, or is forgotten inside a transaction. */
  #wrote(delta: number): void {
    const known = this.#counts.get(this.#id);
    if (known === undefined) return;
    if (this.#db.inTransaction) this.#counts.delete(this.#id);
    else this.#counts.set(this.#id, known + delta);
  }
  peek(): QueuedMessage | undefined {
    if (this.size() === 0) return undefined;
    const r = this.#st.head.get(this.#id);
    return r ? toItem(r) : undefined;
  }
  get(seq: number): QueuedMessage | undefined { const r = this.#st.one.get(this.#id, seq); return r ? toItem(r) : undefined; }
  oldest(action: TxAction): QueuedMessage | undefined { const r = this.#st.oldest.get(this.#id, action); return r ? toItem(r) : undefined; }
  list(): QueuedMessage[] { return this.#st.all.all(this.#id).map(toItem); }
  update(seq: number, patch: Parameters<MessageQueueStore['update']>[1]): void {
    this.#st.upd.run(patch.attempts ?? null, patch.nextAttemptAt ?? null, patch.payload ? JSON.stringify(patch.payload) : null, this.#id, seq);
  }
  remove(seq: number): void { this.#wrote(-this.#st.del.run(this.#id, seq).changes); }
  size(): number {
    const known = this.#counts.get(this.#id);
    if (known !== undefined) return known;
    const n = this.#st.count.get(this.#id)!.n;
    if (!this.#db.inTransaction) this.#counts.set(this.#id, n);
    return n;
  }
  setTransactionId(txRef: string, id: number): void { this.#st.setId.run(this.#id, txRef, id); }
  transactionId(txRef: string): number | undefined { return this.#st.getId.get(this.#id, txRef)?.transaction_id; }
  recordDrop(kind: Parameters<MessageQueueStore['recordDrop']>[0]): void { this.#st.drop.run(this.#id, kind === 'bound' ? 1 : 0, kind === 'attempts' ? 1 : 0); }
  drops(): ReturnType<MessageQueueStore['drops']> { const r = this.#st.drops.get(this.#id); return { dropped: r?.dropped ?? 0, droppedAfterAttempts: r?.dropped_after_attempts ?? 0 }; }
}

export function sqliteQueueStore(db: Db, stationId: string): MessageQueueStore {
  return new SqliteQueueStore(db, stationId);
}
