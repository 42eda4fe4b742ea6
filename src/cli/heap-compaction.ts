/**
 * Returning a fleet's boot garbage to the system: `chargetwin station --count N` compacts its heap once
 * its boot wave is over (decision D27). Booting thousands of twins leaves a hundred megabytes and more of
 * garbage (handshake requests and parsers, boot frames, promises) on pages that also hold the twins' live
 * objects. A plain full GC frees the garbage but moves few objects (V8 evacuates a few megabytes per
 * collection), so nearly every page stays and the RSS stays where the boot left it; V8's memory reducer
 * does not step in while thousands of sockets keep the process busy. So, once:
 * 1. a plain full GC frees the garbage (its pages become free space that the next step reuses, so the
 *    process does not grow above what the boot reached);
 * 2. a full GC with `--compact-on-every-full-gc` set for that one collection moves every live object
 *    onto as few pages as it can and hands the emptied pages back;
 * 3. a "low memory" collection (the inspector's HeapProfiler.collectGarbage, V8's LowMemoryNotification)
 *    shrinks the young generation, which the boot grew to 16 MiB per semi-space. Skipped when this Node
 *    build has no inspector.
 *
 * Node gives `gc()` only to a process started with --expose-gc, so the function is taken from a fresh V8
 * context made while that flag is set, and the flag is cleared again: the product's code never sees a
 * global `gc`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The process's full-GC function (the global one when the process already exposes it). */
export function fullGcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** V8's low-memory collection through an in-process inspector session; false when Node has no inspector. */
async function lowMemoryCollection(): Promise<boolean> {
  let inspector: typeof import('node:inspector');
  try { inspector = await import('node:inspector'); } catch { return false; }
  const session = new inspector.Session();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (e) => (e ? reject(e) : resolve())));
    return true;
  } finally {
    session.disconnect();
  }
}

export interface HeapCompactionPorts {
  gc(): void;
  lowMemoryCollection(): Promise<boolean>;
}

/** Frees the heap's garbage, then compacts what lives on, so the emptied pages go back to the system. */
export async function compactHeap(ports: HeapCompactionPorts = { gc: fullGcFunction(), lowMemoryCollection }): Promise<void> {
  ports.gc();
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    ports.gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
  await ports.lowMemoryCollection();
}

/** compactHeap() after a fleet's boot wave, with one line saying what it gave back (failures are reported, never thrown). */
export async function compactAfterBoot(write: (text: string) => void, compact: () => Promise<void> = compactHeap): Promise<void> {
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  const before = process.memoryUsage.rss();
  const t0 = performance.now();
  try {
    await compact();
  } catch (e) {
    write(`heap compaction after the boot failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return;
  }
  write(`heap compacted after the boot: RSS ${mib(before)} → ${mib(process.memoryUsage.rss())} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
