/**
 * Fault injection on the wire (issue 15 item 4, docs/fault-injection.md, D20): each mode seen from the
 * central system's side of the socket (the embedded CSMS records every frame it sent and received).
 * Delays are asserted by ordering against a marker frame, never by a measured duration.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation, type Csms, type StationHandle } from '../../src/index.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms;
const stations: StationHandle[] = [];
/** The CSMS's short call timeout: a dropped answer fails the CSMS call quickly. */
const CSMS_TIMEOUT_MS = 2000;

before(async () => { csms = await startCsms({ callTimeoutMs: CSMS_TIMEOUT_MS, tags: { 'TAG-FI': 'Accepted' } }); });
after(async () => { for (const s of stations) await s.stop(); await csms.close(); });

async function station(id: string): Promise<StationHandle> {
  const s = await startStation({ csmsUrl: csms.url, id, callTimeoutMs: 500 });
  stations.push(s);
  await s.waitFor((v) => v.registration === 'Accepted' && v.connectors[1]!.status === 'Available');
  await waitFor(() => csms.station(id)?.statuses.get(1)?.status === 'Available');
  // Every call of the boot answered at the station too: a rule injected next must meet the test's own
  // frames, not the answer to the last StatusNotification still on its way (seen once under load).
  await waitFor(() => { const f = s.frames(); return f.filter((x) => x.direction === 'out' && x.type === 2).length === f.filter((x) => x.direction === 'in' && (x.type === 3 || x.type === 4)).length; });
  return s;
}

type Wire = { i: number; direction: 'in' | 'out'; f: unknown[] };
/** The CSMS's frames with one station, in order ('in' = from the station). */
const atCsms = (id: string): Wire[] => csms.frames.map((r, i) => ({ i, r })).filter(({ r }) => r.stationId === id).map(({ i, r }) => ({ i, direction: r.direction, f: JSON.parse(r.text) as unknown[] }));
const callsAtCsms = (id: string, action: string): Wire[] => atCsms(id).filter((w) => w.direction === 'in' && w.f[0] === 2 && w.f[2] === action);
const answersAtCsms = (id: string, messageId: string): Wire[] => atCsms(id).filter((w) => w.direction === 'in' && (w.f[0] === 3 || w.f[0] === 4) && w.f[1] === messageId);
/** The StatusNotifications of connector 1 that reached the CSMS. */
const connector1 = (id: string): Wire[] => callsAtCsms(id, 'StatusNotification').filter((w) => (w.f[3] as { connectorId: number }).connectorId === 1);
/** The message id of the CSMS's last CALL of `action` to the station. */
const lastCsmsCallId = (id: string, action: string): string => atCsms(id).filter((w) => w.direction === 'out' && w.f[0] === 2 && w.f[2] === action).at(-1)!.f[1] as string;
const marks = (s: StationHandle): string[] => s.frames().filter((f) => f.injected).map((f) => `${f.direction} ${f.action} ${f.injected}`);

test('answer-status: RemoteStartTransaction is answered Rejected once (the station does not act on it), then normally; the answer is marked "override"', async () => {
  const s = await station('FI-STATUS');
  await assert.rejects(s.injectFault({ direction: 'incoming', action: 'RemoteStartTransaction', mode: 'answer-status', payload: { status: 'Maybe' } }), (e) => isTwinError(e, 'TWIN_ERR_FAULT_INVALID') && /RemoteStartTransaction\.conf/.test((e as Error).message));
  const rule = await s.injectFault({ direction: 'incoming', action: 'RemoteStartTransaction', mode: 'answer-status', payload: { status: 'Rejected' } });
  assert.deepEqual(s.faults(), [{ ...rule, remaining: 1, fired: 0 }]);
  assert.deepEqual(await csms.call('FI-STATUS', 'RemoteStartTransaction', { idTag: 'TAG-FI', connectorId: 1 }), { status: 'Rejected' });
  assert.equal(s.state().connectors[1]!.status, 'Available');
  assert.deepEqual(s.faults(), []);
  assert.deepEqual(await csms.call('FI-STATUS', 'RemoteStartTransaction', { idTag: 'TAG-FI', connectorId: 1 }), { status: 'Accepted' });
  assert.deepEqual(marks(s), ['out RemoteStartTransaction override']);
});

