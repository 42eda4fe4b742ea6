/** Transaction-queue writes per second and per-message persist time: SQLite (WAL) against memory, same run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionQueue, memoryQueueStore, type MessageQueueStore } from '../src/queue/index.ts';
import { openDatabase, sqliteQueueStore } from '../src/persistence/index.ts';
import type { Figure } from './report.ts';

const payload = { connectorId: 1, transactionId: 0, meterValue: [{ timestamp: '2026-03-02T21:00:00.000Z', sampledValue: [{ value: '12345', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] };

function measure(store: MessageQueueStore, budgetMs: number): number {
  const q = new TransactionQueue(store, { maxItems: 1e9 });
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    const item = q.enqueue('MeterValues', payload, 'r', 0);
    q.confirmed(item.seq, {});
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function run(o: { quick: boolean }): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-bench-'));
  try {
    const budget = o.quick ? 300 : 1500;
    const mem = measure(memoryQueueStore(), budget);
    const out: Figure[] = [{ name: 'queue enqueue+deliver, in memory', value: mem, unit: 'msg/s' }];
    for (const durability of ['process', 'power'] as const) {
      const db = openDatabase(join(dir, `${durability}.db`), { durability });
      const rate = measure(sqliteQueueStore(db, 'B'), budget);
      out.push({ name: `queue enqueue+deliver, SQLite WAL (${durability === 'process' ? 'synchronous=NORMAL' : 'synchronous=FULL'})`, value: rate, unit: 'msg/s', note: `${(1e6 / rate).toFixed(0)} µs per message persisted and removed vs ${(1e6 / mem).toFixed(1)} µs in memory` });
      db.close();
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
