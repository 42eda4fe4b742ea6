import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDatabase, schemaVersion } from './database.ts';
import { sqliteQueueStore, sqliteStationStore } from './sqlite-stores.ts';
import { memoryStationStore, type StationStateStore } from '../station/storage-port.ts';
import { memoryQueueStore, type MessageQueueStore } from '../queue/index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'chargetwin-db-'));

test('migrations: an empty database is brought to the latest version, in order, once', () => {
  const db = new Database(':memory:');
  assert.deepEqual(migrate(db), loadMigrations().map((m) => m.version));
  assert.equal(schemaVersion(db), loadMigrations().at(-1)!.version);
  assert.deepEqual(migrate(db), [], 'nothing to apply the second time');
});

test('migrations: a database at version 1 with data keeps its data when migrated to the latest', () => {
  const db = new Database(':memory:');
  migrate(db, loadMigrations().filter((m) => m.version === 1));
  assert.equal(schemaVersion(db), 1);
  sqliteStationStore(db, 'A').save('config', { values: { HeartbeatInterval: '60' } });
  db.prepare("INSERT INTO tx_queue (station_id, action, payload, tx_ref, attempts, next_attempt_at, created_at) VALUES ('A', 'StartTransaction', '{}', 'r1', 0, 0, 0)").run();
  migrate(db);
  assert.equal(schemaVersion(db), loadMigrations().at(-1)!.version);
  assert.deepEqual(sqliteStationStore(db, 'A').load('config'), { values: { HeartbeatInterval: '60' } });
  assert.equal(sqliteQueueStore(db, 'A').size(), 1);
});

const stateStores: Array<[string, () => StationStateStore]> = [['memory', memoryStationStore], ['sqlite', () => sqliteStationStore(openDatabase(':memory:'), 'S')]];
for (const [name, make] of stateStores) {
  test(`StationStateStore contract (${name}): save, load, overwrite, remove, keys`, () => {
    const s = make();
    assert.equal(s.load('x'), undefined);
    s.save('config', { a: 1 });
    s.save('config', { a: 2 });
    s.save('sessions', [1, 2]);
    assert.deepEqual(s.load('config'), { a: 2 });
    assert.deepEqual(s.keys().sort(), ['config', 'sessions']);
    s.remove('config');
    assert.deepEqual(s.keys(), ['sessions']);
  });
}

const queueStores: Array<[string, () => MessageQueueStore]> = [['memory', memoryQueueStore], ['sqlite', () => sqliteQueueStore(openDatabase(':memory:'), 'S')]];
for (const [name, make] of queueStores) {
  test(`MessageQueueStore contract (${name}): FIFO with monotonic seq, update, remove, transaction ids, drop counters`, () => {
    const q = make();
    const a = q.append({ action: 'StartTransaction', payload: { a: 1 }, txRef: 'r', attempts: 0, nextAttemptAt: 5, createdAt: 1 });
    const b = q.append({ action: 'MeterValues', payload: { b: 2 }, txRef: 'r', attempts: 0, nextAttemptAt: 5, createdAt: 2 });
    assert.ok(b.seq > a.seq);
    assert.equal(q.peek()?.seq, a.seq);
    q.update(a.seq, { attempts: 2, nextAttemptAt: 99 });
    assert.deepEqual({ ...q.peek()!, seq: 0 }, { seq: 0, action: 'StartTransaction', payload: { a: 1 }, txRef: 'r', attempts: 2, nextAttemptAt: 99, createdAt: 1 });
    q.remove(a.seq);
    assert.equal(q.size(), 1);
    assert.deepEqual(q.list().map((i) => i.payload), [{ b: 2 }]);
    q.setTransactionId('r', 42);
    assert.equal(q.transactionId('r'), 42);
    q.recordDrop('bound');
    q.recordDrop('attempts');
    q.recordDrop('attempts');
    assert.deepEqual(q.drops(), { dropped: 1, droppedAfterAttempts: 2 });
    assert.match(q.idPrefix, /^[a-z0-9]+$/);
  });

  test(`MessageQueueStore contract (${name}): get by seq and oldest of an action, after removals`, () => {
    const q = make();
    const add = (action: 'StartTransaction' | 'StopTransaction' | 'MeterValues', n: number) => q.append({ action, payload: { n }, txRef: 'r', attempts: 0, nextAttemptAt: 0, createdAt: n }).seq;
    const s1 = add('StartTransaction', 1);
    const m1 = add('MeterValues', 2);
    const m2 = add('MeterValues', 3);
    const s2 = add('StopTransaction', 4);
    assert.deepEqual(q.get(m2)?.payload, { n: 3 });
    assert.equal(q.get(m2 + 1000), undefined);
    assert.equal(q.oldest('MeterValues')?.seq, m1);
    assert.equal(q.oldest('StopTransaction')?.seq, s2);
    q.remove(m1);
    assert.equal(q.get(m1), undefined, 'a removed message is gone');
    assert.equal(q.oldest('MeterValues')?.seq, m2);
    q.update(m2, { attempts: 3 });
    assert.equal(q.get(m2)?.attempts, 3);
    q.remove(m2);
    assert.equal(q.oldest('MeterValues'), undefined);
    q.remove(s1);
    assert.equal(q.peek()?.seq, s2);
    assert.deepEqual(q.list().map((i) => i.seq), [s2]);
  });
}

