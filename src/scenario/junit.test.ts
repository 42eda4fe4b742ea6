import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml, xmlEscape } from './junit.ts';
import type { ScenarioResult } from './types.ts';

/** Checks that tags nest and close properly (no XML parser is installed; this is enough for our output). */
function assertWellFormed(xml: string): string[] {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const stack: string[] = [];
  const seen: string[] = [];
  for (const m of xml.slice(xml.indexOf('?>') + 2).matchAll(/<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}>`);
    else { seen.push(name!); if (!selfClose) stack.push(name!); }
  }
  assert.deepEqual(stack, [], 'every element closed');
  assert.doesNotMatch(xml.replace(/<[^>]*>/g, ''), /[<>]|&(?!(amp|lt|gt|quot|apos);)/, 'text content escaped');
  return seen;
}

const results: ScenarioResult[] = [
  { name: 'Passes', source: 'scenarios/a.yaml', stationId: 'CT-a', passed: true, realMs: 1200, vars: {}, steps: [
    { index: 1, title: 'plug connector 1', status: 'passed', realMs: 3 },
    { index: 2, title: 'csms sends Reset {"type":"Soft"}', status: 'skipped', reason: 'needs the embedded central system', realMs: 0 },
  ] },
  { name: 'Fails <"&">', source: 'x.yaml', stationId: 'CT-x', passed: false, realMs: 5000, vars: {}, tracePath: 'traces/x.jsonl', steps: [
    { index: 1, title: 'expect StatusNotification {"status":"Charging"} within 5s', status: 'failed', reason: 'expected the station to send StatusNotification\ngot: .status: expected "Charging", got "Preparing" & \u0001more', realMs: 5000 },
    { index: 2, title: 'unplug connector 1', status: 'not-run', realMs: 0 },
  ] },
  { name: 'Cannot start', source: 'y.yaml', stationId: 'CT-y', passed: false, realMs: 10, vars: {}, error: 'the station could not start: bad URL', steps: [
    { index: 1, title: 'plug connector 1', status: 'not-run', realMs: 0 },
  ] },
];

test('JUnit XML: testsuites > testsuite per scenario > testcase per step, with failure, skipped and error elements', () => {
  const xml = junitXml(results);
  const tags = assertWellFormed(xml);
  assert.equal(tags.filter((t) => t === 'testsuite').length, 3);
  assert.equal(tags.filter((t) => t === 'testcase').length, 6);
  assert.match(xml, /<testsuites name="chargetwin scenarios" tests="6" failures="1" errors="1" time="6\.210">/);
  assert.match(xml, /<testsuite name="Fails &lt;&quot;&amp;&quot;&gt;" tests="2" failures="1" errors="0" skipped="1" time="5\.000">/);
  assert.match(xml, /<failure message="expected the station to send StatusNotification" type="ScenarioStepFailed">expected the station to send StatusNotification\ngot: \.status: expected &quot;Charging&quot;, got &quot;Preparing&quot; &amp; more<\/failure>/);
  assert.match(xml, /<skipped message="not run: an earlier step failed"\/>/);
  assert.match(xml, /<skipped message="needs the embedded central system"\/>/);
  assert.match(xml, /<testsuite name="Cannot start" tests="2" failures="0" errors="1" skipped="1" time="0\.010">\n.*\n {4}<testcase classname="y\.yaml" name="scenario" time="0\.010"><error message="the station could not start: bad URL" type="ScenarioError">/);
  assert.match(xml, /name="01\. plug connector 1" time="0\.000"><skipped message="not run: the scenario could not run"\/>/);
  assert.match(xml, /<property name="wireTrace" value="traces\/x\.jsonl"\/>/);
});

test('JUnit XML: text is escaped and characters XML 1.0 cannot carry are dropped', () => {
  assert.equal(xmlEscape('a<b>&"c\'\u0000\u001f\td'), 'a&lt;b&gt;&amp;&quot;c&apos;\td');
});
