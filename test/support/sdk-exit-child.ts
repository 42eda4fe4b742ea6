/**
 * A test suite's life in one process, for the "nothing holds the event loop after stop/close" test: an
 * embedded CSMS and an SDK station, a badge session, the badge again to stop it, then the teardown a
 * suite does (`await station.stop()`, other teardown, `await csms.close()`). The station is stopped while
 * its StopTransaction and StatusNotification are still on their way, so answers arrive after stop.
 * Prints CLOSED when the teardown is done, and never calls process.exit: the process must end by itself.
 *   node --import ./bin/register-ts.mjs test/support/sdk-exit-child.ts
 */
import { startCsms, startStation } from '../../src/index.ts';

const csms = await startCsms({ tags: { 'BADGE-42': 'Accepted' } });
const station = await startStation({ csmsUrl: csms.url, id: 'EVB-EXIT' });
await station.waitFor((s) => s.registration === 'Accepted');
await station.plugIn(1);
await station.presentBadge('BADGE-42');
await station.evRequestsEnergy(1, true);
await station.waitFor((s) => s.connectors[1]!.status === 'Charging');
await station.presentBadge('BADGE-42');
await station.stop();
await new Promise((r) => setTimeout(r, 20)); // the rest of a suite's teardown: answers in flight arrive now
await csms.close();
process.stdout.write('CLOSED\n');
// If something still holds the process, say what (unref'd: this report itself holds nothing).
setTimeout(() => process.stdout.write(`HELD ${JSON.stringify(process.getActiveResourcesInfo())}\n`), 1500).unref();
