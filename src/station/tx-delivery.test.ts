/**
 * TxDelivery on a simulated clock over a real OCPP-J connection (loopback): retries after a CALLERROR
 * and after a call timeout, spaced MessageAttemptIntervalTransactionEvent × (failed transmissions so
 * far), giving up after MessageAttemptsTransactionEvent transmissions, strict order, one message id per
 * message for all its transmissions, and no attempt counted while offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { TwinError } from '../shared/errors.ts';
import type { Logger, LogLevel } from '../shared/logger.ts';
import { createLoopbackPair, createRpcConnection, RpcError, type RpcConnection } from '../rpc/index.ts';
import { TransactionQueue, memoryQueueStore, type MessageQueueStore } from '../queue/index.ts';
import { StationEvents } from './station-events.ts';
import { TxDelivery } from './tx-delivery.ts';
import type { ConfigAccess } from './ports.ts';

interface Received { action: string; messageId: string; at: number; transactionId?: unknown }

interface Rig {
  clock: SimulatedClock;
  delivery: TxDelivery;
  csms: RpcConnection<'CentralSystem'>;
  received: Received[];
  warnings: string[];
  link: { online: boolean };
  events: StationEvents;
  /** Per action: what the CSMS does with the n-th transmission it receives (default: answers at once). */
  script: Partial<Record<string, Array<'error' | 'silent' | 'answer'>>>;
}

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);

function rig(config: { attempts: number; intervalS: number }, store: MessageQueueStore = memoryQueueStore()): Rig {
  const clock = new SimulatedClock(T0);
  const pair = createLoopbackPair();
  const cp = createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock, callTimeoutMs: 30_000 });
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  const received: Received[] = [];
  const warnings: string[] = [];
  const script: Rig['script'] = {};
  const link = { online: true };
  let nextTx = 500;
  const behave = (action: string, transactionId: unknown, messageId: string): 'error' | 'silent' | 'answer' => {
    received.push({ action, messageId, at: clock.now(), ...(transactionId !== undefined ? { transactionId } : {}) });
    return script[action]?.shift() ?? 'answer';
  };
  const act = <T>(what: 'error' | 'silent' | 'answer', conf: () => T): T | Promise<T> => {
    if (what === 'error') throw new RpcError('InternalError', 'scripted failure');
    // Silence: the answer comes after the station's 30 s call timeout, when nobody waits for it any more.
    if (what === 'silent') return new Promise<T>((resolve) => clock.setTimeout(() => resolve(conf()), 31_000));
    return conf();
  };
  csms.handle('StartTransaction', (_p, h) => act(behave('StartTransaction', undefined, h.messageId), () => ({ transactionId: nextTx++, idTagInfo: { status: 'Accepted' as const } })));
  csms.handle('MeterValues', (p, h) => act(behave('MeterValues', p.transactionId, h.messageId), () => ({})));
  csms.handle('StopTransaction', (p, h) => act(behave('StopTransaction', p.transactionId, h.messageId), () => ({})));
  const values: Record<string, string> = { MessageAttemptsTransactionEvent: String(config.attempts), MessageAttemptIntervalTransactionEvent: String(config.intervalS) };
  const cfg: ConfigAccess = { str: (k) => values[k] ?? '', int: (k) => Number(values[k]), bool: (k) => values[k] === 'true', onChange: () => () => {} };
  const log: Logger = { log(level: LogLevel, msg: string) { if (level === 'warn') warnings.push(msg); }, child() { return log; } };
  const events = new StationEvents();
  const uplink = { get online() { return link.online; }, call: ((a: never, r: never, o: never) => (link.online ? cp.call(a, r, o) : Promise.reject(new RpcError('GenericError')))) as never };
  const delivery = new TxDelivery({ clock, uplink, config: cfg, events, log }, new TransactionQueue(store));
  return { clock, delivery, csms, received, warnings, link, events, script };
}

const start = { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: new Date(T0).toISOString() };
const mv = (n: number) => ({ connectorId: 1, transactionId: 0, meterValue: [{ timestamp: new Date(T0 + n).toISOString(), sampledValue: [{ value: String(n) }] }] });
const stop = { transactionId: 0, meterStop: 10, timestamp: new Date(T0).toISOString() };

