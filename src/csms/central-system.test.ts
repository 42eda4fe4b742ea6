/**
 * The embedded central system answers every connection from one shared table of handlers (decision D34):
 * what each answer records must still land in the record of the station that sent it, with two stations'
 * messages interleaved on their own sockets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startCsms } from './central-system.ts';

/** A bare OCPP-J client: sends a CALL and resolves with the parsed answer frame. */
async function rawStation(url: string, id: string): Promise<{ call(messageId: string, action: string, payload: object): Promise<unknown[]>; close(): void }> {
  const ws = new WebSocket(`${url}/${id}`, 'ocpp1.6');
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  const waiting = new Map<string, (f: unknown[]) => void>();
  ws.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString()) as unknown[];
    waiting.get(f[1] as string)?.(f);
  });
  return {
    call(messageId, action, payload) {
      return new Promise((resolve) => { waiting.set(messageId, resolve); ws.send(JSON.stringify([2, messageId, action, payload])); });
    },
    close() { ws.close(); },
  };
}

test('shared CSMS handlers: two stations interleaved keep their own boot, statuses, heartbeat and transactions', async () => {
  const csms = await startCsms({ tags: { TAG: 'Accepted' }, recordFrames: false });
  const a = await rawStation(csms.url, 'CP-A');
  const b = await rawStation(csms.url, 'CP-B');
  try {
    const boot = (model: string): object => ({ chargePointVendor: 'Schneider Electric', chargePointModel: model });
    const status = (connectorId: number, s: string): object => ({ connectorId, errorCode: 'NoError', status: s });
    assert.equal((await a.call('1', 'BootNotification', boot('MODEL-A')))[0], 3);
    assert.equal((await b.call('1', 'BootNotification', boot('MODEL-B')))[0], 3);
    await a.call('2', 'BootNotification', boot('MODEL-A2'));
    await b.call('2', 'StatusNotification', status(1, 'Preparing'));
    await a.call('3', 'StatusNotification', status(0, 'Available'));
    await a.call('4', 'StatusNotification', status(1, 'Faulted'));
    await b.call('3', 'Heartbeat', {});
    // The same message id from both stations: each is its own transaction, not a retransmission.
    const startA = await a.call('tx', 'StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' });
    const startB = await b.call('tx', 'StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 10, timestamp: '2026-01-01T00:00:00Z' });
    const againA = await a.call('tx', 'StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' });

    const ra = csms.station('CP-A')!, rb = csms.station('CP-B')!;
    assert.equal(ra.bootCount, 2);
    assert.equal(rb.bootCount, 1);
    assert.equal(ra.boot?.chargePointModel, 'MODEL-A2');
    assert.equal(rb.boot?.chargePointModel, 'MODEL-B');
    assert.deepEqual([...ra.statuses.keys()].sort(), [0, 1]);
    assert.equal(ra.statuses.get(1)?.status, 'Faulted');
    assert.deepEqual([...rb.statuses.keys()], [1]);
    assert.equal(rb.statuses.get(1)?.status, 'Preparing');
    assert.equal(ra.lastHeartbeatAt, undefined);
    assert.equal(typeof rb.lastHeartbeatAt, 'number');
    const idA = (startA[2] as { transactionId: number }).transactionId, idB = (startB[2] as { transactionId: number }).transactionId;
    assert.notEqual(idA, idB);
    assert.equal((againA[2] as { transactionId: number }).transactionId, idA, 'a retransmission of CP-A gets its first answer');
    assert.deepEqual(csms.ledger.all().map((t) => [t.stationId, t.start.meterStart]), [['CP-A', 0], ['CP-B', 10]]);

    // An override answers for every station, and recording goes on for each.
    csms.override('Heartbeat', () => ({ currentTime: '2030-01-01T00:00:00.000Z' }));
    const hb = await a.call('5', 'Heartbeat', {});
    assert.deepEqual(hb[2], { currentTime: '2030-01-01T00:00:00.000Z' });
    assert.equal(typeof ra.lastHeartbeatAt, 'number');
  } finally {
    a.close();
    b.close();
    await csms.close();
  }
});
