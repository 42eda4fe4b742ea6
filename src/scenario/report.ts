/** The readable report of a scenario run: each scenario, each step, and why a step failed. */
import type { ScenarioResult, StepResult } from './types.ts';

const MARK: Record<StepResult['status'], string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', 'not-run': '  - ' };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function formatScenario(r: ScenarioResult): string {
  const lines = [`${r.passed ? 'PASS' : 'FAIL'} ${r.name}  (${r.source}, station ${r.stationId}, ${seconds(r.realMs)})`];
  if (r.error) lines.push(`     ${r.error}`);
  for (const s of r.steps) {
    if (s.status === 'not-run' && !r.steps.some((x) => x.status === 'failed')) continue;
    lines.push(`  ${MARK[s.status]} ${String(s.index).padStart(2)}. ${s.title}${s.status === 'not-run' ? '  (not run)' : ''}`);
    if (s.reason && s.status !== 'passed') for (const line of s.reason.split('\n')) lines.push(`          ${line}`);
  }
  if (r.tracePath) lines.push(`     wire trace: ${r.tracePath}`);
  return lines.join('\n');
}

export function formatSummary(results: ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed);
  const line = `${results.length} scenario${results.length === 1 ? '' : 's'}: ${results.length - failed.length} passed, ${failed.length} failed`;
  return failed.length ? `${line}\nfailed: ${failed.map((r) => `${r.name} (${r.source})`).join(', ')}` : line;
}
