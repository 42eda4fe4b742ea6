import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionQueue, memoryQueueStore } from './index.ts';
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
