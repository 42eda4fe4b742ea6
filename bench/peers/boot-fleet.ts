/**
 * The fleet the load peers measure: idle EVlink twins on one ScaledClock against `csmsUrl`, booted with
 * at most 64 connect+boot sequences in flight. Before any baseline is taken, both processes are warmed
 * up with WARM_BOOTS boots that are then removed: validators built, and the code paths of both sides
 * compiled by the JIT, so the figures are those of a running system rather than of its first second.
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';

/** `gc()` when the process runs with --expose-gc, else nothing. */
export const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Boots done (and removed) before measuring. */
export const WARM_BOOTS = 500;

export async function warmFleet(csmsUrl: string): Promise<Fleet> {
  const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } });
  const fleet = createFleet({ csmsUrl, clock: new ScaledClock(), build, framesPerStation: 0 });
  await bootAll(fleet, WARM_BOOTS, 'WARM-');
  await fleet.stop();
  return fleet;
}

/**
 * Adds `n` twins and resolves once every one is Accepted. The loop sleeps until a registration frees a
 * slot (no polling: a polling loop would take CPU from the central system on the same two cores) and
 * adds the next twins after the event loop's current batch of I/O (setImmediate), so the connects
 * that slots freed in one batch start together.
 */
export async function bootAll(fleet: Fleet, n: number, idPrefix: string): Promise<void> {
  let accepted = 0;
  let wake: (() => void) | undefined;
  const off = fleet.on((e) => {
    if (e.type !== 'changed' || e.what !== 'registration' || fleet.get(e.stationId).station.registration !== 'Accepted') return;
    accepted++;
    const w = wake;
    wake = undefined;
    if (w) setImmediate(w);
  });
  const progress = (): Promise<void> => new Promise((r) => { wake = r; });
  for (let i = 0; i < n; i++) {
    fleet.add({ id: `${idPrefix}${String(i).padStart(5, '0')}` });
    while (i + 1 - accepted >= 64) await progress();
  }
  while (accepted < n) await progress();
  off();
}
