import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation, type Csms, type StationHandle } from '../../src/index.ts';
import { isTwinError } from '../../src/shared/errors.ts';

let csms: Csms, station: StationHandle;
const status = (c = 1) => station.state().connectors[c]!.status;

before(async () => {
  csms = await startCsms({ tags: { 'TAG-SDK': 'Accepted' } });
  station = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK' });
  await station.waitFor((s) => s.registration === 'Accepted');
});
after(async () => { await station.stop(); await csms.close(); });

test('SDK: setEv changes the simulated EV; out-of-range settings are refused and change nothing', async () => {
  await station.setEv(1, { maxCurrentA: 10, socPercent: 35, capacityKWh: 60 });
  assert.deepEqual(station.state().connectors[1]!.ev, { maxCurrentA: 10, phases: 3, capacityKWh: 60, socPercent: 35 });
  for (const bad of [{ socPercent: 500 }, { maxCurrentA: -1 }, { phases: 2 }, { capacityKWh: 0 }]) {
    await assert.rejects(station.setEv(1, bad as never), (e) => isTwinError(e, 'TWIN_ERR_API_BAD_REQUEST'), JSON.stringify(bad));
  }
  assert.equal((station.state().connectors[1]!.ev as { socPercent: number }).socPercent, 35);
  await assert.rejects(station.setEv(7, { socPercent: 10 }), (e) => isTwinError(e, 'TWIN_ERR_NO_SUCH_CONNECTOR'));
});

test('SDK: raiseError faults the connector and clearError releases it; unknown codes are refused', async () => {
  await station.raiseError('12.0', 1);
  await station.waitFor(() => status() === 'Faulted');
  assert.deepEqual(station.state().connectors[1]!.faults, ['12.0']);
  await station.clearError('12.0', 1);
  await station.waitFor(() => status() === 'Available');
  await assert.rejects(station.raiseError('99.9'), (e) => isTwinError(e, 'TWIN_ERR_UNKNOWN_VENDOR_ERROR'));
  await assert.rejects(station.clearError('99.9'), (e) => isTwinError(e, 'TWIN_ERR_UNKNOWN_VENDOR_ERROR'));
});

test('SDK: setAvailability takes a connector out of service and back, as the CSMS sees it', async () => {
  const reported = () => station.frames({ action: 'StatusNotification', direction: 'out' }).map((f) => (JSON.parse(f.text) as [number, string, string, { connectorId: number; status: string }])[3]).filter((p) => p.connectorId === 1).map((p) => p.status);
  await station.setAvailability(1, false);
  await station.waitFor(() => status() === 'Unavailable' && reported().at(-1) === 'Unavailable');
  await station.setAvailability(1, true);
  await station.waitFor(() => status() === 'Available' && reported().at(-1) === 'Available');
  assert.deepEqual(reported().slice(-2), ['Unavailable', 'Available']);
});

test('SDK: setLocalList and localList', async () => {
  await station.setLocalList([{ idTag: 'LOCAL-1', status: 'Accepted' }, { idTag: 'LOCAL-2', status: 'Blocked' }], 7);
  assert.deepEqual(station.localList(), { version: 7, entries: [{ idTag: 'LOCAL-1', status: 'Accepted' }, { idTag: 'LOCAL-2', status: 'Blocked' }] });
  assert.equal(station.state().localListVersion, 7);
});

test('SDK: network cut and restore; power cut and restore (a new boot); reboot', async () => {
  await station.cutNetwork();
  await station.waitFor(() => csms.station('EVB-SDK')?.connected === false || station.state().link !== 'open');
  await station.restoreNetwork();
  await station.waitFor((s) => s.link === 'open');
  const boots = () => csms.station('EVB-SDK')?.bootCount ?? 0;
  const before = boots();
  await station.powerCut();
  assert.equal(station.state().link, 'powered-off');
  await station.powerRestore();
  await station.waitFor((s) => s.link === 'open' && s.registration === 'Accepted' && boots() === before + 1);
  const reboots = station.state().reboots;
  await station.reboot('Soft');
  await station.waitFor((s) => s.reboots > reboots && s.registration === 'Accepted' && boots() === before + 2);
});

test('SDK: transactions — the station\'s own record after a badge session', async () => {
  await station.plugIn(1);
  assert.deepEqual(await station.presentBadge('TAG-SDK'), { accepted: true });
  await station.evRequestsEnergy(1, true);
  await station.waitFor((s) => s.connectors[1]!.status === 'Charging');
  await station.waitFor(() => station.transactions()[0]?.transactionId !== null && station.transactions().length === 1);
  assert.equal(station.transactions()[0]?.state, 'running');
  await station.clock.fastForward(5 * 60_000);
  await station.pressStop(1);
  await station.waitFor(() => station.transactions()[0]?.state === 'stopped');
  const [tx] = station.transactions();
  const [ledger] = csms.ledger.forStation('EVB-SDK');
  assert.deepEqual([tx?.transactionId, tx?.idTag, tx?.stopReason, tx?.meterStop], [ledger?.transactionId, 'TAG-SDK', 'Local', ledger?.stop?.meterStop ?? tx?.meterStop]);
  assert.ok((tx?.meterStop ?? 0) > (tx?.meterStart ?? 0));
  await station.unplug(1);
});
