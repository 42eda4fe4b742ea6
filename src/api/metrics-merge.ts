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
