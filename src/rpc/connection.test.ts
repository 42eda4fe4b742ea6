import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { isTwinError } from '../shared/errors.ts';
import { createRpcConnection } from './connection.ts';
import { createLoopbackPair } from './transports/loopback.ts';
import { RpcError } from './rpc-error.ts';
import { ScaledClock } from '../platform/scaled-clock.ts';

function setup() {
  const clock = new SimulatedClock();
  const pair = createLoopbackPair();
  const frames: Array<[string, string]> = [];
  const cp = createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock, callTimeoutMs: 5000, onFrame: (d, t) => frames.push([d, t]) });
  const cs = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  return { clock, pair, cp, cs, frames };
}
const tick = () => new Promise((r) => setImmediate(r));

test('OCPP-J 1.6 §4.1: typed call and handle round trip', async () => {
  const { cp, cs } = setup();
  cs.handle('BootNotification', (req) => ({ status: 'Accepted', currentTime: '2026-01-01T00:00:00.000Z', interval: req.chargePointModel.length }));
  const conf = await cp.call('BootNotification', { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVB3S22N4' });
  assert.equal(conf.status, 'Accepted');
  assert.equal(conf.interval, 9);
});

test('OCPP-J 1.6 §4.2.3: unknown action → NotImplemented; known but unhandled → NotSupported', async () => {
  const { cp, pair, frames } = setup();
  pair.b.attach({ message() {}, close() {} });
  const replies: string[] = [];
  const raw = createLoopbackPair();
  const conn = createRpcConnection<'ChargePoint'>({ transport: raw.a, role: 'ChargePoint', clock: new SimulatedClock() });
  conn.handle('Reset', () => ({ status: 'Accepted' }));
  raw.b.attach({ message: (t) => replies.push(t), close() {} });
  raw.b.send('[2,"1","FlyToTheMoon",{}]');
  raw.b.send('[2,"2","SendLocalList",{"listVersion":1,"updateType":"Full"}]');
  raw.b.send('[2,"3","Reset",{"type":"Sideways"}]');
  raw.b.send('[2,"4","Reset",{"type":"Soft"}]');
  raw.b.send('[2,"5","BootNotification",{"chargePointVendor":"x","chargePointModel":"y"}]');
  await tick();
  assert.deepEqual(replies.map((r) => JSON.parse(r).slice(0, 3)), [
    [4, '1', 'NotImplemented'], [4, '2', 'NotSupported'], [4, '3', 'PropertyConstraintViolation'], [3, '4', { status: 'Accepted' }], [4, '5', 'NotSupported'],
  ]);
  void cp; void frames;
});

test('OCPP-J 1.6 §4.1.1: one CALL in flight; the next waits for the answer', async () => {
  const { cp, cs, frames } = setup();
  let release: () => void = () => {};
  cs.handle('Heartbeat', () => new Promise((r) => { release = () => r({ currentTime: '2026-01-01T00:00:00.000Z' }); }));
  const p1 = cp.call('Heartbeat', {});
  const p2 = cp.call('Heartbeat', {});
  await tick();
  assert.equal(frames.filter(([d]) => d === 'out').length, 1, 'second CALL must wait');
  release();
  await p1;
  await tick();
  assert.equal(frames.filter(([d]) => d === 'out').length, 2);
  release();
  await p2;
  assert.notEqual(JSON.parse(frames[0]![1])[1], JSON.parse(frames[2]![1])[1], 'message ids are unique');
});

test('OCPP-J 1.6 §4.1.1: a call with no answer times out on the clock, and the next call proceeds', async () => {
  const { cp, pair, clock } = setup();
  pair.offline = true;
  const p = cp.call('Heartbeat', {});
  const q = cp.call('Heartbeat', {});
  const late = p.catch((e) => e);
  await clock.advance(5000);
  assert.ok(isTwinError(await late, 'TWIN_ERR_RPC_TIMEOUT'));
  await clock.advance(5000);
  assert.ok(isTwinError(await q.catch((e) => e), 'TWIN_ERR_RPC_TIMEOUT'));
});

test('OCPP-J 1.6 §4.2.3: a CALLERROR answer rejects the call with its code; corrected spelling accepted', async () => {
  const { cp, cs } = setup();
  cs.handle('Heartbeat', () => { throw new RpcError('OccurenceConstraintViolation', 'nope'); });
  const e = await cp.call('Heartbeat', {}).catch((x) => x);
  assert.ok(e instanceof RpcError);
  assert.equal(e.rpcCode, 'OccurenceConstraintViolation');
  const raw = createLoopbackPair();
  const conn = createRpcConnection<'ChargePoint'>({ transport: raw.a, role: 'ChargePoint', clock: new SimulatedClock() });
  raw.b.attach({ message: (t) => raw.b.send(JSON.stringify([4, JSON.parse(t)[1], 'OccurrenceConstraintViolation', 'x', {}])), close() {} });
  const e2 = await conn.call('Heartbeat', {}).catch((x) => x);
  assert.equal(e2.rpcCode, 'OccurenceConstraintViolation');
});

test('OCPP-J 1.6: payloads are validated both ways (invalid outgoing refused locally, invalid confirmation rejected)', async () => {
  const { cp, cs } = setup();
  const bad = await cp.call('BootNotification', { chargePointVendor: 'x'.repeat(21), chargePointModel: 'm' }).catch((e) => e);
  assert.ok(isTwinError(bad, 'TWIN_ERR_RPC_INVALID_OUTGOING'));
  cs.handle('Heartbeat', () => ({ currentTime: 'not a date' }));
  const reply = await cp.call('Heartbeat', {}).catch((e) => e);
  assert.ok(reply instanceof RpcError, 'the CSMS handler output failed validation, so an InternalError CALLERROR came back');
  assert.equal(reply.rpcCode, 'InternalError');
});

test('OCPP-J 1.6: a handler that throws answers InternalError and the connection keeps working', async () => {
  const { cp, cs } = setup();
  let n = 0;
  cs.handle('Heartbeat', () => { if (n++ === 0) throw new Error('boom'); return { currentTime: '2026-01-01T00:00:00.000Z' }; });
  assert.equal((await cp.call('Heartbeat', {}).catch((e) => e)).rpcCode, 'InternalError');
  assert.equal((await cp.call('Heartbeat', {})).currentTime, '2026-01-01T00:00:00.000Z');
});

test('closing the transport fails queued and in-flight calls', async () => {
  const { cp, pair } = setup();
  pair.offline = true;
  const a = cp.call('Heartbeat', {}).catch((e) => e);
  const b = cp.call('Heartbeat', {}).catch((e) => e);
  pair.disconnect();
  assert.ok(isTwinError(await a, 'TWIN_ERR_RPC_CLOSED'));
  assert.ok(isTwinError(await b, 'TWIN_ERR_RPC_CLOSED'));
  assert.ok(isTwinError(await cp.call('Heartbeat', {}).catch((e) => e), 'TWIN_ERR_RPC_CLOSED'));
});

test('afterReply runs after the CALLRESULT is on the wire', async () => {
  const { cp, cs, frames } = setup();
  cp.handle('TriggerMessage', (_req, ctx) => { ctx.afterReply(() => { void cp.call('Heartbeat', {}).catch(() => {}); }); return { status: 'Accepted' }; });
  await cs.call('TriggerMessage', { requestedMessage: 'Heartbeat' });
  await tick();
  const out = frames.filter(([d]) => d === 'out').map(([, t]) => JSON.parse(t)[0]);
  assert.deepEqual(out.slice(0, 2), [3, 2]);
});

test('OCPP 1.6 §5.2 (respond, then inform): a call a synchronous handler queues goes on the wire after its CALLRESULT; one a handler that returns a promise queues is not held back (that handler may wait for it)', async () => {
  const { cp, cs, frames } = setup();
  cs.handle('StatusNotification', () => ({}));
  cs.handle('StopTransaction', () => ({}));
  cp.handle('ChangeAvailability', () => { void cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Unavailable' }).catch(() => {}); return { status: 'Accepted' }; });
  assert.deepEqual(await cs.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }), { status: 'Accepted' });
  await tick();
  const out = (): Array<[number, string]> => frames.filter(([d]) => d === 'out').map(([, t]) => { const f = JSON.parse(t) as unknown[]; return [f[0] as number, String(f[0] === 2 ? f[2] : f[1])]; });
  assert.deepEqual(out().map(([type]) => type), [3, 2], 'the answer, then the StatusNotification');
  // UnlockConnector stops the transaction (StopTransaction answered) before it answers Unlocked.
  frames.length = 0;
  cp.handle('UnlockConnector', async () => { await cp.call('StopTransaction', { transactionId: 1, meterStop: 0, timestamp: '2026-01-01T00:00:00.000Z', reason: 'UnlockCommand' }); return { status: 'Unlocked' }; });
  assert.deepEqual(await cs.call('UnlockConnector', { connectorId: 1 }), { status: 'Unlocked' });
  assert.deepEqual(out().map(([type, what]) => `${type} ${what}`), ['2 StopTransaction', `3 ${String(JSON.parse(frames.find(([d, t]) => d === 'out' && t.startsWith('[3'))![1])[1])}`]);
});

test('OCPP 1.6 §4.2 Rejected: while the registrant is Rejected, CALLs and unreadable frames get no answer at all; answers to our own calls are still read; once it is not, CALLs are answered again', async () => {
  const clock = new SimulatedClock();
  const pair = createLoopbackPair();
  const registrant = { registration: 'Rejected' };
  const cp = createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock, registrant });
  // The central system's side is the bare loopback end: what the station sends is kept as text.
  const seenByCs: string[] = [];
  pair.b.attach({ message: (t) => { seenByCs.push(t); }, close: () => {} });
  cp.handle('GetConfiguration', () => ({ configurationKey: [] }));
  pair.b.send('[2,"x1","GetConfiguration",{}]');
  pair.b.send('[2,"x2","NoSuchAction",{}]');
  pair.b.send('not json');
  await tick();
  assert.deepEqual(seenByCs, [], 'nothing answered while Rejected');
  // The station's own BootNotification still gets its answer read.
  const boot = cp.call('BootNotification', { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVB3S22N4' });
  await tick();
  const [, bootId] = JSON.parse(seenByCs[0]!) as [number, string];
  pair.b.send(JSON.stringify([3, bootId, { status: 'Accepted', currentTime: '2026-01-01T00:00:00.000Z', interval: 60 }]));
  assert.equal((await boot).status, 'Accepted');
  registrant.registration = 'Accepted';
  pair.b.send('[2,"x3","GetConfiguration",{}]');
  await tick();
  assert.deepEqual(seenByCs.slice(1).map((t) => (JSON.parse(t) as unknown[]).slice(0, 2)), [[3, 'x3']], 'answered once no longer Rejected');
});

test('handleFrom answers from a lent handler table; a later handle() copies it instead of changing the lender', async () => {
  const { cp, cs } = setup();
  const table = new Map();
  table.set('Reset', () => ({ status: 'Accepted' }));
  cp.handleFrom(table);
  assert.equal((await cs.call('Reset', { type: 'Soft' })).status, 'Accepted');
  table.set('UnlockConnector', () => ({ status: 'Unlocked' }));
  assert.equal((await cs.call('UnlockConnector', { connectorId: 1 })).status, 'Unlocked', 'the table is shared, not copied');
  cp.handle('ClearCache', () => ({ status: 'Rejected' }));
  assert.equal(table.has('ClearCache'), false, 'the lender table is untouched');
  assert.equal((await cs.call('ClearCache', {})).status, 'Rejected');
  assert.equal((await cs.call('Reset', { type: 'Hard' })).status, 'Accepted');
});

test('OCPP-J 1.6 §4.1.4 duplicate message id: a CALL reusing the id of one still being handled (async handler) is ignored; the first gets exactly one answer; the id is free again afterwards', async () => {
  const raw = createLoopbackPair();
  const warnings: string[] = [];
  const logger = { log: (level: string, msg: string) => { if (level === 'warn') warnings.push(msg); }, child: () => logger };
  const conn = createRpcConnection<'ChargePoint'>({ transport: raw.a, role: 'ChargePoint', clock: new SimulatedClock(), logger });
  const started: string[] = [];
  const releases: Array<() => void> = [];
  conn.handle('Reset', (req) => {
    started.push(req.type);
    return new Promise((resolve) => { releases.push(() => resolve({ status: 'Accepted' })); });
  });
  conn.handle('ClearCache', () => ({ status: 'Accepted' }));
  const replies: unknown[][] = [];
  raw.b.attach({ message: (t) => replies.push(JSON.parse(t) as unknown[]), close() {} });
  raw.b.send('[2,"dup","Reset",{"type":"Soft"}]');
  await tick();
  assert.deepEqual(started, ['Soft'], 'the first CALL is being handled');
  raw.b.send('[2,"dup","Reset",{"type":"Hard"}]');
  raw.b.send('[2,"dup","Reset",{"type":"Sideways"}]');
  raw.b.send('[2,"other","ClearCache",{}]');
  await tick();
  assert.deepEqual(started, ['Soft'], 'the duplicates did not reach the handler');
  assert.deepEqual(replies, [[3, 'other', { status: 'Accepted' }]], 'no answer to the duplicates; other CALLs are answered meanwhile');
  assert.equal(warnings.filter((w) => w.startsWith('duplicate CALL id')).length, 2, 'each ignored duplicate is logged');
  releases[0]!();
  await tick();
  assert.deepEqual(replies.filter((r) => r[1] === 'dup'), [[3, 'dup', { status: 'Accepted' }]], 'exactly one answer under the id');
  raw.b.send('[2,"dup","Reset",{"type":"Hard"}]');
  await tick();
  assert.deepEqual(started, ['Soft', 'Hard'], 'once answered, the id may be used again');
  releases[1]!();
  await tick();
  assert.equal(replies.filter((r) => r[1] === 'dup').length, 2);
});

test('call timeout is real time on a clock that follows real time: at 1000× a peer answering after 80 ms is not timed out by a 300 ms timeout', async () => {
  const clock = new ScaledClock({ scale: 1000 });
  try {
    const pair = createLoopbackPair();
    const cp = createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock, callTimeoutMs: 300 });
    const cs = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
    let answer = true;
    cs.handle('Heartbeat', () => new Promise((r) => {
      if (answer) setTimeout(() => r({ currentTime: '2026-01-01T00:00:00.000Z' }), 80); // 80 real ms = 80 s of the clock
    }));
    const conf = await cp.call('Heartbeat', {});
    assert.equal(typeof conf.currentTime, 'string');
    // A peer that never answers still times out, after about 300 ms of real time (300 s of the clock).
    answer = false;
    const t0 = Date.now();
    const e = await cp.call('Heartbeat', {}).then(() => undefined, (err: unknown) => err);
    assert.ok(isTwinError(e, 'TWIN_ERR_RPC_TIMEOUT'), String(e));
    assert.ok(Date.now() - t0 >= 250, `timed out after ${Date.now() - t0} ms of real time`);
  } finally { clock.dispose(); }
});

