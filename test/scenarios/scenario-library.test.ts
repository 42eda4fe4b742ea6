import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCsms } from '../../src/csms/index.ts';
import { main } from '../../src/cli/main.ts';
import { ScenarioLoader, scenarioFiles, runScenarios, formatScenario } from '../../src/scenario/index.ts';
import { startScenarioFiles } from '../../src/scenario/embedded-files.ts';

test('issue 15 item 3: the scenario library under scenarios/ passes against the embedded central system', { timeout: 120_000 }, async () => {
  const csms = await startCsms({ host: '127.0.0.1', port: 0 });
  const files = await startScenarioFiles();
  try {
    const loader = new ScenarioLoader();
    const scenarios = scenarioFiles(['scenarios']).map((f) => loader.load(f));
    const names = scenarios.map((s) => s.source.replace(/^scenarios\//, ''));
    for (const flow of ['cold-boot', 'badge-start-stop', 'remote-start-stop', 'authorization-cache', 'resets', 'unlock-connector', 'configuration', 'meter-values', 'offline-transaction', 'reservation', 'trigger-message', 'smart-charging', 'firmware-update', 'diagnostics', 'power-loss']) {
      assert.ok(names.includes(`${flow}.yaml`), `library has ${flow}.yaml`);
    }
    assert.ok(names.includes('change-availability.json'), 'a JSON scenario too');
    const results = await runScenarios(scenarios, { csmsUrl: csms.url, csms, vars: files.vars, parallel: 4 });
    const failed = results.filter((r) => !r.passed);
    assert.equal(failed.length, 0, failed.map(formatScenario).join('\n\n'));
    assert.ok(results.every((r) => r.steps.every((s) => s.status === 'passed')), 'no step skipped against the embedded central system');
    assert.ok(files.server.received.length >= 1, 'the diagnostics file reached the file server');
  } finally {
    await files.close();
    await csms.close();
  }
});

test('issue 15 item 3: a scenario that must fail fails — readable report, exit status 1, a JUnit <failure>, a wire trace', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-run-'));
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(['run', 'test/fixtures/scenarios/must-fail.yaml', '--embedded-csms', '--junit', join(dir, 'junit.xml'), '--trace-dir', join(dir, 'traces')], { out: (l) => out.push(l), err: (l) => err.push(l) });
    const report = out.join('\n');
    assert.equal(code, 1, report + err.join('\n'));
    assert.match(report, /^FAIL Plugging in alone starts a transaction \(must fail\) {2}\(test\/fixtures\/scenarios\/must-fail\.yaml, station CT-must-fail, /m);
    assert.match(report, /^ {2}ok {4}3\. plug connector 1$/m);
    assert.match(report, /^ {2}FAIL {2}4\. expect StartTransaction \{"connectorId":1\} within 2s$/m);
    assert.match(report, /^ {10}expected the station to send StartTransaction matching \{"connectorId":1\} within 2s \(station clock\)$/m);
    assert.match(report, /^ {10}got: no StartTransaction since the last action; the station sent StatusNotification$/m);
    assert.match(report, /^ {4}- {3}5\. unplug connector 1 {2}\(not run\)$/m);
    assert.match(report, /^1 scenario: 0 passed, 1 failed$/m);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    assert.match(xml, /<testsuite name="Plugging in alone starts a transaction \(must fail\)" tests="5" failures="1" errors="0" skipped="1"/);
    assert.match(xml, /<testcase classname="test\/fixtures\/scenarios\/must-fail\.yaml" name="04\. expect StartTransaction \{&quot;connectorId&quot;:1\} within 2s" time="[\d.]+"><failure message="expected the station to send StartTransaction matching \{&quot;connectorId&quot;:1\} within 2s \(station clock\)" type="ScenarioStepFailed">/);
    const trace = readFileSync(join(dir, 'traces', 'must-fail.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { direction: string; frame: unknown[] });
    assert.deepEqual(trace[0]!.frame.slice(0, 1).concat(trace[0]!.frame.slice(2, 3)), [2, 'BootNotification']);
    assert.equal(trace[0]!.direction, 'out');
    assert.ok(trace.some((t) => t.frame[2] === 'StatusNotification' && (t.frame[3] as { status: string }).status === 'Preparing'), 'the plug-in is on the trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chargetwin run: usage errors exit 2 before anything starts (no central system, both, a bad scenario file)', async () => {
  const err: string[] = [];
  const io = { out: () => {}, err: (l: string) => err.push(l) };
  assert.equal(await main(['run', 'scenarios/cold-boot.yaml'], io), 2);
  assert.equal(await main(['run', 'scenarios/cold-boot.yaml', '--csms', 'ws://127.0.0.1:1/ocpp', '--embedded-csms'], io), 2);
  assert.equal(await main(['run', '--embedded-csms'], io), 2);
  assert.equal(await main(['run', 'no-such-file.yaml', '--embedded-csms'], io), 2);
  assert.equal(await main(['run', 'scenarios', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'X', '--parallel', '2'], io), 2);
  assert.equal(await main(['run', 'scenarios', '--embedded-csms', '--var', '1x=2'], io), 2);
  assert.equal(await main(['run', 'scenarios', '--embedded-csms', '--junit', 'no-such-folder/out.xml'], io), 2);
  assert.equal(await main(['run', 'scenarios', '--embedded-csms', '--trace-dir', 'package.json/traces'], io), 2);
  assert.equal(await main(['run', 'test/fixtures/scenarios/invalid', '--embedded-csms'], io), 2);
  assert.deepEqual(err, [
    'chargetwin: run: give either --csms <url> or --embedded-csms',
    'chargetwin: run: give either --csms <url> or --embedded-csms',
    'chargetwin: run: give one or more scenario files or folders (see chargetwin run --help)',
    'chargetwin: no-such-file.yaml: no such file or directory',
    'chargetwin: run: --id gives every scenario the same charge point id; it cannot go with --parallel above 1',
    'chargetwin: --var must be name=value with a name of letters, digits and _, got "1x=2"',
    'chargetwin: --junit: no folder no-such-folder to write no-such-folder/out.xml in',
    'chargetwin: --trace-dir: cannot create package.json/traces (ENOTDIR)',
    'chargetwin: test/fixtures/scenarios/invalid/misspelt.yaml: step 1 (expect): unknown field "withn"',
  ]);
});
