import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evlinkProAc } from '../station/profile/index.ts';
import { isTwinError } from '../shared/errors.ts';
import { expandIdPattern, parseFleetFile } from './fleet-file.ts';
import { FLEET_FILE_SCHEMA } from './fleet-file-schema.ts';

const YAML = `
csms:
  - ws://127.0.0.1:1/ocpp
  - url: ws://127.0.0.1:2/ocpp
    weight: 3
stations:
  - idPattern: "EVB-{n:04}"
    count: 3
    model: EVB3S 07N4EA
    config:
      HeartbeatInterval: 120
      LocalAuthListEnabled: false
    sessions: { arrivalsPerHour: 2 }
  - idPattern: DUO-{n}
    start: 9
    count: 2
    connectors: 2
    csms: wss://other.example/ocpp
    authorizationKey: key-of-duo
`;

test('fleet file (YAML): groups expand to stations in order, with their model, presets, connectors, CSMS, key and session generator settings (checked)', () => {
  const f = parseFleetFile(YAML, 'fleet.yaml', evlinkProAc);
  assert.deepEqual(f.csms, [{ url: 'ws://127.0.0.1:1/ocpp', weight: 1 }, { url: 'ws://127.0.0.1:2/ocpp', weight: 3 }]);
  assert.equal(f.spread, 'weight');
  assert.deepEqual(f.stations.map((s) => s.id), ['EVB-0001', 'EVB-0002', 'EVB-0003', 'DUO-9', 'DUO-10']);
  assert.deepEqual(f.stations[0], { id: 'EVB-0001', model: 'EVB3S07N4EA', config: { HeartbeatInterval: '120', LocalAuthListEnabled: 'false' }, sessions: { arrivalsPerHour: 2 } });
  assert.deepEqual(f.stations[4], { id: 'DUO-10', connectors: 2, csmsUrl: 'wss://other.example/ocpp', authorizationKey: 'key-of-duo' });
});

test('fleet file (JSON): the same document as JSON gives the same stations', () => {
  const json = JSON.stringify({ stations: [{ idPattern: 'J-{n:02}', count: 2, config: { MinimumStatusDuration: 5 } }] });
  assert.deepEqual(parseFleetFile(json, 'f.json', evlinkProAc).stations, [{ id: 'J-01', config: { MinimumStatusDuration: '5' } }, { id: 'J-02', config: { MinimumStatusDuration: '5' } }]);
});

test('fleet file: every problem is one line naming where it is', () => {
  const cases: Array<[string, RegExp]> = [
    ['{ "stations": [] }', /\/stations must NOT have fewer than 1 items/],
    ['{ "stations": [{ "idPattern": "A-{n}", "colour": "red" }] }', /\/stations\/0: unknown field "colour"/],
    ['{ "stations": [{ "idPattern": "A-{n}", "count": 0 }] }', /\/stations\/0\/count must be >= 1/],
    ['{ "stations": [{ "idPattern": "A", "count": 2 }] }', /idPattern "A" has no \{n\} but count is 2/],
    ['{ "stations": [{ "idPattern": "A-{n}-{n}", "count": 2 }] }', /more than one \{n\}/],
    ['{ "stations": [{ "idPattern": "A-{i}" }] }', /the only placeholder is \{n\}/],
    ['{ "stations": [{ "idPattern": "A/{n}" }] }', /"A\/1" is not a charge point id/],
    ['{ "stations": [{ "idPattern": "A-{n}", "count": 2 }, { "idPattern": "A-{n}", "start": 2 }] }', /station id A-2 appears twice/],
    ['{ "stations": [{ "idPattern": "A", "model": "EVB9" }] }', /\/stations\/0\/model: unknown EVlink Pro AC model "EVB9"; known: EVB3S22N4B/],
    ['{ "stations": [{ "idPattern": "A", "connectors": 3 }] }', /\/stations\/0\/connectors must be one of 1, 2/],
    ['{ "stations": [{ "idPattern": "A", "config": { "HeartbeatInterval": -1 } }] }', /\/stations\/0\/config: configuration key HeartbeatInterval must be an integer ≥ 0, got "-1"/],
    ['{ "stations": [{ "idPattern": "A", "config": { "NumberOfConnectors": 2 } }] }', /not a preset/],
    ['{ "stations": [{ "idPattern": "A", "csms": "http://x/ocpp" }] }', /\/stations\/0\/csms/],
    ['{ "stations": [{ "idPattern": "A", "sessions": { "arrivalsPerHour": -1 } }] }', /\/stations\/0\/sessions: session generator settings: .*arrivalsPerHour/],
    ['{ "stations": [{ "idPattern": "A", "sessions": { "arivalsPerHour": 2 } }] }', /\/stations\/0\/sessions: session generator settings: .*arivalsPerHour/],
    ['{ "csms": [{ "url": "ws://a/x", "weight": 2 }], "spread": "round-robin", "stations": [{ "idPattern": "A" }] }', /\/spread: round-robin spreads stations evenly/],
    ['{ "spread": "weight", "stations": [{ "idPattern": "A" }] }', /"spread" without "csms"/],
    ['{ "stations": [{ "idPattern": "A-{n}", "count": 19000 }, { "idPattern": "B-{n}", "count": 2 }] }', /19002 stations; at most 19000/],
    ['stations: [ { idPattern: A', /f\.yaml is not valid YAML \(unexpected end of the stream .* at line 2, column 1\)/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseFleetFile(text, 'f.yaml', evlinkProAc), (e) => isTwinError(e, 'TWIN_ERR_FLEET_FILE_INVALID') && message.test((e as Error).message) && !(e as Error).message.includes('\n'), `${text} → ${message}`);
  }
  assert.throws(() => parseFleetFile('{ "stations": [', 'f.json', evlinkProAc), /f\.json is not valid JSON/);
});

