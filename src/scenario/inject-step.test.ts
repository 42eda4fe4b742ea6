import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../csms/index.ts';
import { isTwinError } from '../shared/errors.ts';
import { ScenarioLoader } from './load.ts';
import { runScenario } from './runner.ts';

const loader = new ScenarioLoader();
let csms: Csms;
before(async () => { csms = await startCsms({ host: '127.0.0.1', port: 0, tags: { 'SCN-I': 'Accepted' } }); });
after(async () => { await csms.close(); });

const BOOT = '  - expect: BootNotification\n    result: { status: Accepted }\n    within: 30s\n  - expect: StatusNotification\n    match: { connectorId: 1, status: Available }\n';

test('scenario step inject: a rule maps to the injection API; a dropped frame is not on the judged wire (expectNo passes); inject: clear removes every rule', { timeout: 30_000 }, async () => {
  const sc = loader.parse(`name: t\nstation: { id: CT-INJECT-1 }\nsteps:\n${BOOT}`
    + '  - inject: { direction: incoming, action: RemoteStartTransaction, mode: answer-status, payload: { status: Rejected } }\n'
    + '  - csms: { call: RemoteStartTransaction, payload: { idTag: SCN-I, connectorId: 1 } }\n'
    + '  - await: RemoteStartTransaction\n    result: { status: Rejected }\n    within: 5s\n'
    + '  - inject: { direction: outgoing, action: StatusNotification, mode: drop }\n'
    + '  - fault: { code: "12.0" }\n'
    + '  - expectNo: StatusNotification\n    match: { status: Faulted }\n    for: 1s\n'
    + '  - inject: { direction: incoming, mode: callerror, code: GenericError, times: always }\n'
    + '  - inject: clear\n'
    + '  - csms: { call: GetConfiguration, payload: { key: [HeartbeatInterval] } }\n'
    + '  - await: GetConfiguration\n    result: { configurationKey: [{ key: HeartbeatInterval }] }\n    within: 5s\n', 'inject.yaml');
  const r = await runScenario(sc, { csmsUrl: csms.url, csms });
  assert.equal(r.steps.map((s) => s.status).join(' '), Array(12).fill('passed').join(' '), JSON.stringify(r.steps));
  assert.equal(r.steps[2]!.title, 'inject incoming RemoteStartTransaction answer-status {"status":"Rejected"}');
  assert.equal(r.steps[8]!.title, 'inject incoming every action callerror GenericError always');
  assert.equal(r.steps[9]!.title, 'clear injected faults');
  const atCsms = csms.frames.filter((f) => f.stationId === 'CT-INJECT-1' && f.text.includes('"Faulted"'));
  assert.deepEqual(atCsms, [], 'the Faulted StatusNotification never reached the central system');
});

test('scenario step inject: a rule the injection API would refuse fails the file, naming the step; so do rules that break the schema', () => {
  const refused = (step: string, pattern: RegExp): void => {
    assert.throws(() => loader.parse(`name: t\nsteps:\n  - plug: 1\n  - ${step}\n`, 'bad.yaml'), (e) => isTwinError(e, 'TWIN_ERR_SCENARIO_INVALID') && pattern.test((e as Error).message), step);
  };
  refused('inject: { direction: incoming, action: Reset, mode: answer-status, payload: { status: Later } }', /bad\.yaml: step 2: inject: "payload" is not a valid Reset\.conf/);
  refused('inject: { direction: outgoing, action: Reset, mode: drop }', /step 2: inject: Reset is not sent by the station/);
  refused('inject: { direction: sideways }', /step 2 \(inject\)/);
  refused('inject: { direction: link, lossRate: 2 }', /step 2 \(inject\)/);
  refused('inject: nope', /step 2 \(inject\)/);
});
