import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { createLoopbackPair } from './transports/loopback.ts';
import { FaultGate } from './fault-gate.ts';
import { FaultInjector } from './fault-injection.ts';

/** A gate on end a of a loopback pair, with its tap and what each side received. */
function rig() {
  const clock = new SimulatedClock();
  const pair = createLoopbackPair();
  const host = { faults: new FaultInjector() as FaultInjector | undefined };
  const logged: Array<[string, string, string | undefined]> = [];
  const gate = new FaultGate(pair.a, host, clock, { frame: (d, t, i) => { logged.push([d, t, i]); } });
  const atStation: string[] = [];
  const atPeer: string[] = [];
  gate.attach({ message: (t) => { atStation.push(t); }, close: () => {} });
  pair.b.attach({ message: (t) => { atPeer.push(t); }, close: () => {} });
  return { clock, pair, host, gate, logged, atStation, atPeer };
}
const call = (i: number): string => JSON.stringify([2, `m${i}`, 'Heartbeat', {}]);

test('fault gate: with no rule it taps every frame unmarked and passes it at once', async () => {
  const r = rig();
  r.host.faults = undefined;
  r.gate.send(call(1));
  r.pair.b.send(call(2));
  await r.clock.advance(0);
  assert.deepEqual([r.atPeer, r.atStation], [[call(1)], [call(2)]]);
  assert.deepEqual(r.logged, [['out', call(1), undefined], ['in', call(2), undefined]]);
});

test('fault gate: link jitter never reorders frames in either direction (a websocket does not); each is marked with the delay it got', async () => {
  const r = rig();
  r.host.faults!.add({ direction: 'link', latencyMs: 10, jitterMs: 100, seed: 42 });
  for (let i = 0; i < 20; i++) { r.gate.send(call(i)); r.pair.b.send(call(100 + i)); }
  await r.clock.advance(0);
  assert.deepEqual(r.atPeer, [], 'nothing before the latency');
  await r.clock.advance(10 + 100 + 1);
  await r.clock.advance(0);
  assert.deepEqual(r.atPeer, Array.from({ length: 20 }, (_, i) => call(i)));
  assert.deepEqual(r.atStation, Array.from({ length: 20 }, (_, i) => call(100 + i)));
  const marks = r.logged.map(([, , m]) => Number(/^latency (\d+)ms$/.exec(m ?? '')?.[1]));
  assert.ok(marks.every((ms) => ms >= 10 && ms <= 110), JSON.stringify(marks));
});

test('fault gate: a closed socket drops the frames held back (nothing is sent or delivered after close)', async () => {
  const r = rig();
  r.host.faults!.add({ direction: 'outgoing', mode: 'delay', ms: 50 });
  r.gate.send(call(1));
  r.gate.close(1000);
  await r.clock.advance(100);
  assert.deepEqual(r.atPeer, []);
  assert.deepEqual(r.logged, []);
});
