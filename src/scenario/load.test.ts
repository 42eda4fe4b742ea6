import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioLoader, scenarioFiles } from './load.ts';
import { isTwinError } from '../shared/errors.ts';

const loader = new ScenarioLoader();

const invalid = (text: string, source = 'x.yaml'): string => {
  try { loader.parse(text, source); } catch (e) {
    assert.ok(isTwinError(e, 'TWIN_ERR_SCENARIO_INVALID'), String(e));
    return e.message;
  }
  assert.fail('expected the scenario to be refused');
};

test('scenario files: YAML and JSON give the same scenario; durations become station-clock milliseconds', () => {
  const yaml = loader.parse('name: t\nsteps:\n  - plug: 1\n  - expect: StatusNotification\n    match: { status: Preparing }\n    within: 1.5s\n  - expectNo: StartTransaction\n    for: 2m\n    fastForward: true\n  - advance: 500ms\n', 'a.yaml');
  const json = loader.parse(JSON.stringify({ name: 't', steps: [{ plug: 1 }, { expect: 'StatusNotification', match: { status: 'Preparing' }, within: 1.5 }, { expectNo: 'StartTransaction', for: '2m', fastForward: true }, { advance: 0.5 }] }), 'a.json');
  assert.deepEqual(yaml.steps, json.steps);
  assert.deepEqual(yaml.steps.map((s) => s.kind), ['plug', 'expect', 'expectNo', 'advance']);
  assert.equal((yaml.steps[1] as { withinMs: number }).withinMs, 1500);
  assert.equal((yaml.steps[2] as { forMs: number }).forMs, 120_000);
  assert.equal((yaml.steps[3] as { ms: number }).ms, 500);
  assert.equal(yaml.scale, 1);
  assert.equal(yaml.timeoutMs, 120_000);
});

test('scenario files: YAML dates and on/off stay text (YAML 1.2 core schema)', () => {
  const sc = loader.parse('name: t\nsteps:\n  - network: off\n  - csms: { call: ReserveNow, payload: { expiryDate: 2099-01-01T00:00:00Z } }\n', 'a.yaml');
  assert.deepEqual(sc.steps[0], { kind: 'network', on: false });
  assert.equal((sc.steps[1] as unknown as { payload: { expiryDate: unknown } }).payload.expiryDate, '2099-01-01T00:00:00Z');
});

test('scenario files: a bad file is refused with the file, the step and the field', () => {
  assert.match(invalid('name: t\nsteps:\n  - plug: 1\n  - expect: StatusNotification\n    withn: 5s\n'), /^x\.yaml: step 2 \(expect\): unknown field "withn"/);
  assert.match(invalid('name: t\nsteps:\n  - jump: 1\n'), /step 1: no known step kind/);
  assert.match(invalid('name: t\nsteps:\n  - wait: 5 seconds\n'), /step 1 \(wait\): wait: must be a number of seconds, or text such as 500ms, 5s, 2m, 1h$/);
  assert.match(invalid('steps:\n  - plug: 1\n'), /must have required property 'name'/);
  assert.match(invalid('name: t\nsteps:\n  - expect: Heartbeat\n    after: later\n  - id: later\n    plug: 1\n'), /step 1: after "later" names no earlier step/);
  assert.match(invalid('name: t\nsteps: [\n'), /not valid YAML/);
  assert.match(invalid('name: t\nstation: { model: EVB9 }\nsteps:\n  - plug: 1\n'), /^x\.yaml: station\.model "EVB9" is not an EVlink Pro AC model; known: EVB3S22N4B, /);
  assert.match(invalid('name: t\nstation: { id: "a/b" }\nsteps:\n  - plug: 1\n'), /^x\.yaml: station\.id: must match pattern/);
  assert.match(invalid('{"name": ', 'x.json'), /not valid JSON/);
});

test('scenario library: every file under scenarios/ is valid against the schema', () => {
  const files = scenarioFiles(['scenarios']);
  assert.ok(files.length >= 14, `scenario files: ${files.length}`);
  for (const f of files) assert.ok(loader.load(f).steps.length > 0, f);
});

test('scenario files: an action must be one its sender sends, with a hint for a typo or the wrong side', () => {
  assert.match(invalid('name: t\nsteps:\n  - expect: StatusNotifcation\n'), /step 1: "StatusNotifcation" is not an OCPP 1\.6 action the station sends \(did you mean StatusNotification\?\)/);
  assert.match(invalid('name: t\nsteps:\n  - expect: RemoteStartTransaction\n'), /step 1: "RemoteStartTransaction" is not an OCPP 1\.6 action the station sends \(RemoteStartTransaction is sent by the central system: use await\)/);
  assert.match(invalid('name: t\nsteps:\n  - csms: { call: Heartbeat }\n'), /step 1: "Heartbeat" is not an OCPP 1\.6 action the central system sends \(Heartbeat is sent by the station: use expect\)/);
  assert.equal(loader.parse('name: t\nsteps:\n  - expect: DataTransfer\n  - await: DataTransfer\n', 'a.yaml').steps.length, 2, 'DataTransfer goes both ways');
});

test('scenario files: the one-line form "Action {pattern} within 5s" (for 30s with expectNo) is the long form', () => {
  const short = loader.parse('name: t\nsteps:\n  - expect: "StatusNotification {connectorId: 1, status: Charging} within 5s"\n  - expectNo: StartTransaction for 30s\n  - await: "RemoteStartTransaction {idTag: $tag}"\n', 'a.yaml');
  const long = loader.parse('name: t\nsteps:\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Charging }\n    within: 5s\n  - expectNo: StartTransaction\n    for: 30s\n  - await: RemoteStartTransaction\n    match: { idTag: $tag }\n', 'a.yaml');
  assert.deepEqual(short.steps, long.steps);
  assert.match(invalid('name: t\nsteps:\n  - expect: "Heartbeat {a: 1}"\n    match: { b: 2 }\n'), /step 1: the payload pattern is given twice/);
  assert.match(invalid('name: t\nsteps:\n  - expectNo: Heartbeat within 5s\n'), /step 1: expectNo takes "for <duration>", not "within"/);
  assert.match(invalid('name: t\nsteps:\n  - expect: "Heartbeat {a: [}"\n'), /step 1: "\{a: \[\}" is not a YAML mapping/);
});
