import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScaledClock } from '../../platform/scaled-clock.ts';
import { HandshakeGate } from './handshake-gate.ts';
import { connectWs } from './ws-client.ts';
import { startWsServer } from './ws-server.ts';

/** A promise with its settle functions, to play a handshake that ends when the test says so. */
function pending(): { promise: Promise<string>; resolve(v: string): void; reject(e: Error): void } {
  let resolve!: (v: string) => void, reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('handshake gate: at most `limit` attempts run at once, the others start first come first served, and a failed attempt frees its slot', async () => {
  const gate = new HandshakeGate(2);
  const attempts = Array.from({ length: 5 }, () => pending());
  const started: number[] = [];
  const results = attempts.map((a, i) => gate.run(() => { started.push(i); return a.promise; }).catch((e: Error) => `failed: ${e.message}`));
  await turn();
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual([gate.active, gate.waiting], [2, 3]);
  attempts[1]!.reject(new Error('refused'));
  await turn();
  assert.deepEqual(started, [0, 1, 2], 'the failed attempt gave its slot to the first waiting');
  attempts[0]!.resolve('open');
  attempts[2]!.resolve('open');
  await turn();
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
  assert.deepEqual([gate.active, gate.waiting], [2, 0]);
  attempts[3]!.resolve('open');
  attempts[4]!.resolve('open');
  assert.deepEqual(await Promise.all(results), ['open', 'failed: refused', 'open', 'open', 'open']);
  assert.deepEqual([gate.active, gate.waiting], [0, 0]);
  assert.throws(() => new HandshakeGate(0), RangeError);
});

test('handshake gate: thousands waiting are served in arrival order, across the waiting list\'s compactions, and arrivals meanwhile join its end', async () => {
  const gate = new HandshakeGate(1);
  const started: number[] = [];
  const attempt = (i: number): Promise<number> => gate.run(async () => { started.push(i); await turn(); return i; });
  const first = Array.from({ length: 3000 }, (_, i) => attempt(i));
  assert.deepEqual([gate.active, gate.waiting], [1, 2999]);
  while (started.length < 2000) await turn(); // past the compaction of the served part (≥ 1,024 and the larger half)
  const later = Array.from({ length: 500 }, (_, i) => attempt(3000 + i));
  assert.equal(gate.waiting, 3500 - started.length);
  assert.deepEqual(await Promise.all([...first, ...later]), Array.from({ length: 3500 }, (_, i) => i));
  assert.deepEqual(started, Array.from({ length: 3500 }, (_, i) => i));
  assert.deepEqual([gate.active, gate.waiting], [0, 0]);
});

test('handshake gate: 40 stations connecting at once through a gate of 3 all open, and a refused handshake gives its slot back', async () => {
  const server = await startWsServer({ port: 0, onConnection: () => {} });
  const clock = new ScaledClock();
  const gate = new HandshakeGate(3);
  try {
    const connecting = Array.from({ length: 40 }, (_, i) => connectWs({ csmsUrl: server.url, chargePointId: `GATE-${i}`, clock, gate }));
    assert.equal(gate.active, 3);
    const open = await Promise.all(connecting);
    assert.equal(open.filter((t) => t.isOpen).length, 40);
    assert.deepEqual([gate.active, gate.waiting], [0, 0]);
    for (const t of open) t.close(1000, '');
    await assert.rejects(connectWs({ csmsUrl: server.url.replace(/\/ocpp$/, '/elsewhere'), chargePointId: 'GATE-X', clock, gate }), /HTTP 404/);
    assert.deepEqual([gate.active, gate.waiting], [0, 0]);
  } finally {
    await server.close();
    clock.dispose();
  }
});