test('SQLite queue store: lookups by seq and the bound victim use an index, not a scan of the queue', () => {
  const db = openDatabase(':memory:');
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  assert.match(plan("SELECT * FROM tx_queue WHERE station_id = 'S' AND seq = 1"), /USING INTEGER PRIMARY KEY/);
  assert.match(plan("SELECT * FROM tx_queue WHERE station_id = 'S' AND action = 'MeterValues' ORDER BY seq LIMIT 1"), /USING (COVERING )?INDEX tx_queue_station_action/);
});

test('survives restart: state documents, queued messages, transaction ids, counters and the message-id prefix outlive the process', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'chargetwin.db');
    let db = openDatabase(file);
    sqliteStationStore(db, 'EVB-1').save('sessions', { connectors: [{ id: 1, energyWh: 1234 }] });
    const q1 = sqliteQueueStore(db, 'EVB-1');
    q1.append({ action: 'StopTransaction', payload: { meterStop: 1234 }, txRef: 'ref-1', attempts: 1, nextAttemptAt: 10, createdAt: 3 });
    q1.setTransactionId('ref-1', 77);
    q1.recordDrop('bound');
    const prefix = q1.idPrefix;
    db.close();
    db = openDatabase(file);
    assert.deepEqual(sqliteStationStore(db, 'EVB-1').load('sessions'), { connectors: [{ id: 1, energyWh: 1234 }] });
    const q2 = sqliteQueueStore(db, 'EVB-1');
    assert.equal(q2.idPrefix, prefix);
    assert.deepEqual(q2.list().map((i) => [i.action, i.payload, i.attempts]), [['StopTransaction', { meterStop: 1234 }, 1]]);
    assert.equal(q2.transactionId('ref-1'), 77);
    assert.deepEqual(q2.drops(), { dropped: 1, droppedAfterAttempts: 0 });
    assert.equal(sqliteQueueStore(db, 'EVB-2').size(), 0, 'rows are per station');
    db.close();
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a fleet on one database prepares its statements once: the number of prepared statements does not grow with the stations', () => {
  const db = openDatabase(':memory:');
  let prepared = 0;
  const prepare = db.prepare.bind(db);
  (db as { prepare: typeof db.prepare }).prepare = ((sql: string) => { prepared++; return prepare(sql); }) as typeof db.prepare;
  const use = (id: string): void => {
    const state = sqliteStationStore(db, id);
    state.save('config', { id });
    const queue = sqliteQueueStore(db, id);
    queue.append({ action: 'StartTransaction', payload: { id }, txRef: `${id}-r`, attempts: 0, nextAttemptAt: 0, createdAt: 0 });
    assert.deepEqual(state.load('config'), { id });
    assert.equal(queue.size(), 1);
  };
  use('S-0');
  const afterOne = prepared;
  for (let i = 1; i < 200; i++) use(`S-${i}`);
  assert.equal(prepared, afterOne, `${prepared - afterOne} more statements prepared for 199 more stations`);
  assert.equal(sqliteQueueStore(db, 'S-7').peek()?.payload.id, 'S-7', 'each store still sees only its own station');
});

