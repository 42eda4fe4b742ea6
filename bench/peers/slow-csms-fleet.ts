/**
 * N booted EVlink twins behind a slow central system (another process answering every call 2 s late,
 * HeartbeatInterval 1 s): nothing periodic may pile up (decision D11), so RSS stays flat.
 *   `<csmsUrl> <n> <seconds>` → RSS (after a forced GC) at the start, middle and end of the window, and
 *   the least-squares slope of the samples taken every 5 s, in MiB per minute.
 */
import { bootAll, gc, warmFleet } from './boot-fleet.ts';

const [url, nArg, secondsArg] = process.argv.slice(2) as [string, string, string];
const n = Number(nArg);
const seconds = Number(secondsArg);
const fleet = await warmFleet(url, 0);
await bootAll(fleet, n, 'SLOW-');
// The boot's own garbage and the statuses still waiting for their slow answers settle first.
await new Promise((r) => setTimeout(r, 10_000));
const mib = (): number => { gc(); gc(); return process.memoryUsage().rss / 2 ** 20; };
const samples: Array<[number, number]> = [];
const t0 = performance.now();
for (;;) {
  const t = (performance.now() - t0) / 1000;
  samples.push([t, mib()]);
  if (t >= seconds) break;
  await new Promise((r) => setTimeout(r, Math.min(5000, (seconds - t) * 1000)));
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const mt = mean(samples.map(([t]) => t));
const mr = mean(samples.map(([, r]) => r));
const slopePerS = samples.reduce((a, [t, r]) => a + (t - mt) * (r - mr), 0) / samples.reduce((a, [t]) => a + (t - mt) ** 2, 0);
const at = (f: number): number => samples[Math.min(samples.length - 1, Math.round(f * (samples.length - 1)))]![1];
process.stdout.write(`${JSON.stringify({ n, seconds, startMiB: at(0), middleMiB: at(0.5), endMiB: at(1), slopeMiBPerMin: slopePerS * 60, samples: samples.length })}\n`);
process.exit(0);
