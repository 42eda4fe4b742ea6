/**
 * A strict reader of the Prometheus text exposition format 0.0.4 for tests: it throws on anything the
 * format does not allow (a sample before its TYPE, a family split in two, a bad name, a bad escape,
 * a histogram whose buckets are not cumulative or whose +Inf bucket differs from its _count).
 */
export interface Sample { name: string; labels: Record<string, string>; value: number }
export interface Family { name: string; type: string; help: string; samples: Sample[] }

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (eq < 0 || !LABEL.test(name)) throw new Error(`bad label name in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`label value not quoted in: ${line}`);
    let v = '';
    let j = eq + 2;
    for (;;) {
      const ch = text[j];
      if (ch === undefined) throw new Error(`unterminated label value in: ${line}`);
      if (ch === '"') break;
      if (ch === '\n') throw new Error(`raw line feed in: ${line}`);
      if (ch === '\\') {
        const e = text[j + 1];
        if (e === '\\') v += '\\'; else if (e === '"') v += '"'; else if (e === 'n') v += '\n'; else throw new Error(`bad escape in: ${line}`);
        j += 2;
        continue;
      }
      v += ch;
      j++;
    }
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = v;
    i = j + 1;
    if (i < text.length) { if (text[i] !== ',') throw new Error(`expected "," in: ${line}`); i++; }
  }
  return labels;
}

function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  const f = families.get(sample);
  if (f) return f;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const h = families.get(sample.slice(0, -suffix.length));
    if (h && (h.type === 'histogram' || (h.type === 'summary' && suffix !== '_bucket'))) return h;
  }
  return undefined;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const k = JSON.stringify(rest);
    const list = series.get(k) ?? [];
    list.push(s);
    series.set(k, list);
  }
  for (const [k, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name === `${f.name}_count`);
    const sum = samples.find((s) => s.name === `${f.name}_sum`);
    if (!count || !sum || buckets.length === 0) throw new Error(`histogram ${f.name}${k} lacks _bucket, _sum or _count`);
    let lastLe = -Infinity;
    let lastV = 0;
    for (const b of buckets) {
      if (b.labels.le === undefined) throw new Error(`bucket without le in ${f.name}`);
      const le = parseValue(b.labels.le, b.labels.le);
      if (!(le > lastLe)) throw new Error(`buckets of ${f.name}${k} not in increasing le`);
      if (b.value < lastV) throw new Error(`buckets of ${f.name}${k} not cumulative`);
      lastLe = le; lastV = b.value;
    }
    if (lastLe !== Infinity) throw new Error(`histogram ${f.name}${k} lacks the +Inf bucket`);
    if (lastV !== count.value) throw new Error(`histogram ${f.name}${k}: +Inf bucket ${lastV} ≠ _count ${count.value}`);
  }
}

export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name: ${line}`);
      let f = families.get(name);
      if (f && closed.has(name)) throw new Error(`family ${name} split: ${line}`);
      if (!f) { f = { name, type: 'untyped', help: '', samples: [] }; families.set(name, f); }
      if (current && current !== f) closed.add(current.name);
      current = f;
      if (kind === 'TYPE') {
        if (!TYPES.includes(rest)) throw new Error(`bad type: ${line}`);
        if (f.samples.length) throw new Error(`TYPE after samples: ${line}`);
        f.type = rest;
      } else {
        if (/\\(?![\\n])/.test(rest)) throw new Error(`bad escape in HELP: ${line}`);
        f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      continue;
    }
    if (line.trim() === '') continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`bad sample line: ${line}`);
    const f = familyOf(m[1]!, families);
    if (!f) throw new Error(`sample before its TYPE: ${line}`);
    if (closed.has(f.name) || (current && current !== f)) throw new Error(`family ${f.name} split: ${line}`);
    f.samples.push({ name: m[1]!, labels: m[2] ? parseLabels(m[2], line) : {}, value: parseValue(m[3]!, line) });
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The sum of the samples of `name` whose labels include `labels` (0 when none matches). */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) total += s.value;
    }
  }
  return total;
}