test('callerror: GetConfiguration answered with the chosen CALLERROR; times: 2 honoured, then back to normal; both marked', async () => {
  const s = await station('FI-CALLERROR');
  await s.injectFault({ direction: 'incoming', action: 'GetConfiguration', mode: 'callerror', code: 'GenericError', description: 'injected by test', times: 2 });
  for (let n = 0; n < 2; n++) {
    await assert.rejects(csms.call('FI-CALLERROR', 'GetConfiguration', { key: ['HeartbeatInterval'] }), (e) => isTwinError(e, 'TWIN_ERR_RPC_CALLERROR') && (e as { rpcCode?: string }).rpcCode === 'GenericError');
    assert.deepEqual(s.faults().map((r) => r.remaining), n === 0 ? [1] : []);
  }
  const conf = await csms.call('FI-CALLERROR', 'GetConfiguration', { key: ['HeartbeatInterval'] });
  assert.equal(conf.configurationKey?.[0]?.key, 'HeartbeatInterval');
  const errors = atCsms('FI-CALLERROR').filter((w) => w.f[0] === 4);
  assert.equal(errors.length, 2);
  assert.deepEqual(errors[0]!.f.slice(2), ['GenericError', 'injected by test', {}]);
  assert.deepEqual(marks(s), ['out GetConfiguration callerror', 'out GetConfiguration callerror']);
});

test('delay (incoming): the answer to the CSMS call goes out after a StatusNotification the station sent meanwhile; marked "delay 700ms"', async () => {
  const s = await station('FI-DELAY-IN');
  await s.injectFault({ direction: 'incoming', action: 'GetConfiguration', mode: 'delay', ms: 700 });
  const answer = csms.call('FI-DELAY-IN', 'GetConfiguration', {});
  await waitFor(() => s.frames({ action: 'GetConfiguration', direction: 'in' }).length === 1);
  await s.raiseError('12.0', 1);
  await answer;
  const id = lastCsmsCallId('FI-DELAY-IN', 'GetConfiguration');
  const marker = connector1('FI-DELAY-IN').at(-1)!;
  assert.equal((marker.f[3] as { status: string }).status, 'Faulted');
  assert.ok(marker.i < answersAtCsms('FI-DELAY-IN', id)[0]!.i, 'the delayed answer arrives after the marker');
  assert.deepEqual(marks(s), ['out GetConfiguration delay 700ms']);
});

test('drop (incoming): no answer is sent, the CSMS call times out; the next call is answered', async () => {
  const s = await station('FI-DROP-IN');
  await s.injectFault({ direction: 'incoming', action: 'GetConfiguration', mode: 'drop' });
  await assert.rejects(csms.call('FI-DROP-IN', 'GetConfiguration', {}), (e) => isTwinError(e, 'TWIN_ERR_RPC_TIMEOUT'));
  assert.deepEqual(answersAtCsms('FI-DROP-IN', lastCsmsCallId('FI-DROP-IN', 'GetConfiguration')), []);
  await csms.call('FI-DROP-IN', 'GetConfiguration', {});
  assert.equal(answersAtCsms('FI-DROP-IN', lastCsmsCallId('FI-DROP-IN', 'GetConfiguration')).length, 1);
  assert.deepEqual(marks(s), ['out GetConfiguration drop']);
});

test('duplicate (incoming): the CSMS receives two identical CALLRESULTs for one message id', async () => {
  const s = await station('FI-DUP-IN');
  await s.injectFault({ direction: 'incoming', mode: 'duplicate' });
  await csms.call('FI-DUP-IN', 'ChangeAvailability', { connectorId: 1, type: 'Operative' });
  const id = lastCsmsCallId('FI-DUP-IN', 'ChangeAvailability');
  await waitFor(() => answersAtCsms('FI-DUP-IN', id).length === 2);
  const [a, b] = answersAtCsms('FI-DUP-IN', id);
  assert.deepEqual(a!.f, [3, id, { status: 'Accepted' }]);
  assert.deepEqual(b!.f, a!.f);
  assert.deepEqual(marks(s), ['out ChangeAvailability duplicate']);
});

test('drop (outgoing): the StatusNotification never reaches the CSMS (the next one arrives after the station\'s call timed out); marked "drop"', async () => {
  const s = await station('FI-DROP-OUT');
  await s.injectFault({ direction: 'outgoing', action: 'StatusNotification', mode: 'drop' });
  await s.raiseError('12.0', 1);
  await s.clearError('12.0', 1);
  await waitFor(() => connector1('FI-DROP-OUT').length === 2, 5000);
  // Boot's Available, then (the Faulted one dropped) Available again after the error cleared.
  assert.deepEqual(connector1('FI-DROP-OUT').map((w) => (w.f[3] as { status: string }).status), ['Available', 'Available']);
  assert.deepEqual(marks(s), ['out StatusNotification drop']);
});