test('coalesce key (D11): changes in quick succession all wait; beyond COALESCE_KEEP the newest replaces the last waiting one, whose promise fails TWIN_ERR_RPC_SUPERSEDED; order kept', async () => {
  const { clock, cp, cs } = setup();
  const seen: string[] = [];
  let release: (() => void) | undefined;
  cs.handle('StatusNotification', (req) => {
    seen.push(`${req.connectorId}:${req.status}`);
    return new Promise((r) => { release = () => r({}); });
  });
  const at = new Date(clock.now()).toISOString();
  const send = (status: 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'Finishing' | 'Faulted', connectorId = 1) =>
    cp.call('StatusNotification', { connectorId, status, errorCode: 'NoError', timestamp: at }, { coalesce: `status:${connectorId}` }).then(() => 'answered', (e: unknown) => (isTwinError(e, 'TWIN_ERR_RPC_SUPERSEDED') ? 'superseded' : String(e)));
  const outcomes = [send('Available'), send('Preparing'), send('SuspendedEV'), send('Charging'), send('Available', 2), send('Finishing'), send('Faulted')];
  assert.equal(cp.pendingCalls, 1 + 3 + 1, 'one in flight, three of connector 1 and one of connector 2 waiting');
  for (let i = 0; i < 5; i++) { await tick(); release?.(); await tick(); }
  assert.deepEqual(await Promise.all(outcomes), ['answered', 'answered', 'answered', 'superseded', 'answered', 'superseded', 'answered']);
  assert.deepEqual(seen, ['1:Available', '1:Preparing', '1:SuspendedEV', '1:Faulted', '2:Available'], 'the newest took the last waiting place');
});

