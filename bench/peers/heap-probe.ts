/**
 * Where a twin's memory goes: boots `<n>` EVlink twins against `<csmsUrl>` (start bench/peers/csms-server.ts
 * first), prints heap and RSS per twin over the baseline, and writes a V8 heap snapshot to `[file]` for
 * Chrome DevTools. Used to find per-station costs (decisions D5 and D8).
 *   node --expose-gc --import ./bin/register-ts.mjs bench/peers/heap-probe.ts <csmsUrl> <n> [file]
 */
import { writeHeapSnapshot } from 'node:v8';
import { bootAll, gc, warmFleet } from './boot-fleet.ts';

const [url, nArg] = process.argv.slice(2) as [string, string];
const n = Number(nArg);
const fleet = await warmFleet(url, 1);
gc(); gc();
const m0 = process.memoryUsage();
await bootAll(fleet, n, 'EVB-');
await new Promise((r) => setTimeout(r, 2000));
gc(); gc();
const m1 = process.memoryUsage();
console.log(JSON.stringify({ heapPerKiB: (m1.heapUsed - m0.heapUsed) / n / 1024, rssPerKiB: (m1.rss - m0.rss) / n / 1024, extPerKiB: (m1.external - m0.external) / n / 1024, abPerKiB: (m1.arrayBuffers - m0.arrayBuffers)/n/1024 }));
if (process.argv[4]) writeHeapSnapshot(process.argv[4]);
process.exit(0);
