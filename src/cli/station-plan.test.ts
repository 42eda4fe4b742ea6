import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.ts';
import { planStations } from './station-plan.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const CSMS = ['--csms', 'ws://127.0.0.1:1/ocpp'];

test('station --config/--connectors/--model/--csms: every bad value is one line on stderr and exit 2, before anything starts', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[...CSMS, '--id', 'X', '--config', 'HeartbeatIntervall=60'], /^chargetwin: --config: unknown configuration key "HeartbeatIntervall" \(did you mean HeartbeatInterval\?\)$/],
    [[...CSMS, '--id', 'X', '--config', 'MinimumStatusDuration=500'], /^chargetwin: --config: configuration key MinimumStatusDuration must be an integer 0 … 120, got "500"$/],
    [[...CSMS, '--id', 'X', '--config', 'LocalAuthListEnabled=maybe'], /LocalAuthListEnabled must be true or false, got "maybe"$/],
    [[...CSMS, '--id', 'X', '--config', 'NumberOfConnectors=2'], /NumberOfConnectors is not a preset: set it with the connector count \(--connectors/],
    [[...CSMS, '--id', 'X', '--config', 'ChargeProfileMaxStackLevel=3'], /ChargeProfileMaxStackLevel is read-only on the unit, not a preset$/],
    [[...CSMS, '--id', 'X', '--config', 'HeartbeatInterval'], /^chargetwin: --config takes key=value, got "HeartbeatInterval"$/],
    [[...CSMS, '--id', 'X', '--config', 'LedIntensity=1', '--config', 'LedIntensity=2'], /--config LedIntensity is given twice$/],
    [[...CSMS, '--id', 'X', '--connectors', '3'], /^chargetwin: --connectors: the number of connectors must be an integer 1 … 2, got 3$/],
    [[...CSMS, '--id', 'X', '--connectors', 'two'], /--connectors must be an integer/],
    [[...CSMS, '--id', 'X', '--model', 'EVB9'], /^chargetwin: --model "EVB9" is not an EVlink Pro AC model; known: EVB3S22N4B, EVB3S22N4A, .*, EVB3S07N4EA$/],
    [['--csms', 'ws://127.0.0.1:1/ocpp,weight=0', '--id', 'X'], /^chargetwin: --csms: a weight must be an integer 1 … 1000, got 0$/],
    [['--csms', 'http://127.0.0.1:1/ocpp,weight=2', '--id', 'X'], /^chargetwin: --csms must be a ws:\/\/ or wss:\/\/ URL, got "http:/],
    [[...CSMS, '--csms', 'ws://127.0.0.1:2/ocpp,weight=3', '--csms-spread', 'round-robin', '--id', 'X'], /--csms-spread: round-robin spreads stations evenly: drop the weights, or spread by weight$/],
    [[...CSMS, '--csms-spread', 'random', '--id', 'X'], /the spread must be round-robin or weight, got "random"$/],
    [[...CSMS, '--fleet', 'f.yaml', '--id', 'X'], /^chargetwin: --id and --fleet do not mix: the fleet file describes the stations$/],
    [[...CSMS, '--fleet', '/nonexistent/fleet.yaml'], /^chargetwin: --fleet: cannot read "\/nonexistent\/fleet.yaml"$/],
  ];
  for (const [argv, message] of cases) {
    const r = await run('station', ...argv, '--api-port', '0');
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message, argv.join(' '));
    assert.equal(r.err.split('\n').length, 1, 'one line');
  }
});

test('station flags plan the twins: presets normalized and shared by the group; --count names -0001 …; a fleet file\'s problems are one line', () => {
  const plan = planStations({ csms: ['ws://h/ocpp'], id: 'P', count: '2', model: 'EVB3S 07N4EA', connectors: '2', config: ['LedIntensity=40', 'AuthenticationOCPPMode=TRUE'] });
  assert.deepEqual(plan.specs, [
    { id: 'P-0001', model: 'EVB3S07N4EA', connectors: 2, config: { LedIntensity: '40', AuthenticationOCPPMode: 'true' } },
    { id: 'P-0002', model: 'EVB3S07N4EA', connectors: 2, config: { LedIntensity: '40', AuthenticationOCPPMode: 'true' } },
  ]);
  assert.equal(plan.csmsPlan.spread, 'round-robin');
  const read = (text: string) => () => text;
  assert.throws(() => planStations({ fleet: 'f.yaml' }, read('stations: [{ idPattern: A }]')), /--csms <url> is required \(or "csms" in the fleet file\)/);
  assert.throws(() => planStations({ csms: ['ws://h/x'], fleet: 'f.yaml' }, read('csms: ws://k/y\nstations: [{ idPattern: A }]')), /both name central systems/);
  assert.throws(() => planStations({ csms: ['ws://h/x'], fleet: 'f.yaml' }, read('stations: [{ idPattern: A, config: { LedIntensity: 101 } }]')), /^Error: fleet file: \/stations\/0\/config: configuration key LedIntensity must be an integer 0 … 100, got "101"$|fleet file: \/stations\/0\/config: configuration key LedIntensity must be an integer 0 … 100, got "101"/);
  const own = planStations({ fleet: 'f.yaml' }, read('stations: [{ idPattern: A, csms: "ws://only/x" }]'));
  assert.equal(own.specs[0]!.csmsUrl, 'ws://only/x', 'groups with their own CSMS need no --csms');
});

test('a sharded plan is the slice of the whole fleet, each station on the central system its place in the whole fleet gives it (--count and fleet files)', () => {
  const values = { csms: ['ws://a.example/ocpp', 'ws://b.example/ocpp,weight=4'], id: 'S', count: '10' };
  const whole = planStations(values);
  const urlOf = (p: ReturnType<typeof planStations>, i: number): string => p.specs[i]!.csmsUrl ?? p.csmsPlan.urlFor(i);
  const expected = new Map(whole.specs.map((s, i) => [s.id, urlOf(whole, i)]));
  const seen: string[] = [];
  for (let index = 0; index < 3; index++) {
    const part = planStations(values, undefined, { shard: { index, count: 3 }, from: '--shard' });
    assert.equal(part.fleetSize, 10);
    part.specs.forEach((s, i) => { seen.push(s.id); assert.equal(urlOf(part, i), expected.get(s.id), `${s.id} on the same CSMS as unsharded`); });
  }
  assert.deepEqual(seen, whole.specs.map((s) => s.id), 'the shards together are the whole fleet, once, in order');
  const file = JSON.stringify({ csms: [{ url: 'ws://a.example/ocpp' }, { url: 'ws://b.example/ocpp', weight: 4 }], stations: [{ idPattern: 'F-{n}', count: 7 }] });
  const fleetWhole = planStations({ fleet: 'f.json' }, () => file);
  const fleetPart = planStations({ fleet: 'f.json' }, () => file, { shard: { index: 1, count: 2 }, from: '--shard' });
  assert.deepEqual(fleetPart.specs.map((s) => s.id), ['F-4', 'F-5', 'F-6', 'F-7']);
  fleetPart.specs.forEach((s, i) => assert.equal(s.csmsUrl, urlOf(fleetWhole, 3 + i)));
});
