/**
 * A station process for the kill -9 test: one EVlink twin with durable SQLite state, running charging
 * sessions back to back on a fast clock (60×) until it is killed; it prints BOOTED once its first
 * BootNotification is accepted. With "final" it instead finishes: one
 * more complete session, then it waits until every queued transaction message is delivered, prints
 * DONE and exits 0.
 *   node --import ./bin/register-ts.mjs test/support/crash-child.ts <csmsUrl> <dataDir> <stationId> loop|final
 */
import { join } from 'node:path';
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { openDatabase, sqliteQueueStore, sqliteStationStore } from '../../src/persistence/index.ts';
import { consoleLogger } from '../../src/cli/console-logger.ts';

const [csmsUrl, dataDir, stationId, mode] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(join(dataDir, 'chargetwin.db'));
const clock = new ScaledClock({ scale: 60 });
const build = buildEvlinkStation({
  // Warnings (a message dropped from the queue, a call not processed) go to stderr, which the test reports.
  logger: consoleLogger('warn'),
  storeFor: (id) => sqliteStationStore(db, id),
  queueFor: (id) => sqliteQueueStore(db, id),
  configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '5', AlignedDataInterval: '0' },
});
// Call timeouts are real time on this 60× clock (the default 30 s), so a CSMS slowed by a busy machine does
// not make StartTransactions "time out" and their transactions be given up.
const fleet = createFleet({ csmsUrl, clock, build, framesPerStation: 0, backoff: { initialMs: 600, maxMs: 3000, jitter: 0 }, rebootDelayMs: 0 });
// What this run starts from (for a failure's report): the saved transaction per connector and the queue.
{
  const saved = sqliteStationStore(db, stationId).load<{ connectors: Array<{ id: number; tx?: { txRef: string; transactionId?: number }; fsm: { transaction: boolean } }> }>('sessions');
  const txs = (saved?.connectors ?? []).map((c) => `${c.id}:${c.tx ? `${c.tx.transactionId ?? '?'}/${c.tx.txRef.slice(-6)}` : '-'}${c.fsm.transaction ? '*' : ''}`).join(',');
  const q = sqliteQueueStore(db, stationId).list().map((m) => `${m.action[0]}${m.seq}`).join(' ');
  process.stdout.write(`START tx=${txs || 'none'} queue=[${q}]\n`);
}
const member = fleet.add({ id: stationId });
const station = () => member.station;
const queue = sqliteQueueStore(db, stationId);

const wait = (simMs: number) => new Promise<void>((r) => clock.setTimeout(r, simMs));
const until = async (cond: () => boolean) => { while (!cond()) await new Promise((r) => setTimeout(r, 10)); };

async function session(): Promise<void> {
  const c = station().context.controls;
  const conn = () => (station().context.controls.state!() as { connectors: Array<{ plugged: boolean; transaction: unknown }> }).connectors[0]!;
  if (conn().plugged) { c.unplug!(1); await wait(2000); }
  c.plugIn!(1);
  c.evRequestsEnergy!(1, true);
  await wait(20_000 + Math.floor(Math.random() * 20_000));
  c.unplug!(1);
  await wait(2000);
}

await until(() => station().registration === 'Accepted');
// The parent chooses its kill point from here: a kill before boot would test nothing but start-up.
process.stdout.write('BOOTED\n');
if (mode === 'final') {
  await session();
  await until(() => queue.size() === 0);
  process.stdout.write('DONE\n');
  await fleet.stop();
  db.close();
  process.exit(0);
}
for (;;) await session();