test('SQLite queue store: the count it keeps (an idle queue answers without a query) follows every store of the station and forgets a rolled-back transaction', () => {
  const db = openDatabase(':memory:');
  const item = (txRef: string) => ({ action: 'MeterValues' as const, payload: { txRef }, txRef, attempts: 0, nextAttemptAt: 0, createdAt: 0 });
  const a = sqliteQueueStore(db, 'EVB-1');
  assert.equal(a.peek(), undefined);
  // A station rebuilt at a reboot makes a new store: a message appended through it is seen by the old one.
  const b = sqliteQueueStore(db, 'EVB-1');
  const first = b.append(item('r1'));
  assert.equal(a.size(), 1);
  assert.equal(a.peek()?.seq, first.seq);
  // A transaction that rolls back takes its writes with it; the count does not keep them.
  assert.throws(() => db.transaction(() => { a.remove(first.seq); a.append(item('r2')); a.append(item('r3')); throw new Error('rolled back'); })());
  assert.equal(a.size(), 1);
  assert.equal(b.peek()?.seq, first.seq);
  db.transaction(() => { a.append(item('r4')); })();
  assert.equal(b.size(), 2);
  a.remove(first.seq);
  a.remove(first.seq); // already gone: nothing changes
  assert.deepEqual(b.list().map((i) => i.txRef), ['r4']);
  assert.equal(b.size(), 1);
  assert.equal(sqliteQueueStore(db, 'EVB-2').peek(), undefined, 'counts are per station');
  // The process owns its stations' queues (the station lock): a row written behind the stores' back is
  // not seen by an empty queue's head until the count is learnt again (a new database handle).
  b.remove(b.peek()!.seq);
  assert.equal(a.peek(), undefined);
  db.prepare("INSERT INTO tx_queue (station_id, action, payload, tx_ref, attempts, next_attempt_at, created_at) VALUES ('EVB-1', 'MeterValues', '{}', 'x', 0, 0, 0)").run();
  assert.equal(a.peek(), undefined, 'the empty queue was answered from its count');
  // A new station's queue is known empty from the start, even when made inside a transaction.
  db.transaction(() => { sqliteQueueStore(db, 'EVB-3'); })();
  db.prepare("INSERT INTO tx_queue (station_id, action, payload, tx_ref, attempts, next_attempt_at, created_at) VALUES ('EVB-3', 'MeterValues', '{}', 'x', 0, 0, 0)").run();
  assert.equal(sqliteQueueStore(db, 'EVB-3').peek(), undefined, 'no query for a new station');
  db.close();
});

/** The committed document of a station, read straight from the table (what a crash would leave). */
const committed = (db: ReturnType<typeof openDatabase>, id: string, key: string): unknown => {
  const row = db.prepare<[string, string], { value: string }>('SELECT value FROM station_state WHERE station_id = ? AND key = ?').get(id, key);
  return row ? JSON.parse(row.value) : undefined;
};
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('saveSoon (decision D32): seen at once by load and keys, committed for all stations together when the event loop turns', async () => {
  const db = openDatabase(':memory:');
  const stores = ['A', 'B', 'C'].map((id) => sqliteStationStore(db, id));
  stores.forEach((s, i) => s.saveSoon!('config', { values: { HeartbeatInterval: String(60 + i) } }));
  assert.deepEqual(stores[1]!.load('config'), { values: { HeartbeatInterval: '61' } });
  assert.deepEqual(stores[2]!.keys(), ['config']);
  assert.equal(committed(db, 'A', 'config'), undefined, 'not committed within the same turn');
  await nextTurn();
  assert.deepEqual(['A', 'B', 'C'].map((id) => committed(db, id, 'config')), [60, 61, 62].map((n) => ({ values: { HeartbeatInterval: String(n) } })));
  db.close();
});

test('saveSoon (decision D32): a save or a removal of the same key in the same turn is not overwritten by the group commit', async () => {
  const db = openDatabase(':memory:');
  const a = sqliteStationStore(db, 'A'), b = sqliteStationStore(db, 'B');
  a.saveSoon!('config', { v: 'boot' });
  a.save('config', { v: 'changed' });
  b.save('config', { v: 'kept' });
  b.saveSoon!('config', { v: 'boot' });
  b.remove('config');
  await nextTurn();
  assert.deepEqual(committed(db, 'A', 'config'), { v: 'changed' });
  assert.equal(committed(db, 'B', 'config'), undefined);
  assert.deepEqual(b.keys(), []);
  db.close();
});

test('saveSoon (decision D32): inside a transaction it is written with the transaction, and rolled back with it', () => {
  const db = openDatabase(':memory:');
  const a = sqliteStationStore(db, 'A');
  a.atomically(() => a.saveSoon!('config', { v: 1 }));
  assert.deepEqual(committed(db, 'A', 'config'), { v: 1 });
  assert.throws(() => a.atomically(() => { a.saveSoon!('config', { v: 2 }); throw new Error('roll back'); }), /roll back/);
  assert.deepEqual(a.load('config'), { v: 1 });
  db.close();
});

test('saveSoon (decision D32): closing the database commits what waits first, so a reopened database has it', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'state.db');
    const db = openDatabase(file);
    sqliteStationStore(db, 'A').saveSoon!('config', { values: { HeartbeatInterval: '60' } });
    db.close();
    const again = openDatabase(file);
    assert.deepEqual(sqliteStationStore(again, 'A').load('config'), { values: { HeartbeatInterval: '60' } });
    again.close();
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