test('fleet file: {n:04} pads, {n} does not; the shipped schema (docs/fleet-file.schema.json) is the one the loader checks with', () => {
  assert.deepEqual(expandIdPattern('X{n:04}Y', 2, 99), ['X0099Y', 'X0100Y']);
  assert.deepEqual(expandIdPattern('X{n}', 2, 99), ['X99', 'X100']);
  const shipped = JSON.parse(readFileSync(new URL('../../docs/fleet-file.schema.json', import.meta.url), 'utf8')) as unknown;
  assert.deepEqual(shipped, JSON.parse(JSON.stringify(FLEET_FILE_SCHEMA)));
  const example = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
  assert.ok(parseFleetFile(example, 'examples/fleet.yaml', evlinkProAc).stations.length > 1, 'the documented example loads');
});

test('fleet file: a group\'s "frameLog" (all, viewed, off) goes with each of its stations; another value is refused naming the field', () => {
  const f = parseFleetFile('stations:\n  - idPattern: "Q-{n}"\n    count: 2\n    frameLog: all\n  - idPattern: R\n', 'f.yaml', evlinkProAc);
  assert.deepEqual(f.stations.map((s) => [s.id, s.frameLog]), [['Q-1', 'all'], ['Q-2', 'all'], ['R', undefined]]);
  assert.throws(() => parseFleetFile('stations:\n  - idPattern: Q\n    frameLog: 10\n', 'f.yaml', evlinkProAc),
    (e) => isTwinError(e, 'TWIN_ERR_FLEET_FILE_INVALID') && /\/stations\/0\/frameLog must be one of "all", "viewed", "off"/.test(e.message));
});

test('fleet file: a group\'s "history" (all, viewed, off) goes with each of its stations; another value is refused naming the field', () => {
  const f = parseFleetFile('stations:\n  - idPattern: "Q-{n}"\n    count: 2\n    history: off\n  - idPattern: R\n', 'f.yaml', evlinkProAc);
  assert.deepEqual(f.stations.map((s) => [s.id, s.history]), [['Q-1', 'off'], ['Q-2', 'off'], ['R', undefined]]);
  assert.throws(() => parseFleetFile('stations:\n  - idPattern: Q\n    history: some\n', 'f.yaml', evlinkProAc),
    (e) => isTwinError(e, 'TWIN_ERR_FLEET_FILE_INVALID') && /\/stations\/0\/history must be one of "all", "viewed", "off"/.test(e.message));
});
