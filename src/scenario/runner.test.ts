import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCsms, type Csms } from '../csms/index.ts';
import { ScenarioLoader } from './load.ts';
import { runScenario } from './runner.ts';
import type { ScenarioResult } from './types.ts';

const loader = new ScenarioLoader();
let csms: Csms;
before(async () => { csms = await startCsms({ host: '127.0.0.1', port: 0, tags: { 'SCN-T': 'Accepted' } }); });
after(async () => { await csms.close(); });

let n = 0;
const run = (yaml: string, o: { embedded?: boolean; vars?: Record<string, unknown> } = {}): Promise<ScenarioResult> =>
  runScenario(loader.parse(`name: t\nstation: { id: CT-RUNNER-${++n} }\n${yaml}`, `runner-${n}.yaml`), { csmsUrl: csms.url, ...(o.embedded !== false ? { csms } : {}), ...(o.vars ? { vars: o.vars } : {}) });

/** Boot, and the boot's StatusNotification of connector 1 (else it could satisfy a later expectation). */
const BOOT = '  - expect: BootNotification\n    result: { status: Accepted }\n    within: 30s\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Available }\n';
const statuses = (r: ScenarioResult): string => r.steps.map((s) => s.status).join(' ');

test('scenario timing: advance fast-forwards the station clock (the 60 s ConnectionTimeOut fires at once)', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - badge: { idTag: SCN-T, accepted: true }\n  - advance: 61s\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Available }\n    within: 1s\n`);
  assert.equal(statuses(r), 'passed passed passed passed passed', JSON.stringify(r.steps));
});

test('scenario timing: within is station-clock time, so at clock scale 100 a 90 s window holds the 60 s ConnectionTimeOut', { timeout: 20_000 }, async () => {
  // At scale 100 the boot's 30 s would be 300 ms of real time, which a loaded machine can miss: the boot
  // gets an hour of station time (36 s real); the window under test is the last one.
  const boot = BOOT.replace('within: 30s', 'within: 1h').replace('status: Available }\n', 'status: Available }\n    within: 1h\n');
  const r = await run(`clock: { scale: 100 }\nsteps:\n${boot}  - badge: { idTag: SCN-T, accepted: true }\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Available }\n    within: 90s\n`);
  assert.equal(statuses(r), 'passed passed passed passed', JSON.stringify(r.steps));
});

test('scenario timing: expect no … for D with fastForward fails on a frame inside the window and passes on a shorter one', { timeout: 20_000 }, async () => {
  const inside = await run(`steps:\n${BOOT}  - badge: { idTag: SCN-T, accepted: true }\n  - expectNo: StatusNotification\n    match: { status: Available }\n    for: 61s\n    fastForward: true\n`);
  assert.equal(statuses(inside), 'passed passed passed failed');
  assert.match(inside.steps[3]!.reason!, /^expected no StatusNotification matching \{"status":"Available"\} for 61s \(station clock\), got frame #\d+ \{"connectorId":1,"status":"Available"/);
  const shorter = await run(`steps:\n${BOOT}  - badge: { idTag: SCN-T, accepted: true }\n  - expectNo: StatusNotification\n    match: { status: Available }\n    for: 30s\n    fastForward: true\n`);
  assert.equal(statuses(shorter), 'passed passed passed passed');
});

test('scenario verdict: an expectation that times out fails with expected vs got, and later steps do not run', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - plug: 1\n  - expect: StartTransaction\n    match: { connectorId: 1 }\n    within: 1s\n  - unplug: 1\n`);
  assert.equal(r.passed, false);
  assert.equal(statuses(r), 'passed passed passed failed not-run');
  assert.equal(r.steps[3]!.reason, 'expected the station to send StartTransaction matching {"connectorId":1} within 1s (station clock)\ngot: no StartTransaction since the last action; the station sent StatusNotification');
});

test('scenario verdict: a frame that differs is shown with the field that differs', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - plug: 1\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Charging }\n    within: 500ms\n`);
  assert.equal(statuses(r), 'passed passed passed failed');
  assert.match(r.steps[3]!.reason!, /got 1 StatusNotification that did not match:\n {2}#\d+ \{"connectorId":1,"status":"Preparing".*\} — \.status: expected "Charging", got "Preparing"/);
});

test('scenario order: each frame satisfies one expectation, and after: needs a frame later than the named step\'s', { timeout: 20_000 }, async () => {
  const twice = await run(`steps:\n${BOOT}  - plug: 1\n  - expect: StatusNotification\n    match: { connectorId: 1 }\n  - expect: StatusNotification\n    match: { connectorId: 1 }\n    within: 500ms\n`);
  assert.equal(statuses(twice), 'passed passed passed passed failed');
  const later = await run(`steps:\n${BOOT}  - plug: 1\n  - id: prep\n    expect: StatusNotification\n    match: { status: Preparing }\n  - expect: StatusNotification\n    after: prep\n    within: 500ms\n  - expect: BootNotification\n    within: 1s\n`);
  assert.equal(statuses(later), 'passed passed passed passed failed not-run', 'nothing after Preparing; the BootNotification came before plug (the mark)');
});

test('scenario variables: --var values override the file\'s vars; a badge the reader refuses fails with the reason', { timeout: 20_000 }, async () => {
  const r = await run(`vars: { tag: SCN-T }\nsteps:\n${BOOT}  - badge: { idTag: $tag, accepted: true }\n`, { vars: { tag: 'SCN-UNKNOWN' } });
  assert.equal(statuses(r), 'passed passed failed');
  assert.match(r.steps[2]!.reason!, /^expected the reader to accept SCN-UNKNOWN, got refused/);
});

test('scenario csms steps: skipped without the embedded central system; the await then waits for the central system itself', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - csms: { call: Reset, payload: { type: Soft } }\n  - await: Reset\n    within: 500ms\n`, { embedded: false });
  assert.deepEqual(r.steps.map((s) => s.status), ['passed', 'passed', 'skipped', 'failed']);
  assert.match(r.steps[2]!.reason!, /needs the embedded central system/);
  assert.match(r.steps[3]!.reason!, /^expected the central system to send Reset within 500ms/);
  assert.equal(r.passed, false);
});

test('scenario output: a wire trace that cannot be written makes the scenario an error, not a silent pass', { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-trace-'));
  try {
    writeFileSync(join(dir, 'file'), '');
    const sc = loader.parse(`name: t\nstation: { id: CT-RUNNER-TRACE }\nsteps:\n${BOOT}`, 'trace.yaml');
    const r = await runScenario(sc, { csmsUrl: csms.url, csms, traceDir: join(dir, 'file', 'traces') });
    assert.equal(statuses(r), 'passed passed');
    assert.equal(r.passed, false);
    assert.match(r.error!, /^the wire trace could not be written to .*trace\.jsonl: ENOTDIR/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scenario actions: a local reboot boots the twin again; wait lets the clock run', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - reboot: Hard\n  - expect: "BootNotification within 10s"\n  - wait: 100ms\n  - expectNo: "BootNotification for 100ms"\n`);
  assert.equal(statuses(r), 'passed passed passed passed passed passed', JSON.stringify(r.steps));
});

test('scenario csms steps: a payload that breaks the OCPP schema fails the step, naming the call', { timeout: 20_000 }, async () => {
  const r = await run(`steps:\n${BOOT}  - csms: { call: Reset, payload: { type: Gentle } }\n`);
  assert.equal(statuses(r), 'passed passed failed');
  assert.match(r.steps[2]!.reason!, /^the central system could not send Reset: /);
});
