import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, TransactionLedger } from '../../src/csms/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { waitFor } from '../support/wait-for.ts';

test('OCPP 1.6 §4.8 outage: the CSMS is down for a simulated hour mid-session; afterwards its record holds every message exactly once, in order', async () => {
  const ledger = new TransactionLedger();
  let csms = await startCsms({ ledger, tags: { EVLINK: 'Accepted' } });
  const port = csms.port;
  const clock = new ScaledClock();
  const fleet = createFleet({
    csmsUrl: csms.url, clock, backoff: { initialMs: 30, maxMs: 100, jitter: 0 },
    build: buildEvlinkStation({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '300', AlignedDataInterval: '0', HeartbeatInterval: '600' } }),
  });
  try {
    const m = fleet.add({ id: 'EVB-OUT' });
    await waitFor(() => m.station.registration === 'Accepted');
    m.station.context.controls.plugIn!(1);
    m.station.context.controls.evRequestsEnergy!(1, true);
    await waitFor(() => ledger.forStation('EVB-OUT').length === 1);
    await csms.close();
    await waitFor(() => m.runtime.link !== 'open');
    await clock.fastForward(3600_000);
    const queued = (m.station.context.controls.state!() as { connectors: Array<{ transaction: unknown }> }).connectors[0]!.transaction;
    assert.ok(queued, 'the session went on while offline');
    csms = await startCsms({ port, ledger, tags: { EVLINK: 'Accepted' } });
    await waitFor(() => m.runtime.link === 'open', 5000, 'reconnect').catch((e) => { throw new Error(`${String(e)} link=${m.runtime.link} err=${m.runtime.lastError} clock=${JSON.stringify(clock.state())}`); });
    await waitFor(() => (ledger.forStation('EVB-OUT')[0]?.meterValues.length ?? 0) >= 12, 5000, 'queued meter values delivered');
    m.station.context.controls.unplug!(1);
    await waitFor(() => ledger.forStation('EVB-OUT')[0]?.stop !== undefined, 5000, 'stop');
    const [tx] = ledger.forStation('EVB-OUT');
    assert.deepEqual(tx!.anomalies, []);
    assert.deepEqual(ledger.orphans, []);
    const stamps = tx!.meterValues.map((mv) => Date.parse(mv.meterValue[0]!.timestamp));
    assert.ok(stamps.every((t, i) => i === 0 || t > stamps[i - 1]!), 'in order');
    assert.equal(new Set(stamps).size, stamps.length, 'no duplicates');
    assert.equal(tx!.meterValues.length, 12, 'one every 300 s during the hour');
    const heartbeatsAfter = csms.frames.filter((f) => f.direction === 'in' && JSON.parse(f.text)[2] === 'Heartbeat').length;
    assert.ok(heartbeatsAfter <= 1, 'heartbeats missed while offline are not replayed');
  } finally {
    await fleet.stop();
    await csms.close();
    clock.dispose();
  }
});
