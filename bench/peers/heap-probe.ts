/**
 * Where a twin's memory goes: boots `<n>` EVlink twins against `<csmsUrl>` (start bench/peers/csms-server.ts
 * first), prints heap and RSS per twin over the baseline, and writes a V8 heap snapshot to `[file]` for
 * Chrome DevTools. Used to find per-station costs (decisions D5, D8 and D27). A fourth argument
 * `station-cli` sets the fleet up as `chargetwin station --count` does (SQLite state, 50 frames each).
 *   node --expose-gc --import ./bin/register-ts.mjs bench/peers/heap-probe.ts <csmsUrl> <n> [file|-] [station-cli]
 */
import { writeHeapSnapshot } from 'node:v8';
import { bootAll, gc, warmFleet } from './boot-fleet.ts';

const [url, nArg, file, kind] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];
const n = Number(nArg);
const fleet = await warmFleet(url, 1, kind === 'station-cli');
gc(); gc();
const m0 = process.memoryUsage();
await bootAll(fleet, n, 'EVB-');
await new Promise((r) => setTimeout(r, 2000));
gc(); gc();
const m1 = process.memoryUsage();
console.log(JSON.stringify({ heapPerKiB: (m1.heapUsed - m0.heapUsed) / n / 1024, rssPerKiB: (m1.rss - m0.rss) / n / 1024, extPerKiB: (m1.external - m0.external) / n / 1024, abPerKiB: (m1.arrayBuffers - m0.arrayBuffers)/n/1024 }));
if (file !== undefined && file !== '-') writeHeapSnapshot(file);
process.exit(0);
