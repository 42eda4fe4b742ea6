/**
 * OCPP 1.6 §4.8, docs/conformance/offline-queue.md "Transaction started offline": a transaction that
 * starts and ends while the network is cut runs locally; on reconnect its StartTransaction goes first,
 * and the transactionId the CSMS returns is the one every queued MeterValues and the StopTransaction
 * carry (never 0 or -1). Checked against the embedded CSMS's ledger and its raw frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, TransactionLedger } from '../../src/csms/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { waitFor } from '../support/wait-for.ts';

const MODES = {
  free: { AuthenticationOCPPMode: 'false' },
  badge: { AuthenticationOCPPMode: 'true', LocalAuthListEnabled: 'true', LocalAuthorizeOffline: 'true' },
} as const;

async function offlineTransaction(mode: keyof typeof MODES): Promise<void> {
  // Transaction ids far from 0 so that a message sent with a placeholder id would show up as an orphan.
  const csms = await startCsms({ tags: { EVLINK: 'Accepted', 'TAG-LOCAL': 'Accepted' }, ledger: new TransactionLedger(9000) });
  const clock = new ScaledClock();
  const fleet = createFleet({
    csmsUrl: csms.url, clock, backoff: { initialMs: 30, maxMs: 100, jitter: 0 },
    build: buildEvlinkStation({ configOverrides: { ...MODES[mode], SampledDataInterval: '300', AlignedDataInterval: '0', HeartbeatInterval: '3600' } }),
  });
  try {
    const m = fleet.add({ id: 'EVB-OFF' });
    await waitFor(() => m.station.registration === 'Accepted', 5000, 'boot');
    const c = m.station.context.controls;
    if (mode === 'badge') c.setLocalList!([{ idTag: 'TAG-LOCAL', status: 'Accepted' }], 1);
    m.runtime.cutNetwork();
    await waitFor(() => m.runtime.link !== 'open', 5000, 'offline');
    if (mode === 'badge') assert.deepEqual(await c.presentBadge!('TAG-LOCAL', 1), { accepted: true }, 'the local list authorizes offline');
    c.plugIn!(1);
    c.evRequestsEnergy!(1, true);
    await clock.fastForward(21 * 60_000);
    c.unplug!(1);
    const view = m.station.context.controls.state!() as { connectors: Array<{ transaction: unknown }> };
    assert.equal(view.connectors[0]!.transaction, null, 'the transaction ended while offline');
    assert.equal(csms.ledger.forStation('EVB-OFF').length, 0, 'nothing reached the CSMS yet');
    const queued = (m.station.context.controls as { transactionQueue?: () => { length: number } }).transactionQueue!().length;
    assert.equal(queued, 1 + 4 + 1, 'Start, four 5-minute samples and Stop wait in the queue');

    m.runtime.restoreNetwork();
    await waitFor(() => csms.ledger.forStation('EVB-OFF')[0]?.stop !== undefined, 5000, 'StopTransaction delivered');
    const [tx, ...others] = csms.ledger.forStation('EVB-OFF');
    assert.equal(others.length, 0, 'one transaction');
    assert.deepEqual(tx!.anomalies, []);
    assert.deepEqual(csms.ledger.orphans, [], 'no message named a transaction the CSMS does not know (0, -1, stale)');
    assert.deepEqual(tx!.events.map((e) => e.action), ['StartTransaction', 'MeterValues', 'MeterValues', 'MeterValues', 'MeterValues', 'StopTransaction']);
    assert.equal(tx!.stop!.reason, 'EVDisconnected');
    assert.equal(tx!.start.idTag, mode === 'badge' ? 'TAG-LOCAL' : m.station.context.config.str('DefaultIdTag'));
    // The raw frames: every MeterValues / StopTransaction the station sent carried the id the CSMS gave.
    const sent = csms.frames.filter((f) => f.stationId === 'EVB-OFF' && f.direction === 'in').map((f) => JSON.parse(f.text) as unknown[]).filter((f) => f[0] === 2 && (f[2] === 'MeterValues' || f[2] === 'StopTransaction'));
    assert.equal(sent.length, 5);
    for (const f of sent) assert.equal((f[3] as { transactionId: number }).transactionId, tx!.transactionId, `${String(f[2])} carries the CSMS's transactionId`);
    assert.ok(tx!.meterValues.every((mv) => Date.parse(mv.meterValue[0]!.timestamp) < Date.parse(tx!.stop!.timestamp)), 'samples were taken during the offline session, before the stop');
  } finally {
    await fleet.stop();
    await csms.close();
    clock.dispose();
  }
}

test('OCPP 1.6 §4.8 a transaction started offline (free mode) gets its real transactionId on reconnect; its queued MeterValues and StopTransaction carry it', () => offlineTransaction('free'));

test('OCPP 1.6 §4.8 a transaction started offline with a badge of the local list gets its real transactionId on reconnect; its queued MeterValues and StopTransaction carry it', () => offlineTransaction('badge'));
