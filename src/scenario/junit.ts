/**
 * JUnit XML of a scenario run, as CI servers read it: one <testsuite> per scenario, one <testcase> per
 * step; a failed step carries <failure message="…">expected vs got</failure>, a step after it is
 * <skipped/>, and a scenario that could not start (or whose trace could not be written) has an extra
 * <error> testcase.
 */
import type { ScenarioResult } from './types.ts';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/** Why a step did not run: a step before it failed, or the scenario could not run at all. */
const notRun = (r: ScenarioResult): string => (r.steps.some((s) => s.status === 'failed') ? 'not run: an earlier step failed' : 'not run: the scenario could not run');

export function junitXml(results: ScenarioResult[], suiteName = 'chargetwin scenarios'): string {
  const count = (r: ScenarioResult, status: string): number => r.steps.filter((s) => s.status === status).length;
  const tests = results.reduce((n, r) => n + r.steps.length + (r.error ? 1 : 0), 0);
  const failures = results.reduce((n, r) => n + count(r, 'failed'), 0);
  const errors = results.filter((r) => r.error).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suiteName)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${secs(results.reduce((t, r) => t + r.realMs, 0))}">`,
  ];
  for (const r of results) {
    const classname = xmlEscape(r.source);
    const skipped = count(r, 'skipped') + count(r, 'not-run');
    out.push(`  <testsuite name="${xmlEscape(r.name)}" tests="${r.steps.length + (r.error ? 1 : 0)}" failures="${count(r, 'failed')}" errors="${r.error ? 1 : 0}" skipped="${skipped}" time="${secs(r.realMs)}">`);
    out.push(`    <properties><property name="stationId" value="${xmlEscape(r.stationId)}"/>${r.tracePath ? `<property name="wireTrace" value="${xmlEscape(r.tracePath)}"/>` : ''}</properties>`);
    if (r.error) out.push(`    <testcase classname="${classname}" name="scenario" time="${secs(r.realMs)}"><error message="${xmlEscape(r.error)}" type="ScenarioError">${xmlEscape(r.error)}</error></testcase>`);
    for (const s of r.steps) {
      const name = xmlEscape(`${String(s.index).padStart(2, '0')}. ${s.title}`);
      const open = `    <testcase classname="${classname}" name="${name}" time="${secs(s.realMs)}"`;
      if (s.status === 'passed') { out.push(`${open}/>`); continue; }
      const reason = s.reason ?? '';
      if (s.status === 'failed') out.push(`${open}><failure message="${xmlEscape(reason.split('\n')[0] ?? '')}" type="ScenarioStepFailed">${xmlEscape(reason)}</failure></testcase>`);
      else out.push(`${open}><skipped message="${xmlEscape(s.status === 'skipped' ? reason : notRun(r))}"/></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
