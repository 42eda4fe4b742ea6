import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameRing } from './frame-ring.ts';

test('frame ring keeps the last N frames oldest first, numbered, and wraps', () => {
  const ring = new FrameRing(3);
  for (let i = 1; i <= 5; i++) ring.push(i * 1000, 'out', `[2,"m${i}","Heartbeat",{}]`);
  assert.deepEqual(ring.list().map((f) => [f.seq, f.at]), [[3, 3000], [4, 4000], [5, 5000]]);
  assert.deepEqual(ring.list({ limit: 2 }).map((f) => f.seq), [4, 5]);
  assert.deepEqual(ring.list({ since: 4500 }).map((f) => f.seq), [5]);
  const partial = new FrameRing(10);
  partial.push(1, 'in', '[2,"a","Reset",{"type":"Soft"}]');
  assert.deepEqual(partial.list().map((f) => f.seq), [1], 'a ring not yet full lists only what it holds');
});

test('frame ring labels a CALLRESULT and a CALLERROR with their call\'s action, and an unknown id with none', () => {
  const ring = new FrameRing(20);
  ring.push(1, 'out', '[2,"b1","BootNotification",{"chargePointVendor":"v","chargePointModel":"m"}]');
  ring.push(2, 'in', '[2,"c1","Reset",{"type":"Soft"}]');
  ring.push(3, 'out', '[3,"c1",{"status":"Accepted"}]');
  ring.push(4, 'in', '[3,"b1",{"status":"Accepted","currentTime":"2026-01-01T00:00:00Z","interval":60}]');
  for (let i = 0; i < 6; i++) ring.push(5 + i, 'out', `[2,"h${i}","Heartbeat",{}]`);
  ring.push(20, 'in', '[4,"h5","InternalError","",{}]');
  ring.push(21, 'in', '[3,"never-sent",{}]');
  ring.push(22, 'in', 'not json');
  const byAt = new Map(ring.list().map((f) => [f.at, [f.type, f.action]]));
  assert.deepEqual(byAt.get(3), [3, 'Reset']);
  assert.deepEqual(byAt.get(4), [3, 'BootNotification']);
  assert.deepEqual(byAt.get(20), [4, 'Heartbeat']);
  assert.deepEqual(byAt.get(21), [3, '']);
  assert.deepEqual(byAt.get(22), [0, '']);
  assert.deepEqual(ring.list({ action: 'Reset' }).map((f) => f.at), [2, 3]);
  assert.deepEqual(ring.list({ action: 'Heartbeat', direction: 'in' }).map((f) => f.at), [20]);
});

test('frame ring never holds an AuthorizationKey sent by ChangeConfiguration', () => {
  const ring = new FrameRing(5);
  ring.push(1, 'in', '[2,"k1","ChangeConfiguration",{"key":"AuthorizationKey","value":"0123456789abcdef0123"}]');
  assert.doesNotMatch(JSON.stringify(ring.list()), /0123456789abcdef0123/);
});

test('frame ring: an action outside the OCPP 1.6 catalog is kept as sent; a ring filled past its capacity keeps the newest, in order', () => {
  const ring = new FrameRing(500);
  ring.push(1, 'in', '[2,"x1","NoSuchAction",{}]');
  ring.push(2, 'out', '[3,"x1",{}]');
  assert.deepEqual(ring.list().map((f) => f.action), ['NoSuchAction', 'NoSuchAction']);
  for (let i = 3; i <= 620; i++) ring.push(i, 'out', `[2,"h${i}","Heartbeat",{}]`);
  const kept = ring.list();
  assert.equal(kept.length, 500);
  assert.deepEqual([kept[0]!.at, kept[499]!.at], [121, 620]);
  assert.ok(kept.every((f, i) => f.at === 121 + i && f.action === 'Heartbeat'));
});

test('frame ring lists each frame exactly as push returned it: injected faults, unusual message types, fractional and early times, across a wrap', () => {
  const ring = new FrameRing(4);
  const pushed = [
    ring.push(1_700_000_000_000, 'out', '[2,"a","Heartbeat",{}]'),
    ring.push(1_700_000_000_500.25, 'in', '[3,"a",{"currentTime":"2026-01-01T00:00:00Z"}]', 'delay 500ms'),
    ring.push(1_699_999_999_000, 'in', '[9,"z"]'),
    ring.push(1_700_000_001_000, 'out', '[2.5,"y"]', 'duplicate'),
    ring.push(1_700_000_002_000, 'in', '[2,"q","Frobnicate",{}]'),
    ring.push(1_700_000_003_000, 'out', '[3,"q",{}]'),
  ];
  assert.deepEqual(ring.list(), pushed.slice(2));
  assert.deepEqual(ring.list().map((f) => f.seq), [3, 4, 5, 6]);
  assert.deepEqual(pushed[1], { seq: 2, at: 1_700_000_000_500.25, direction: 'in', text: '[3,"a",{"currentTime":"2026-01-01T00:00:00Z"}]', type: 3, action: 'Heartbeat', injected: 'delay 500ms' });
  assert.deepEqual(Object.keys(ring.list()[1]!), ['seq', 'at', 'direction', 'text', 'type', 'action', 'injected']);
  const whole = new FrameRing(3);
  const first = [whole.push(5.5, 'out', '[2,"h","Heartbeat",{}]'), whole.push(7, 'in', '[3,"h",{}]', 'override')];
  assert.deepEqual(whole.list(), first);
});

test('frame ring resize: shrinking keeps the newest frames (numbers, times, labels unchanged); growing keeps all and fills to the new size', () => {
  const ring = new FrameRing(6);
  ring.push(1, 'out', '[2,"d1","DataTransfer",{"vendorId":"v"}]');
  for (let i = 2; i <= 9; i++) ring.push(i, i % 2 ? 'in' : 'out', i % 2 ? `[3,"h${i - 1}",{"currentTime":"2026-01-01T00:00:00Z"}]` : `[2,"h${i}","Heartbeat",{}]`);
  ring.resize(3);
  assert.equal(ring.capacity, 3);
  assert.deepEqual(ring.list().map((f) => [f.seq, f.at, f.direction, f.type, f.action]), [[7, 7, 'in', 3, 'Heartbeat'], [8, 8, 'out', 2, 'Heartbeat'], [9, 9, 'in', 3, 'Heartbeat']]);
  ring.push(10, 'out', '[2,"h10","Heartbeat",{}]');
  assert.deepEqual(ring.list().map((f) => f.seq), [8, 9, 10], 'a shrunk ring wraps at its new size');
  ring.resize(5);
  assert.deepEqual(ring.list().map((f) => f.seq), [8, 9, 10], 'growing drops nothing');
  for (let i = 11; i <= 14; i++) ring.push(i, 'out', `[2,"h${i}","Heartbeat",{}]`);
  assert.deepEqual(ring.list().map((f) => [f.seq, f.at]), [[10, 10], [11, 11], [12, 12], [13, 13], [14, 14]]);
  assert.equal(ring.total, 14);
  const empty = new FrameRing(4);
  empty.resize(50);
  empty.push(5, 'out', '[2,"x","Heartbeat",{}]');
  assert.deepEqual(empty.list().map((f) => f.seq), [1]);
});