test('OCPP 1.6 TransactionMessageRetryInterval (guide MessageAttemptIntervalTransactionEvent): after a CALLERROR, retried after interval × failed transmissions so far, same message id', async () => {
  const r = rig({ attempts: 3, intervalS: 10 });
  r.script.StartTransaction = ['error', 'error', 'answer'];
  const conf = r.delivery.submit('StartTransaction', start, 'tx1');
  await r.clock.advance(10 * 60_000);
  assert.deepEqual(r.received.map((x) => x.at - T0), [0, 10_000, 10_000 + 20_000], 'first retry 1 × 10 s after the failure, second 2 × 10 s after');
  assert.equal(new Set(r.received.map((x) => x.messageId)).size, 1, 'one message id for every transmission');
  assert.equal((await conf)?.transactionId, 500);
  assert.equal(r.warnings.filter((w) => /will retry/.test(w)).length, 2);
});

test('OCPP-J call timeout: a CSMS that never answers is a failed attempt, retried interval × attempts after the timeout', async () => {
  const r = rig({ attempts: 3, intervalS: 60 });
  r.script.StopTransaction = ['silent', 'silent', 'answer'];
  r.delivery.queue.store.setTransactionId('tx1', 77);
  const conf = r.delivery.submit('StopTransaction', stop, 'tx1');
  await r.clock.advance(10 * 60_000);
  assert.deepEqual(r.received.map((x) => x.at - T0), [0, 30_000 + 60_000, 30_000 + 60_000 + 30_000 + 120_000], '30 s call timeout, then 1 × 60 s; 30 s timeout, then 2 × 60 s');
  assert.deepEqual(r.received.map((x) => x.transactionId), [77, 77, 77]);
  assert.deepEqual(await conf, {});
});

test('OCPP 1.6 TransactionMessageAttempts (guide MessageAttemptsTransactionEvent): given up after that many transmissions; a given-up StartTransaction takes its transaction with it, the next transaction goes on', async () => {
  const r = rig({ attempts: 3, intervalS: 5 });
  r.script.StartTransaction = ['error', 'error', 'error'];
  const s1 = r.delivery.submit('StartTransaction', start, 'tx1');
  const m1 = r.delivery.submit('MeterValues', mv(1), 'tx1');
  const e1 = r.delivery.submit('StopTransaction', stop, 'tx1');
  const s2 = r.delivery.submit('StartTransaction', start, 'tx2');
  const e2 = r.delivery.submit('StopTransaction', stop, 'tx2');
  await r.clock.advance(10 * 60_000);
  assert.deepEqual(r.received.map((x) => x.action), ['StartTransaction', 'StartTransaction', 'StartTransaction', 'StartTransaction', 'StopTransaction']);
  assert.deepEqual(r.received.slice(0, 3).map((x) => x.at - T0), [0, 5_000, 15_000]);
  assert.equal(await s1, undefined, 'the caller learns the message was dropped');
  assert.equal(await m1, undefined);
  assert.equal(await e1, undefined);
  assert.equal((await s2)?.transactionId, 500);
  assert.equal(r.received.at(-1)!.transactionId, 500, 'the next transaction carries its own id');
  assert.deepEqual(await e2, {});
  assert.deepEqual(r.delivery.view().dropped, { bound: 0, afterAttempts: 3 });
  assert.equal(r.warnings.filter((w) => /dropped from the transaction queue/.test(w)).length, 3, 'each drop logged');
  assert.equal(r.delivery.view().length, 0);
});

test('OCPP 1.6 §4.8 order: a failing MeterValues holds back everything behind it; ids are filled in from the StartTransaction answer', async () => {
  const r = rig({ attempts: 5, intervalS: 30 });
  r.script.MeterValues = ['error'];
  r.delivery.submit('StartTransaction', start, 'tx1');
  for (let i = 1; i <= 3; i++) r.delivery.submit('MeterValues', mv(i), 'tx1');
  const done = r.delivery.submit('StopTransaction', stop, 'tx1');
  await r.clock.advance(0);
  assert.deepEqual(r.received.map((x) => x.action), ['StartTransaction', 'MeterValues'], 'nothing overtakes the failed MeterValues');
  await r.clock.advance(30_000);
  await done;
  assert.deepEqual(r.received.map((x) => x.action), ['StartTransaction', 'MeterValues', 'MeterValues', 'MeterValues', 'MeterValues', 'StopTransaction']);
  assert.equal(r.received[1]!.messageId, r.received[2]!.messageId, 'the retransmission reuses the id');
  assert.deepEqual(r.received.slice(1).map((x) => x.transactionId), [500, 500, 500, 500, 500]);
  const ids = r.received.slice(2).map((x) => x.messageId);
  assert.equal(new Set(ids).size, ids.length, 'distinct messages have distinct ids');
});

