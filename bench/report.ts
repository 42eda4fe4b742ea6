/** The benchmark report: its JSON shape and its Markdown table. */
export interface Figure { name: string; value: number; unit: string; note?: string }
export interface BenchReport { date: string; machine: { node: string; cpus: number; cpuModel: string; memoryGiB: number }; quick: boolean; figures: Figure[] }

const fmt = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

export function formatReport(r: BenchReport): string {
  const rows = r.figures.map((f) => `| ${f.name} | ${fmt(f.value)} | ${f.unit} | ${f.note ?? ''} |`);
  return [
    `# ChargeTwin benchmark ${r.date.slice(0, 10)}${r.quick ? ' (quick)' : ''}`,
    '',
    `Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB. Every figure comes from this one run.`,
    '',
    '| Measure | Value | Unit | Note |',
    '|---|---:|---|---|',
    ...rows,
    '',
  ].join('\n');
}