test('close() is final at once (D11): pending calls fail with TWIN_ERR_RPC_CLOSED without waiting for the close handshake, and an answer arriving during it is not read', async () => {
  let events: { message(t: string): void; close(c: number, r: string): void } | undefined;
  const sent: string[] = [];
  let open = true;
  // A socket whose close handshake has not completed yet: close() sends the close frame, the close event comes later.
  const transport = { send: (t: string) => { sent.push(t); }, close: () => { open = false; }, attach: (e: typeof events) => { events = e; }, get isOpen() { return open; } };
  const cp = createRpcConnection<'ChargePoint'>({ transport, role: 'ChargePoint', clock: new SimulatedClock() });
  const outcome = cp.call('Heartbeat', {}).then(() => 'answered', (e: unknown) => (isTwinError(e, 'TWIN_ERR_RPC_CLOSED') ? 'closed' : String(e)));
  const queued = cp.call('Heartbeat', {}).then(() => 'answered', (e: unknown) => (isTwinError(e, 'TWIN_ERR_RPC_CLOSED') ? 'closed' : String(e)));
  const id = (JSON.parse(sent[0]!) as [number, string])[1];
  cp.close(1000);
  const settled = await Promise.race([Promise.all([outcome, queued]), new Promise((r) => setImmediate(() => r('still pending')))]);
  assert.deepEqual(settled, ['closed', 'closed']);
  events!.message(JSON.stringify([3, id, { currentTime: '2026-01-01T00:00:00.000Z' }]));
  assert.equal(cp.pendingCalls, 0);
  assert.equal(cp.isOpen, false);
  const heard: number[] = [];
  cp.onClose((code) => heard.push(code));
  events!.close(1000, '');
  assert.deepEqual(heard, [1000], 'the close listeners hear the socket close');
});

