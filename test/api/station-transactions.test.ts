import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { ControlApiClient } from '../../src/api-client/client.ts';
import type { StationTransaction } from '../../src/api/station-transactions.ts';
import { waitFor } from '../support/wait-for.ts';

test('transactions of a station run without the embedded CSMS (as `chargetwin station`): the station\'s own record', async () => {
  const clock = new ScaledClock();
  // The central system here stands for a foreign one: the control API is not given it.
  const csms = await startCsms({ clock, tags: { 'TAG-1': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, clock, port: 0 });
  const c = new ControlApiClient(api.url);
  const outStops = () => fleet.get('EVB-TX').frames!.list({ action: 'StopTransaction', direction: 'out' }).length;
  try {
    fleet.add({ id: 'EVB-TX' });
    await waitFor(() => fleet.get('EVB-TX').station.registration === 'Accepted');
    assert.deepEqual(await c.transactions('EVB-TX'), []);
    await c.plug('EVB-TX', 1);
    assert.deepEqual(await c.badge('EVB-TX', 'TAG-1'), { accepted: true });
    await c.evRequesting('EVB-TX', 1, true);
    await waitFor(() => csms.ledger.forStation('EVB-TX').length === 1);
    await waitFor(() => fleet.get('EVB-TX').frames!.list({ action: 'StartTransaction', direction: 'in' }).length === 1);
    const [running] = await c.transactions('EVB-TX') as StationTransaction[];
    assert.deepEqual([running?.state, running?.connectorId, running?.idTag, running?.transactionId, running?.idTagStatus, running?.startSent, running?.stopReason],
      ['running', 1, 'TAG-1', csms.ledger.forStation('EVB-TX')[0]!.transactionId, 'Accepted', true, null]);
    await clock.fastForward(10 * 60_000);
    await c.stop('EVB-TX', 1);
    await waitFor(() => outStops() === 1);
    // A second transaction ended by a hard reboot: the station stops it with reason HardReset first.
    await c.unplug('EVB-TX', 1);
    await c.plug('EVB-TX', 1);
    await c.badge('EVB-TX', 'TAG-1');
    await c.evRequesting('EVB-TX', 1, true);
    await waitFor(() => csms.ledger.forStation('EVB-TX').length === 2);
    await c.reboot('EVB-TX', 'Hard');
    await waitFor(() => outStops() === 2);
    const txs = await c.transactions('EVB-TX');
    const ledger = csms.ledger.forStation('EVB-TX');
    assert.deepEqual(txs.map((t) => [t.state, t.stopReason, t.transactionId, t.meterStart, t.meterStop]),
      ledger.map((l) => ['stopped', l.stop?.reason ?? 'Local', l.transactionId, l.start.meterStart, l.stop?.meterStop]));
    assert.deepEqual(txs.map((t) => t.stopReason), ['Local', 'HardReset']);
    assert.ok(txs[0]!.meterStop! - txs[0]!.meterStart > 3000, 'ten minutes at 22 kW');
    // The embedded central system's ledger is not there: a stable code and 501.
    await assert.rejects(c.csmsTransactions(), (e: Error & { code?: string; details?: { status: number } }) => e.code === 'TWIN_ERR_API_NO_CSMS' && e.details?.status === 501);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
