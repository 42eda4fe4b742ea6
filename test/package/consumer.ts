// A TypeScript user of the installed package (scripts/consumer-test.mjs compiles this with module NodeNext
// and strict, nothing else, then runs it): boots a twin against the embedded CSMS, charges, stops.
import { openDatabase, startCsms, startStation, type Csms, type SqliteDatabase, type StationHandle, type StationView } from 'chargetwin';

const csms: Csms = await startCsms({ tags: { 'BADGE-TS': 'Accepted' } });
const station: StationHandle = await startStation({ csmsUrl: csms.url, id: 'EVB-CONSUMER-TS' });
try {
  const view: StationView = await station.waitFor((s) => s.registration === 'Accepted');
  await station.plugIn(1);
  const badge: { accepted: boolean } = await station.presentBadge('BADGE-TS');
  if (!badge.accepted) throw new Error('the embedded CSMS refused the badge');
  await station.evRequestsEnergy(1, true);
  await station.waitFor((s) => s.connectors[1]?.status === 'Charging');
  await station.clock.fastForward(10 * 60_000);
  await station.presentBadge('BADGE-TS');
  await station.waitFor((s) => s.connectors[1]?.status === 'Finishing');
  let stop: number | undefined;
  for (let i = 0; i < 200 && stop === undefined; i++) {
    stop = csms.ledger.forStation('EVB-CONSUMER-TS')[0]?.stop?.meterStop;
    if (stop === undefined) await new Promise((r) => setTimeout(r, 25));
  }
  if (stop === undefined || stop <= 0) throw new Error('the CSMS recorded no StopTransaction with energy');
  const db: SqliteDatabase = openDatabase(':memory:');
  db.close();
  console.log(`typescript consumer: ${view.registration}, charged ${stop} Wh, stopped`);
} finally {
  await station.stop();
  await csms.close();
}
