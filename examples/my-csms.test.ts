/**
 * How a CSMS team tests its own central system with ChargeTwin: point a twin at the CSMS URL and drive
 * it. Here the "CSMS under test" is the embedded one; replace `csms.url` with yours.
 *   node --import ./bin/register-ts.mjs --test examples/my-csms.test.ts
 * (in a checkout the loader runs this .ts file and resolves 'chargetwin' to the sources; in your project,
 * after `npm i -D chargetwin`, the import loads the built package with plain Node)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation } from 'chargetwin';

test('my CSMS accepts a badge session and records the energy', async () => {
  const csms = await startCsms({ tags: { 'BADGE-42': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-EXAMPLE' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    await station.plugIn(1); // an EV that asks for energy as soon as it is plugged in
    assert.deepEqual(await station.presentBadge('BADGE-42'), { accepted: true });
    await station.waitFor((s) => s.connectors[1]!.status === 'Charging');
    await station.clock.fastForward(30 * 60_000); // half an hour of charging in no time
    await station.presentBadge('BADGE-42'); // the same badge stops it
    // Finishing, and every transaction message answered by the CSMS: the StopTransaction is in its records.
    await station.waitFor((s) => s.connectors[1]!.status === 'Finishing' && s.transactionQueue?.length === 0);
    const [tx] = csms.ledger.forStation('EVB-EXAMPLE');
    assert.equal(tx?.stop?.reason, 'Local', JSON.stringify({ tx, frames: station.frames().map((f) => f.text.slice(0, 90)) }));
    assert.ok((tx?.stop?.meterStop ?? 0) > 10_000, 'about 11 kWh in half an hour at 22 kW');
  } finally {
    await station.stop();
    await csms.close();
  }
});
