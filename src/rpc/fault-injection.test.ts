import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultInjector, MAX_FAULT_RULES, checkFaultRule } from './fault-injection.ts';
import { isTwinError } from '../shared/errors.ts';

const refused = (input: unknown, pattern: RegExp): void => {
  assert.throws(() => checkFaultRule(input), (e) => isTwinError(e, 'TWIN_ERR_FAULT_INVALID') && pattern.test((e as Error).message), JSON.stringify(input));
};

test('fault rules: bad rules are refused with a message naming the field', () => {
  refused(null, /must be an object/);
  refused({ direction: 'sideways', mode: 'drop' }, /"direction"/);
  refused({ direction: 'incoming', mode: 'explode' }, /"mode"/);
  refused({ direction: 'incoming', mode: 'drop', colour: 'red' }, /unknown field "colour"/);
  refused({ direction: 'incoming', action: 'Heartbeat', mode: 'drop' }, /not sent by the central system/);
  refused({ direction: 'outgoing', action: 'Reset', mode: 'drop' }, /not sent by the station/);
  refused({ direction: 'incoming', action: 'Nope', mode: 'drop' }, /unknown OCPP 1\.6 action/);
  refused({ direction: 'outgoing', action: 'Heartbeat', mode: 'answer-status', payload: {} }, /direction must be "incoming"/);
  refused({ direction: 'incoming', mode: 'answer-status', payload: { status: 'Rejected' } }, /needs "action"/);
  refused({ direction: 'incoming', action: 'Reset', mode: 'answer-status' }, /needs "payload"/);
  refused({ direction: 'incoming', action: 'Reset', mode: 'answer-status', payload: { status: 'Later' } }, /not a valid Reset\.conf/);
  refused({ direction: 'incoming', action: 'Reset', mode: 'answer-status', payload: { status: 'Accepted', extra: 1 } }, /not a valid Reset\.conf/);
  refused({ direction: 'incoming', mode: 'callerror', code: 'Oops' }, /"code" must be an OCPP-J error code/);
  refused({ direction: 'incoming', mode: 'callerror', code: 'GenericError', description: 'x'.repeat(256) }, /255/);
  refused({ direction: 'incoming', mode: 'delay' }, /"ms" is required/);
  refused({ direction: 'incoming', mode: 'delay', ms: -1 }, /"ms" must be/);
  refused({ direction: 'incoming', mode: 'delay', ms: 1.5 }, /"ms" must be/);
  refused({ direction: 'incoming', mode: 'drop', ms: 10 }, /"ms" does not apply to mode drop/);
  refused({ direction: 'incoming', mode: 'drop', times: -1 }, /"times"/);
  refused({ direction: 'incoming', mode: 'drop', times: 'often' }, /"times"/);
  refused({ direction: 'link' }, /needs latencyMs, jitterMs or lossRate/);
  refused({ direction: 'link', lossRate: 1.5 }, /"lossRate"/);
  refused({ direction: 'link', lossRate: 0.5, mode: 'drop' }, /"mode" does not apply to a link rule/);
  refused({ direction: 'outgoing', mode: 'drop', lossRate: 0.5 }, /belong to a link rule/);
  refused({ direction: 'link', latencyMs: 700_000 }, /"latencyMs"/);
});

test('fault rules: defaults (one-shot; link rules and times 0 last until removed; callerror description)', () => {
  assert.equal(checkFaultRule({ direction: 'outgoing', mode: 'drop' }).remaining, 1);
  assert.equal(checkFaultRule({ direction: 'outgoing', mode: 'drop', times: 0 }).remaining, 'always');
  assert.equal(checkFaultRule({ direction: 'outgoing', mode: 'drop', times: 'always' }).remaining, 'always');
  assert.equal(checkFaultRule({ direction: 'link', latencyMs: 10 }).remaining, 'always');
  assert.equal(checkFaultRule({ direction: 'link', latencyMs: 10, times: 3 }).remaining, 3);
  assert.equal(checkFaultRule({ direction: 'incoming', mode: 'callerror', code: 'GenericError' }).description, 'injected fault');
});

test('fault rules: the first matching rule fires and counts down; a spent rule is gone; others stay', () => {
  const f = new FaultInjector();
  const a = f.add({ direction: 'outgoing', action: 'StatusNotification', mode: 'drop', times: 2 });
  const b = f.add({ direction: 'outgoing', mode: 'duplicate', times: 'always' });
  assert.equal(f.take('incoming', 'Reset'), undefined);
  assert.equal(f.take('outgoing', 'StatusNotification')?.id, a.id);
  assert.equal(f.take('outgoing', 'Heartbeat')?.id, b.id);
  assert.deepEqual(f.list().map((r) => [r.id, r.remaining, r.fired]), [[a.id, 1, 1], [b.id, 'always', 1]]);
  assert.equal(f.take('outgoing', 'StatusNotification')?.id, a.id);
  assert.equal(f.take('outgoing', 'StatusNotification')?.id, b.id);
  assert.deepEqual(f.list().map((r) => r.id), [b.id]);
  assert.equal(f.remove('nope'), false);
  assert.equal(f.remove(b.id), true);
  assert.equal(f.active, false);
});

test('fault rules: at most MAX_FAULT_RULES per station; a refused rule adds nothing', () => {
  const f = new FaultInjector();
  assert.throws(() => f.add({ direction: 'incoming', mode: 'delay' } as never), (e) => isTwinError(e, 'TWIN_ERR_FAULT_INVALID'));
  assert.equal(f.active, false);
  for (let i = 0; i < MAX_FAULT_RULES; i++) f.add({ direction: 'outgoing', mode: 'drop' });
  assert.throws(() => f.add({ direction: 'outgoing', mode: 'drop' }), /at most 64 rules/);
  f.clear();
  assert.deepEqual(f.list(), []);
});

test('link rules: loss and jitter follow the seed exactly (same seed, same frames lost and same delays); rate 0 and 1 are exact', () => {
  const run = (seed: number): string => {
    const f = new FaultInjector();
    f.add({ direction: 'link', lossRate: 0.5, latencyMs: 100, jitterMs: 50, seed, times: 40 });
    const out: string[] = [];
    for (let i = 0; i < 40; i++) { const v = f.link()!; out.push(v.lost ? 'x' : String(v.delayMs)); }
    assert.equal(f.link(), undefined, 'the rule is spent after 40 frames');
    return out.join(' ');
  };
  assert.equal(run(7), run(7));
  assert.notEqual(run(7), run(8));
  const delays = run(7).split(' ').filter((d) => d !== 'x').map(Number);
  const lost = run(7).split(' ').filter((d) => d === 'x').length;
  assert.ok(lost > 5 && lost < 35, `about half lost, got ${lost}`);
  assert.ok(delays.every((d) => d >= 100 && d <= 150));
  const all = new FaultInjector();
  all.add({ direction: 'link', lossRate: 1, times: 5 });
  for (let i = 0; i < 5; i++) assert.deepEqual(all.link(), { lost: true, delayMs: 0 });
  const none = new FaultInjector();
  none.add({ direction: 'link', lossRate: 0, latencyMs: 30 });
  for (let i = 0; i < 5; i++) assert.deepEqual(none.link(), { lost: false, delayMs: 30 });
});
