/**
 * The station's storage ports on SQLite: its state documents and its transaction-message queue, rows
 * keyed by station id so one database serves a whole fleet process. Every write is committed before
 * the call returns, so a message is on disk before it is sent. Lookups by seq use the primary key and the
 * bound's victim uses the (station_id, action, seq) index: both O(log n).
 */
import type { StationStateStore } from '../station/storage-port.ts';
import type { MessageQueueStore, QueuedMessage, TxAction } from '../queue/index.ts';
import type { Db } from './database.ts';

export function sqliteStationStore(db: Db, stationId: string): StationStateStore {
  const get = db.prepare<[string, string], { value: string }>('SELECT value FROM station_state WHERE station_id = ? AND key = ?');
  const put = db.prepare('INSERT INTO station_state (station_id, key, value) VALUES (?, ?, ?) ON CONFLICT (station_id, key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM station_state WHERE station_id = ? AND key = ?');
  const keys = db.prepare<[string], { key: string }>('SELECT key FROM station_state WHERE station_id = ? ORDER BY key');
  return {
    load<T>(key: string): T | undefined {
      const row = get.get(stationId, key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    save(key, value) { put.run(stationId, key, JSON.stringify(value)); },
    remove(key) { del.run(stationId, key); },
    keys: () => keys.all(stationId).map((r) => r.key),
    atomically: (fn) => { db.transaction(fn)(); },
  };
}

interface Row { seq: number; action: string; payload: string; tx_ref: string; attempts: number; next_attempt_at: number; created_at: number }
const toItem = (r: Row): QueuedMessage => ({ seq: r.seq, action: r.action as TxAction, payload: JSON.parse(r.payload) as Record<string, unknown>, txRef: r.tx_ref, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at });

export function sqliteQueueStore(db: Db, stationId: string): MessageQueueStore {
  const meta = db.prepare<[string], { id_prefix: string }>('SELECT id_prefix FROM queue_meta WHERE station_id = ?');
  let prefix = meta.get(stationId)?.id_prefix;
  if (!prefix) {
    prefix = `q${Math.floor(Math.random() * 36 ** 8).toString(36)}`;
    db.prepare('INSERT INTO queue_meta (station_id, id_prefix) VALUES (?, ?)').run(stationId, prefix);
  }
  const insert = db.prepare('INSERT INTO tx_queue (station_id, action, payload, tx_ref, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const head = db.prepare<[string], Row>('SELECT * FROM tx_queue WHERE station_id = ? ORDER BY seq LIMIT 1');
  const one = db.prepare<[string, number], Row>('SELECT * FROM tx_queue WHERE station_id = ? AND seq = ?');
  const oldest = db.prepare<[string, string], Row>('SELECT * FROM tx_queue WHERE station_id = ? AND action = ? ORDER BY seq LIMIT 1');
  const all = db.prepare<[string], Row>('SELECT * FROM tx_queue WHERE station_id = ? ORDER BY seq');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM tx_queue WHERE station_id = ?');
  const del = db.prepare('DELETE FROM tx_queue WHERE station_id = ? AND seq = ?');
  const upd = db.prepare('UPDATE tx_queue SET attempts = COALESCE(?, attempts), next_attempt_at = COALESCE(?, next_attempt_at), payload = COALESCE(?, payload) WHERE station_id = ? AND seq = ?');
  const setId = db.prepare('INSERT INTO tx_ids (station_id, tx_ref, transaction_id) VALUES (?, ?, ?) ON CONFLICT (station_id, tx_ref) DO UPDATE SET transaction_id = excluded.transaction_id');
  const getId = db.prepare<[string, string], { transaction_id: number }>('SELECT transaction_id FROM tx_ids WHERE station_id = ? AND tx_ref = ?');
  const drop = db.prepare('INSERT INTO queue_counters (station_id, dropped, dropped_after_attempts) VALUES (?, ?, ?) ON CONFLICT (station_id) DO UPDATE SET dropped = dropped + excluded.dropped, dropped_after_attempts = dropped_after_attempts + excluded.dropped_after_attempts');
  const drops = db.prepare<[string], { dropped: number; dropped_after_attempts: number }>('SELECT dropped, dropped_after_attempts FROM queue_counters WHERE station_id = ?');
  return {
    idPrefix: prefix,
    append(item) {
      const r = insert.run(stationId, item.action, JSON.stringify(item.payload), item.txRef, item.attempts, item.nextAttemptAt, item.createdAt);
      return { ...item, seq: Number(r.lastInsertRowid) };
    },
    peek() { const r = head.get(stationId); return r ? toItem(r) : undefined; },
    get(seq) { const r = one.get(stationId, seq); return r ? toItem(r) : undefined; },
    oldest(action) { const r = oldest.get(stationId, action); return r ? toItem(r) : undefined; },
    list: () => all.all(stationId).map(toItem),
    update(seq, patch) { upd.run(patch.attempts ?? null, patch.nextAttemptAt ?? null, patch.payload ? JSON.stringify(patch.payload) : null, stationId, seq); },
    remove(seq) { del.run(stationId, seq); },
    size: () => count.get(stationId)!.n,
    setTransactionId(txRef, id) { setId.run(stationId, txRef, id); },
    transactionId: (txRef) => getId.get(stationId, txRef)?.transaction_id,
    recordDrop(kind) { drop.run(stationId, kind === 'bound' ? 1 : 0, kind === 'attempts' ? 1 : 0); },
    drops() { const r = drops.get(stationId); return { dropped: r?.dropped ?? 0, droppedAfterAttempts: r?.dropped_after_attempts ?? 0 }; },
  };
}
