/**
 * OCPP 1.6 §4.2 registration states seen from a central system on the wire (a bare ws server that answers
 * the BootNotification as each test says):
 * - Pending: "The Charge Point SHALL NOT send request messages to the Central System unless it has been
 *   instructed by the Central System to do so with a TriggerMessage.req request": a triggered message is
 *   sent, nothing else is. "While in pending state, the following Central System initiated messages are
 *   not allowed: RemoteStartTransaction.req and RemoteStopTransaction.req": the station refuses them.
 * - Rejected: "While Rejected, the Charge Point SHALL NOT respond to any Central System initiated
 *   message": calls get no answer, not even a CALLERROR, until a later BootNotification is Accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStation, type StationHandle } from '../../src/sdk.ts';
import { waitFor } from '../support/wait-for.ts';
import { startScriptedCsms, type ScriptedCsms } from '../support/scripted-csms.ts';

/** A central system that answers the n-th BootNotification with `bootAnswer(n)`, a Heartbeat with the time, anything else with {}. */
const peer = (bootAnswer: (n: number) => { status: string; interval: number }): Promise<ScriptedCsms> => startScriptedCsms((action, n) => {
  const now = new Date().toISOString();
  return action === 'BootNotification' ? { ...bootAnswer(n), currentTime: now } : action === 'Heartbeat' ? { currentTime: now } : {};
});

test('OCPP 1.6 §4.2 Pending: a TriggerMessage is answered and its message sent (StatusNotification, Heartbeat); RemoteStartTransaction and RemoteStopTransaction are Rejected; nothing else is sent', { timeout: 30_000 }, async () => {
  const csms = await peer(() => ({ status: 'Pending', interval: 3600 }));
  let station: StationHandle | undefined;
  try {
    station = await startStation({ csmsUrl: csms.url, id: 'EVB-PENDING' });
    await waitFor(() => station!.state().registration === 'Pending', 10_000, 'registration Pending');
    csms.send([2, 'p-start', 'RemoteStartTransaction', { idTag: 'TAG-P', connectorId: 1 }]);
    csms.send([2, 'p-stop', 'RemoteStopTransaction', { transactionId: 1 }]);
    await waitFor(() => csms.answerTo('p-start') !== undefined && csms.answerTo('p-stop') !== undefined, 5000, 'both answered');
    assert.deepEqual(csms.answerTo('p-start')![2], { status: 'Rejected' });
    assert.deepEqual(csms.answerTo('p-stop')![2], { status: 'Rejected' });
    assert.equal(station.state().connectors[1]!.status, 'Available', 'no session was prepared');
    csms.send([2, 'p-trigger-status', 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }]);
    await waitFor(() => csms.callsOf('StatusNotification').length === 1, 5000, () => `the triggered StatusNotification; received: ${JSON.stringify(csms.received)}`);
    assert.deepEqual(csms.answerTo('p-trigger-status')![2], { status: 'Accepted' });
    assert.equal((csms.callsOf('StatusNotification')[0]![3] as { connectorId: number }).connectorId, 1);
    csms.send([2, 'p-trigger-heartbeat', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
    await waitFor(() => csms.callsOf('Heartbeat').length === 1, 5000, 'the triggered Heartbeat');
    // Only the BootNotification and the two triggered messages came as calls from the station.
    assert.deepEqual(csms.received.filter((f) => f[0] === 2).map((f) => String(f[2])), ['BootNotification', 'StatusNotification', 'Heartbeat']);
  } finally {
    await station?.stop();
    await csms.close();
  }
});

test('OCPP 1.6 §4.2 Rejected: central-system calls get no answer (not even a CALLERROR) until a later BootNotification is Accepted; then they are answered again', { timeout: 30_000 }, async () => {
  // The first boot is Rejected with a retry interval of 2 s; the next one is Accepted.
  const csms = await peer((n) => (n === 1 ? { status: 'Rejected', interval: 2 } : { status: 'Accepted', interval: 3600 }));
  let station: StationHandle | undefined;
  try {
    station = await startStation({ csmsUrl: csms.url, id: 'EVB-REJECTED' });
    await waitFor(() => station!.state().registration === 'Rejected', 10_000, 'registration Rejected');
    csms.send([2, 'r-get', 'GetConfiguration', { key: ['HeartbeatInterval'] }]);
    csms.send([2, 'r-trigger', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
    csms.send([2, 'r-unknown', 'NoSuchAction', {}]);
    csms.send('not json');
    // The next BootNotification comes after the retry interval: anything answered would have come long before.
    await waitFor(() => csms.callsOf('BootNotification').length === 2, 10_000, 'the BootNotification after the retry interval');
    await waitFor(() => station!.state().registration === 'Accepted', 5000, 'Accepted');
    const answers = csms.received.filter((f) => f[0] === 3 || f[0] === 4).map((f) => String(f[1]));
    assert.deepEqual(answers, [], 'no answer while Rejected');
    csms.send([2, 'a-get', 'GetConfiguration', { key: ['HeartbeatInterval'] }]);
    await waitFor(() => csms.answerTo('a-get') !== undefined, 5000, 'answered once Accepted');
    assert.equal(csms.callsOf('Heartbeat').length, 0, 'the trigger sent while Rejected was not acted on');
  } finally {
    await station?.stop();
    await csms.close();
  }
});
