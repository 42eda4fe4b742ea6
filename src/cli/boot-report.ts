/**
 * `chargetwin station --count N` while its twins boot: a progress line, then one summary line (booted,
 * accepted, pending, rejected, failed, time) instead of a line per station. On a terminal the progress
 * line rewrites itself in place; in a log (stderr not a TTY, e.g. CI) a new line at most once a second,
 * and only when something changed. Runs on real time with an unref'd timer, stopped by stop(). It calls
 * `onSettled` once, when the boot wave is over.
 */
import type { Fleet } from '../fleet/index.ts';
import { bootSettled, progressLine, summaryLine, tallyBoots } from '../fleet/boot-progress.ts';

export interface BootReportOptions {
  fleet: Fleet;
  write(text: string): void;
  /** Rewrite the progress line with \r (a terminal) or print new lines (a log). */
  tty: boolean;
  /** Only the summary (with --verbose, the per-station lines say the rest). */
  summaryOnly?: boolean;
  /** The summary comes at the latest after this long, counting who is still waiting (default 60 s). */
  giveUpMs?: number;
  /** How often the fleet is counted (default: countingEvery(the fleet's size)). */
  tickMs?: number;
  /**
   * Called once when the boot wave is over: every twin answered or failed. Right after the summary line,
   * or, when the summary gave up waiting, later, as soon as the last twin got there (the fleet is still
   * counted until then, without printing). `station` compacts the heap there (decision D27).
   */
  onSettled?(): void;
}

const LOG_LINE_EVERY_MS = 1000;

/**
 * The default tick: 250 ms, longer for large fleets (1 ms per 25 twins, at most 1 s). Each tick visits
 * every twin (about 0.3 µs each): at 250 ms a 16,667-twin shard spent 3 % of its boot's CPU counting.
 * The summary's time is read at a tick, so it may be late by up to one tick.
 */
export function countingEvery(stations: number): number {
  return Math.min(LOG_LINE_EVERY_MS, Math.max(250, Math.ceil(stations / 25)));
}

export function reportBoots(o: BootReportOptions): { stop(): void } {
  const started = Date.now();
  let lastPrinted = -Infinity;
  let lastLine = '';
  let shown = false;
  let summarized = false;
  const tick = (): void => {
    const t = tallyBoots(o.fleet.list());
    const now = Date.now();
    if (summarized) { // the summary gave up waiting; the boot wave goes on until every twin answered or failed
      if (bootSettled(t)) { stop(); o.onSettled?.(); }
      return;
    }
    const settled = bootSettled(t);
    if (settled || now - started >= (o.giveUpMs ?? 60_000)) {
      summarized = true;
      o.write(`${o.tty && shown ? '\r\u001b[K' : ''}${summaryLine(t, now - started)}\n`);
      if (settled) { stop(); o.onSettled?.(); } else if (!o.onSettled) stop(); // else: counted on until settled
      return;
    }
    if (o.summaryOnly) return;
    const line = progressLine(t);
    if (line === lastLine) return;
    if (o.tty) { o.write(`\r${line}\u001b[K`); shown = true; lastLine = line; return; }
    if (now - lastPrinted < LOG_LINE_EVERY_MS) return;
    o.write(`${line}\n`);
    lastPrinted = now;
    lastLine = line;
  };
  const timer = setInterval(tick, o.tickMs ?? countingEvery(o.fleet.list().length));
  timer.unref();
  function stop(): void { clearInterval(timer); }
  return { stop };
}
