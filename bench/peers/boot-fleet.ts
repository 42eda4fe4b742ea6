/**
 * The fleet the load peers measure: idle EVlink twins on one ScaledClock against `csmsUrl`, booted with
 * at most 64 connect+boot sequences in flight. Before any baseline is taken, both processes are warmed
 * up with WARM_BOOTS boots that are then removed: validators built, and the code paths of both sides
 * optimized by the JIT, so the figures are those of a running system rather than of its first seconds.
 */
import { ScaledClock } from '../../src/platform/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { databaseFile, openDatabase, sqliteQueueStore, sqliteStationStore } from '../../src/persistence/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `gc()` when the process runs with --expose-gc, else nothing. */
export const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Boots done (and removed) before measuring. A process spends about twice the CPU per boot on its first
 * ~2,500 boots, while V8 optimizes the code paths (decision D8); the benchmark reports that cold start
 * on its own line and measures fleets after it.
 */
export const WARM_BOOTS = 3000;

/**
 * The measured fleet, after `warmBoots` boots (0: a cold process, nothing booted yet). `stationCli`: set up
 * as `chargetwin station --count` does, with durable state in SQLite (a fresh data dir) and the last 50
 * frames of each twin kept for the dashboard; otherwise in-memory state and no frame log.
 */
export async function warmFleet(csmsUrl: string, warmBoots = WARM_BOOTS, stationCli = false): Promise<Fleet> {
  const configOverrides = { AlignedDataInterval: '0' };
  let build = buildEvlinkStation({ configOverrides });
  if (stationCli) {
    const db = openDatabase(databaseFile(mkdtempSync(join(tmpdir(), 'chargetwin-bench-'))));
    build = buildEvlinkStation({ configOverrides, storeFor: (id) => sqliteStationStore(db, id), queueFor: (id) => sqliteQueueStore(db, id) });
  }
  const fleet = createFleet({ csmsUrl, clock: new ScaledClock(), build, framesPerStation: stationCli ? 50 : 0 });
  if (warmBoots > 0) {
    await bootAll(fleet, warmBoots, 'WARM-');
    await fleet.stop();
    // Closing thousands of sockets (close handshakes on both sides) takes a moment; measuring during it
    // would charge the fleet for the warm-up's teardown.
    await new Promise((r) => setTimeout(r, 2000));
  }
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