/** A transport whose frames the test delivers itself, several in one synchronous run (one TCP read). */
function manualTransport() {
  let events: { message(t: string): void; close(c: number, r: string): void } | undefined;
  const sent: string[] = [];
  let open = true;
  return {
    sent,
    deliver: (...texts: string[]) => { for (const t of texts) events!.message(t); },
    drop: (code: number) => { open = false; events!.close(code, ''); },
    transport: { send: (t: string) => { if (open) sent.push(t); }, close() { open = false; }, attach(e: typeof events) { events = e; }, get isOpen() { return open; } },
  };
}

test('OCPP-J 1.6 §4.1: frames read after an answer wait for its continuations (a CALL in the same read sees what the answer did), in order, across a second answer, and a close after them comes last', async () => {
  const m = manualTransport();
  const conn = createRpcConnection<'ChargePoint'>({ transport: m.transport, role: 'ChargePoint', clock: new SimulatedClock() });
  const log: string[] = [];
  let transactionId: number | undefined;
  conn.handle('RemoteStopTransaction', (req) => { log.push(`stop ${req.transactionId} known=${transactionId}`); return { status: req.transactionId === transactionId ? 'Accepted' : 'Rejected' }; });
  conn.handle('ClearCache', () => { log.push('clear'); return { status: 'Accepted' }; });
  conn.onClose((code) => log.push(`closed ${code}`));
  // The station's code awaits through two async layers before it records the id.
  const start = async (): Promise<void> => {
    const conf = await (async () => conn.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2026-01-01T00:00:00.000Z' }))();
    transactionId = conf.transactionId;
    log.push(`started ${conf.transactionId}`);
    await conn.call('Heartbeat', {});
    log.push('heartbeat answered');
  };
  const started = start();
  await tick();
  const startId = (JSON.parse(m.sent[0]!) as unknown[])[1] as string;
  m.deliver(
    JSON.stringify([3, startId, { transactionId: 42, idTagInfo: { status: 'Accepted' } }]),
    JSON.stringify([2, 's1', 'RemoteStopTransaction', { transactionId: 42 }]),
  );
  await tick();
  await tick();
  const hbId = (JSON.parse(m.sent.find((t) => t.includes('"Heartbeat"'))!) as unknown[])[1] as string;
  m.deliver(
    JSON.stringify([3, hbId, { currentTime: '2026-01-01T00:00:00.000Z' }]),
    JSON.stringify([2, 'c1', 'ClearCache', {}]),
  );
  m.drop(1006);
  await started;
  await tick();
  assert.deepEqual(log, ['started 42', 'stop 42 known=42', 'heartbeat answered', 'clear', 'closed 1006']);
  assert.deepEqual(JSON.parse(m.sent.find((t) => t.includes('"s1"'))!), [3, 's1', { status: 'Accepted' }]);
});
