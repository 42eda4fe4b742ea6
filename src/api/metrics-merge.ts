/**
 * Adds up the Prometheus text (format 0.0.4) of several processes, as the multi-process front's GET
 * /metrics serves it (docs/sharding.md, "Many processes on one host"): samples with the same name and the
 * same labels are summed, counters, gauges and histograms alike (a histogram bucket-wise, since buckets are
 * samples with an `le` label, and its _sum and _count as well). Each family keeps its HELP and TYPE from
 * the first text that has it and its place in the order families first appear. Every gauge this project
 * exports is a count or an amount of the whole fleet, so a sum is its fleet-wide value.
 */

interface MergedFamily { head: string[]; samples: Map<string, number> }

/** The series key of a sample line: its name and labels as written ("name{a=\"1\"}"). */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)(?: -?\d+)?$/;

function numberOf(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function spelt(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  // Sums of decimal fractions keep at most 12 significant digits, not 0.30000000000000004.
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/** The kinds of family whose samples only grow while the process lives: what a dead shard counted stays in the fleet's sum. */
const CUMULATIVE_TYPES = new Set(['counter', 'histogram', 'summary']);

/**
 * The part of an exposition that is cumulative (counter, histogram and summary families, with their HELP
 * and TYPE lines); gauges and untyped samples are left out. The multi-process front keeps this part of
 * each shard's last scrape and adds it while the shard is down, so a shard's death is not a counter reset
 * of the fleet: Prometheus would read a drop as one and `rate()` would jump.
 */
export function cumulativePart(text: string): string {
  const out: string[] = [];
  let keep = false;
  let head: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)(?: (\S+))?/.exec(line);
    if (meta) {
      // A new family starts with its HELP or TYPE line; its TYPE decides whether its samples are kept.
      if (head.length === 0 || head.some((h) => h.split(' ')[2] !== meta[2])) { head = []; keep = false; }
      head.push(line);
      if (meta[1] === 'TYPE') { keep = CUMULATIVE_TYPES.has(meta[3] ?? ''); if (keep) out.push(...head); }
      continue;
    }
    if (line.startsWith('#')) continue;
    head = [];
    if (keep) out.push(line);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** One exposition that sums `texts`; a sample belongs to the family of the last HELP/TYPE line before it. */
export function mergeExpositions(texts: string[]): string {
  const families = new Map<string, MergedFamily>();
  for (const text of texts) {
    let current: MergedFamily | undefined;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        let f = families.get(meta[2]!);
        if (!f) { f = { head: [], samples: new Map() }; families.set(meta[2]!, f); }
        if (!f.head.some((h) => h.startsWith(`# ${meta[1]} `))) f.head.push(line);
        current = f;
        continue;
      }
      if (line.startsWith('#')) continue;
      const m = SAMPLE.exec(line);
      if (!m) continue;
      if (!current) { current = { head: [], samples: new Map() }; families.set(m[1]!, current); }
      current.samples.set(m[1]!, (current.samples.get(m[1]!) ?? 0) + numberOf(m[2]!));
    }
  }
  const out: string[] = [];
  for (const f of families.values()) {
    out.push(...f.head);
    for (const [series, v] of f.samples) out.push(`${series} ${spelt(v)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
