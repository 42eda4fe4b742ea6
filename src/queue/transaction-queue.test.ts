import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionQueue, memoryQueueStore, type MessageQueueStore } from './index.ts';
import { isTwinError } from '../shared/errors.ts';

test('OCPP 1.6 §4.8 transaction messages: strict FIFO, the head blocks what is behind it', () => {
  const q = new TransactionQueue(memoryQueueStore());
  q.enqueue('StartTransaction', { connectorId: 1 }, 'r1', 0);
  q.enqueue('MeterValues', { transactionId: 0 }, 'r1', 0);
  const head = q.next(0)!;
  assert.equal(head.item.action, 'StartTransaction');
  assert.equal(q.next(0)!.item.seq, head.item.seq, 'the same head until it is confirmed or dropped');
});

test('a transaction started offline: queued MeterValues/StopTransaction get the real transactionId once StartTransaction is confirmed', () => {
  const q = new TransactionQueue(memoryQueueStore());
  q.enqueue('StartTransaction', { connectorId: 1 }, 'r1', 0);
  q.enqueue('MeterValues', { transactionId: 0, x: 1 }, 'r1', 0);
  q.enqueue('StopTransaction', { transactionId: 0 }, 'r1', 0);
  q.confirmed(q.next(0)!.item.seq, { transactionId: 4711, idTagInfo: { status: 'Accepted' } });
  const mv = q.next(0)!;
  assert.deepEqual(mv.payload, { transactionId: 4711, x: 1 });
  q.confirmed(mv.item.seq, {});
  assert.equal(q.next(0)!.payload.transactionId, 4711);
});

test('OCPP 1.6 TransactionMessageAttempts/RetryInterval (guide MessageAttempts…): wait interval × attempts, drop after the last attempt', () => {
  const q = new TransactionQueue(memoryQueueStore());
  const seq = q.enqueue('StopTransaction', { transactionId: 0 }, 'r', 0).seq;
  q.store.setTransactionId('r', 1);
  assert.equal(q.failed(seq, 1000, 3, 60), 'retry');
  assert.equal(q.next(1000 + 59_999), undefined, 'first retry after 60 s');
  assert.ok(q.next(1000 + 60_000));
  assert.equal(q.failed(seq, 61_000, 3, 60), 'retry');
  assert.equal(q.nextAttemptAt(), 61_000 + 120_000, 'second retry after 2 × 60 s');
  assert.equal(q.failed(seq, 181_000, 3, 60), 'dropped');
  assert.equal(q.stats(0).droppedAfterAttempts, 1);
});

test('a StartTransaction given up takes the later messages of its transaction with it (they could not name it)', () => {
  const q = new TransactionQueue(memoryQueueStore());
  const s = q.enqueue('StartTransaction', {}, 'r1', 0).seq;
  q.enqueue('StopTransaction', { transactionId: 0 }, 'r1', 0);
  q.enqueue('StartTransaction', {}, 'r2', 0);
  assert.equal(q.failed(s, 0, 1, 1), 'dropped');
  assert.equal(q.next(0)!.item.txRef, 'r2');
  assert.equal(q.stats(0).droppedAfterAttempts, 2);
});

test('the bound: the oldest MeterValues make room; Start/Stop are never dropped by the bound', () => {
  const q = new TransactionQueue(memoryQueueStore(), { maxItems: 3 });
  q.enqueue('StartTransaction', {}, 'r', 0);
  q.enqueue('MeterValues', { n: 1 }, 'r', 0);
  q.enqueue('MeterValues', { n: 2 }, 'r', 0);
  q.enqueue('StopTransaction', {}, 'r', 0);
  assert.deepEqual(q.store.list().map((i) => i.action), ['StartTransaction', 'MeterValues', 'StopTransaction']);
  assert.equal(q.stats(0).dropped, 1);
  q.enqueue('StartTransaction', {}, 'r2', 0);
  assert.equal(q.store.size(), 3, 'the remaining MeterValues made room');
  q.enqueue('StopTransaction', {}, 'r2', 0);
  assert.equal(q.store.size(), 4, 'Start/Stop are kept even past the bound');
  assert.throws(() => q.enqueue('MeterValues', {}, 'r2', 0), (e) => isTwinError(e, 'TWIN_ERR_QUEUE_FULL'));
});

/** A memory store that counts calls to its O(n) `list`, to check the queue never scans per message. */
function countingStore(): { store: MessageQueueStore; listCalls: () => number } {
  const inner = memoryQueueStore();
  let calls = 0;
  const list = (): ReturnType<MessageQueueStore['list']> => { calls++; return inner.list(); };
  // A view of the store (a class with private state): `list` counted, every other member bound to it.
  const store = new Proxy(inner, { get: (t, k) => (k === 'list' ? list : typeof Reflect.get(t, k) === 'function' ? (Reflect.get(t, k) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, k)) });
  return { store, listCalls: () => calls };
}

test('draining 10,000 queued messages looks each one up by seq (no scan of the queue per message), in order', () => {
  const { store, listCalls } = countingStore();
  const q = new TransactionQueue(store);
  const N = 10_000;
  for (let t = 0; t < N / 100; t++) {
    q.enqueue('StartTransaction', { t }, `r${t}`, 0);
    for (let k = 0; k < 98; k++) q.enqueue('MeterValues', { t, k }, `r${t}`, 0);
    q.enqueue('StopTransaction', { t }, `r${t}`, 0);
  }
  assert.equal(store.size(), N);
  let sent = 0;
  let lastSeq = 0;
  for (let ready = q.next(0); ready && sent <= N; ready = q.next(0)) {
    assert.ok(ready.item.seq > lastSeq, 'strict FIFO');
    lastSeq = ready.item.seq;
    if (ready.item.action === 'MeterValues' && ready.item.seq % 7 === 0) assert.equal(q.failed(ready.item.seq, 0, 3, 0), 'retry');
    q.confirmed(ready.item.seq, ready.item.action === 'StartTransaction' ? { transactionId: 1000 + sent } : {});
    sent++;
  }
  assert.equal(sent, N);
  assert.equal(store.size(), 0);
  assert.equal(listCalls(), 0, 'confirmed()/failed()/next() never list the queue');
});

test('the bound: the MeterValues victim is found without listing the queue, and every drop is reported to listeners', () => {
  const { store, listCalls } = countingStore();
  const q = new TransactionQueue(store, { maxItems: 4 });
  const drops: string[] = [];
  q.onDrop((d) => drops.push(`${d.kind}:${d.action}:${d.seq ?? '-'}`));
  q.enqueue('StartTransaction', {}, 'r', 0);
  q.enqueue('StopTransaction', {}, 'r', 0);
  q.enqueue('StartTransaction', {}, 's', 0);
  const mv = q.enqueue('MeterValues', {}, 's', 0).seq;
  q.enqueue('StopTransaction', {}, 's', 0);
  assert.deepEqual(drops, [`bound:MeterValues:${mv}`]);
  assert.throws(() => q.enqueue('MeterValues', {}, 's', 0), (e) => isTwinError(e, 'TWIN_ERR_QUEUE_FULL'));
  assert.deepEqual(drops, [`bound:MeterValues:${mv}`, 'bound:MeterValues:-']);
  assert.deepEqual(q.stats(0), { size: 4, bound: 4, dropped: 2, droppedAfterAttempts: 0, oldestAgeMs: 0 });
  assert.equal(listCalls(), 0);
});