test('offline is not an attempt: messages wait for the link and go in order after the next BootNotification is accepted', async () => {
  const r = rig({ attempts: 1, intervalS: 1 });
  r.link.online = false;
  const s = r.delivery.submit('StartTransaction', start, 'tx1');
  r.delivery.submit('MeterValues', mv(1), 'tx1');
  const e = r.delivery.submit('StopTransaction', stop, 'tx1');
  await r.clock.advance(3_600_000);
  assert.equal(r.received.length, 0);
  r.link.online = true;
  r.events.emit('accepted', {});
  await r.clock.advance(0);
  assert.deepEqual(r.received.map((x) => x.action), ['StartTransaction', 'MeterValues', 'StopTransaction'], 'with a single allowed attempt, nothing was used up while offline');
  assert.equal((await s)?.transactionId, 500);
  assert.deepEqual(await e, {});
});

test('draining 10,000 queued messages through TxDelivery never lists the queue (no scan per confirmation)', async () => {
  const inner = memoryQueueStore();
  let listCalls = 0;
  const list = (): ReturnType<MessageQueueStore['list']> => { listCalls++; return inner.list(); };
  const store: MessageQueueStore = new Proxy(inner, { get: (t, k) => (k === 'list' ? list : typeof Reflect.get(t, k) === 'function' ? (Reflect.get(t, k) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, k)) });
  const clock = new SimulatedClock(T0);
  const link = { online: false };
  let calls = 0;
  let nextTx = 1;
  const uplink = { get online() { return link.online; }, call: ((action: string) => { calls++; return Promise.resolve(action === 'StartTransaction' ? { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } } : {}); }) as never };
  const cfg: ConfigAccess = { str: () => '', int: () => 3, bool: () => false, onChange: () => () => {} };
  const events = new StationEvents();
  const log: Logger = { log() {}, child() { return log; } };
  const d = new TxDelivery({ clock, uplink, config: cfg, events, log }, new TransactionQueue(store));
  const all: Array<Promise<unknown>> = [];
  for (let t = 0; t < 100; t++) {
    all.push(d.submit('StartTransaction', start, `r${t}`));
    for (let k = 0; k < 98; k++) all.push(d.submit('MeterValues', mv(k), `r${t}`));
    all.push(d.submit('StopTransaction', stop, `r${t}`));
  }
  assert.equal(d.view().length, 10_000);
  link.online = true;
  events.emit('accepted', {});
  const results = await Promise.all(all);
  assert.equal(calls, 10_000);
  assert.ok(results.every((x) => x !== undefined), 'every message confirmed');
  assert.equal(d.view().length, 0);
  assert.equal(listCalls, 0);
});

test('a socket closed during a call, or a station not registered, is not an attempt: the message waits for the link', async () => {
  for (const code of ['TWIN_ERR_RPC_CLOSED', 'TWIN_ERR_NOT_REGISTERED'] as const) {
    const clock = new SimulatedClock(T0);
    const link = { online: true };
    const calls: string[] = [];
    const uplink = {
      get online() { return link.online; },
      call: ((action: string) => {
        calls.push(action);
        if (calls.length === 1) { link.online = false; return Promise.reject(new TwinError(code, 'the link went away')); }
        return Promise.resolve({ transactionId: 42, idTagInfo: { status: 'Accepted' } });
      }) as never,
    };
    const cfg: ConfigAccess = { str: () => '', int: () => 1, bool: () => false, onChange: () => () => {} };
    const events = new StationEvents();
    const log: Logger = { log() {}, child() { return log; } };
    const d = new TxDelivery({ clock, uplink, config: cfg, events, log }, new TransactionQueue(memoryQueueStore()));
    const conf = d.submit('StartTransaction', start, 'tx1');
    await clock.advance(60_000);
    assert.deepEqual(d.view().dropped, { bound: 0, afterAttempts: 0 }, `${code}: with MessageAttemptsTransactionEvent = 1 nothing was used up`);
    assert.equal(d.view().length, 1);
    link.online = true;
    events.emit('accepted', {});
    assert.equal((await conf)?.transactionId, 42);
    assert.deepEqual(calls, ['StartTransaction', 'StartTransaction']);
  }
});