test('drop (outgoing): a dropped StartTransaction times out and is retried with the same message id; the CSMS sees it once', async () => {
  const s = await station('FI-DROP-TX');
  assert.deepEqual(await csms.call('FI-DROP-TX', 'ChangeConfiguration', { key: 'MessageAttemptIntervalTransactionEvent', value: '1' }), { status: 'Accepted' });
  await s.injectFault({ direction: 'outgoing', action: 'StartTransaction', mode: 'drop' });
  await s.plugIn(1);
  await s.presentBadge('TAG-FI', 1);
  await waitFor(() => callsAtCsms('FI-DROP-TX', 'StartTransaction').length === 1, 8000);
  const sent = s.frames({ action: 'StartTransaction', direction: 'out' }).filter((f) => f.type === 2);
  assert.equal(sent.length, 2);
  assert.equal(sent[0]!.injected, 'drop');
  assert.equal(sent[1]!.injected, undefined);
  const ids = sent.map((f) => (JSON.parse(f.text) as unknown[])[1]);
  assert.equal(ids[0], ids[1]);
  assert.equal(callsAtCsms('FI-DROP-TX', 'StartTransaction')[0]!.f[1], ids[0]);
});

test('duplicate (outgoing): the CSMS receives the same StatusNotification CALL twice, with one message id', async () => {
  const s = await station('FI-DUP-OUT');
  await s.injectFault({ direction: 'outgoing', action: 'StatusNotification', mode: 'duplicate' });
  await s.raiseError('12.0', 1);
  await waitFor(() => connector1('FI-DUP-OUT').length === 3);
  const [, a, b] = connector1('FI-DUP-OUT');
  assert.deepEqual(b!.f, a!.f);
  assert.equal((a!.f[3] as { status: string }).status, 'Faulted');
  assert.deepEqual(marks(s), ['out StatusNotification duplicate']);
});

test('delay (outgoing): a delayed StatusNotification reaches the CSMS after the answer to a CSMS call made meanwhile; marked "delay 700ms"', async () => {
  const s = await station('FI-DELAY-OUT');
  await s.injectFault({ direction: 'outgoing', action: 'StatusNotification', mode: 'delay', ms: 700 });
  await s.raiseError('12.0', 1);
  await csms.call('FI-DELAY-OUT', 'GetConfiguration', { key: ['HeartbeatInterval'] });
  const answer = answersAtCsms('FI-DELAY-OUT', lastCsmsCallId('FI-DELAY-OUT', 'GetConfiguration'))[0]!;
  await waitFor(() => connector1('FI-DELAY-OUT').length === 2);
  assert.ok(answer.i < connector1('FI-DELAY-OUT')[1]!.i);
  assert.deepEqual(marks(s), ['out StatusNotification delay 700ms']);
});

test('link loss: with lossRate 1 for one frame, the CSMS\'s next CALL is lost (its call times out); then the link is whole', async () => {
  const s = await station('FI-LOSS');
  await s.injectFault({ direction: 'link', lossRate: 1, times: 1 });
  await assert.rejects(csms.call('FI-LOSS', 'GetConfiguration', {}), (e) => isTwinError(e, 'TWIN_ERR_RPC_TIMEOUT'));
  await csms.call('FI-LOSS', 'GetConfiguration', {});
  assert.deepEqual(marks(s), ['in GetConfiguration loss']);
  assert.deepEqual(s.faults(), []);
});

test('link latency: both frames of an exchange are held back; a call to another station made later is answered first; marked "latency"', async () => {
  const slow = await station('FI-LATENCY');
  await station('FI-LATENCY-MARKER');
  await slow.injectFault({ direction: 'link', latencyMs: 400, times: 2 });
  const slowAnswer = csms.call('FI-LATENCY', 'GetConfiguration', {});
  await csms.call('FI-LATENCY-MARKER', 'GetConfiguration', {});
  const marker = answersAtCsms('FI-LATENCY-MARKER', lastCsmsCallId('FI-LATENCY-MARKER', 'GetConfiguration'))[0]!;
  await slowAnswer;
  assert.ok(marker.i < answersAtCsms('FI-LATENCY', lastCsmsCallId('FI-LATENCY', 'GetConfiguration'))[0]!.i);
  assert.deepEqual(marks(slow), ['in GetConfiguration latency 400ms', 'out GetConfiguration latency 400ms']);
});
