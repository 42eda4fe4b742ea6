/**
 * The dashboard fleet view's reads at 10,000 twins: GET /api/fleet/summary's one pass over the fleet and
 * the list's sort by connector status (issue 16 item 6; decision D21). Twins not connected (a central
 * system that is not there, long backoff): the cost is the pass over their state, not the network.
 */
import { createFleet } from '../src/fleet/index.ts';
import { ScaledClock } from '../src/platform/index.ts';
import { buildEvlinkStation } from '../src/runtime/evlink-station.ts';
import { fleetOrder, fleetSummary } from '../src/api/fleet-summary.ts';
import type { ApiContext } from '../src/api/route.ts';
import type { Figure } from './report.ts';

/** Median of `rounds` timings of fn, in ms. */
function medianMs(rounds: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) { const t0 = performance.now(); fn(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)]!.toFixed(1));
}

export async function run(o: { quick: boolean }): Promise<Figure[]> {
  const n = o.quick ? 2000 : 10_000;
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, framesPerStation: 20 });
  try {
    for (let i = 0; i < n; i++) fleet.add({ id: `EVB-B${i}` });
    const ctx = { fleet, csms: undefined, clock, transactions: undefined } as unknown as ApiContext;
    fleetSummary(ctx); // warm-up
    const summary = medianMs(5, () => fleetSummary(ctx));
    const sorted = medianMs(5, () => fleetOrder(fleet.list(), { sort: 'status' }));
    return [
      { name: `fleet view at ${n} twins: /api/fleet/summary computed`, value: summary, unit: 'ms', note: 'median of 5; one pass, nothing counted per frame' },
      { name: `fleet view at ${n} twins: list sorted by connector status`, value: sorted, unit: 'ms', note: 'median of 5' },
    ];
  } finally {
    await fleet.stop();
    clock.dispose();
  }
}
