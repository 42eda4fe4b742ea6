// A JavaScript (ESM) user of the installed package, run with plain node by scripts/consumer-test.mjs:
// boots a twin against the embedded CSMS, charges, stops.
import { startCsms, startStation } from 'chargetwin';

const csms = await startCsms({ tags: { 'BADGE-JS': 'Accepted' } });
const station = await startStation({ csmsUrl: csms.url, id: 'EVB-CONSUMER-JS' });
try {
  const view = await station.waitFor((s) => s.registration === 'Accepted');
  await station.plugIn(1);
  const badge = await station.presentBadge('BADGE-JS');
  if (!badge.accepted) throw new Error('the embedded CSMS refused the badge');
  await station.evRequestsEnergy(1, true);
  await station.waitFor((s) => s.connectors[1]?.status === 'Charging');
  await station.clock.fastForward(10 * 60_000);
  await station.presentBadge('BADGE-JS');
  await station.waitFor((s) => s.connectors[1]?.status === 'Finishing');
  let stop;
  for (let i = 0; i < 200 && stop === undefined; i++) {
    stop = csms.ledger.forStation('EVB-CONSUMER-JS')[0]?.stop?.meterStop;
    if (stop === undefined) await new Promise((r) => setTimeout(r, 25));
  }
  if (stop === undefined || stop <= 0) throw new Error('the CSMS recorded no StopTransaction with energy');
  console.log(`javascript consumer: ${view.registration}, charged ${stop} Wh, stopped`);
} finally {
  await station.stop();
  await csms.close();
}
