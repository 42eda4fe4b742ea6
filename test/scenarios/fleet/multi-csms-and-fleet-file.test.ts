import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsms, type Csms } from '../../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import { buildEvlinkStation } from '../../../src/runtime/evlink-station.ts';
import { planStations } from '../../../src/cli/station-plan.ts';
import { waitFor } from '../../support/wait-for.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const on = (csms: Csms, prefix: string): string[] => csms.stations().filter((s) => s.id.startsWith(prefix) && s.boot !== undefined).map((s) => s.id).sort();

/** Starts the planned stations in a fleet as `chargetwin station` does, and waits until each is registered. */
async function boot(values: Record<string, unknown>, read?: (p: string) => string): Promise<{ fleet: Fleet; clock: ScaledClock }> {
  const plan = planStations(values, read);
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: plan.csmsUrl, csmsPlan: plan.csmsPlan, clock, build: buildEvlinkStation(), backoff: { initialMs: 20, maxMs: 100 } });
  for (const spec of plan.specs) fleet.add(spec);
  await waitFor(() => fleet.list().every((m) => m.station.registration === 'Accepted'), 15_000, 'every twin registered');
  return { fleet, clock };
}

test('multi-CSMS: --csms A --csms B,weight=4 with 10 twins puts exactly 2 on A and 8 on B; round robin alternates; the same index lands on the same CSMS', async () => {
  const [a, b] = await Promise.all([startCsms({ port: 0 }), startCsms({ port: 0 })]);
  try {
    const weighted = await boot({ csms: [a.url, `${b.url},weight=4`], id: 'W', count: '10' });
    assert.equal(on(a, 'W-').length, 2);
    assert.equal(on(b, 'W-').length, 8);
    const firstOnA = on(a, 'W-');
    await weighted.fleet.stop();
    const again = await boot({ csms: [a.url, `${b.url},weight=4`], id: 'W', count: '10' });
    assert.deepEqual(on(a, 'W-'), firstOnA, 'a restarted fleet puts the same stations on the same CSMS');
    await again.fleet.stop(); again.clock.dispose(); weighted.clock.dispose();

    const rr = await boot({ csms: [a.url, b.url], id: 'R', count: '4' });
    assert.deepEqual(on(a, 'R-'), ['R-0001', 'R-0003']);
    assert.deepEqual(on(b, 'R-'), ['R-0002', 'R-0004']);
    assert.equal(rr.fleet.get('R-0002').station.context.config.str('SupervisionUrl'), b.url, 'SupervisionUrl names the station\'s own CSMS');
    await rr.fleet.stop(); rr.clock.dispose();
  } finally { await a.close(); await b.close(); }
});

test('fleet file (YAML): every group boots with its model, presets, connectors and CSMS — seen by the central system through GetConfiguration and BootNotification', async () => {
  const [a, b] = await Promise.all([startCsms({ port: 0 }), startCsms({ port: 0 })]);
  const yaml = `stations:
  - idPattern: "Y-{n:02}"
    count: 2
    model: EVB3S07N4EA
    config: { MinimumStatusDuration: 7, LedIntensity: 30, LocalAuthListEnabled: false }
    sessions: { arrivalsPerHour: 0.001 }
  - idPattern: Z-{n}
    connectors: 2
    csms: ${b.url}
`;
  try {
    const { fleet, clock } = await boot({ csms: [a.url], fleet: 'groups.yaml' }, (p) => { assert.equal(p, 'groups.yaml'); return yaml; });
    assert.deepEqual(on(a, 'Y-'), ['Y-01', 'Y-02']);
    assert.deepEqual(on(b, 'Z-'), ['Z-1']);
    assert.equal(a.station('Y-01')!.boot!.chargePointModel, 'EVB3S07N4EA');
    const conf = await a.call('Y-02', 'GetConfiguration', { key: ['MinimumStatusDuration', 'LedIntensity', 'LocalAuthListEnabled'] });
    assert.deepEqual(Object.fromEntries((conf.configurationKey ?? []).map((k) => [k.key, k.value])), { MinimumStatusDuration: '7', LedIntensity: '30', LocalAuthListEnabled: 'false' });
    const z = await b.call('Z-1', 'GetConfiguration', { key: ['NumberOfConnectors'] });
    assert.equal(z.configurationKey?.[0]?.value, '2');
    await waitFor(() => b.station('Z-1')!.statuses.has(2), 5000, 'a StatusNotification for connector 2');
    assert.deepEqual(fleet.get('Y-01').spec.sessions, { arrivalsPerHour: 0.001 }, 'the session settings travel with the station');
    await fleet.stop(); clock.dispose();
  } finally { await a.close(); await b.close(); }
});

test('chargetwin station --csms A --csms B,weight=4 --count 5: the real command spreads 1 and 4', async () => {
  const [a, b] = await Promise.all([startCsms({ port: 0 }), startCsms({ port: 0 })]);
  const dir = await mkdtemp(join(tmpdir(), 'chargetwin-multi-'));
  try {
    const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--csms', a.url, '--csms', `${b.url},weight=4`, '--id', 'CLI', '--count', '5', '--api-port', '0', '--data-dir', dir], { cwd: root });
    p.stdout.resume();
    let err = '';
    p.stderr.on('data', (d) => { err += String(d); });
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => on(a, 'CLI-').length + on(b, 'CLI-').length === 5, 30_000, 'five twins registered');
    } finally { p.kill('SIGTERM'); }
    assert.equal(await exited, 0, err);
    assert.equal(on(a, 'CLI-').length, 1);
    assert.equal(on(b, 'CLI-').length, 4);
  } finally { await a.close(); await b.close(); await rm(dir, { recursive: true, force: true }); }
});

test('fleet file (JSON) through the command line: the file read from disk, its groups booted, a group\'s session generator settings started on that group only', async () => {
  const a = await startCsms({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'chargetwin-fleetfile-'));
  try {
    const file = join(dir, 'fleet.json');
    await writeFile(file, JSON.stringify({ csms: a.url, stations: [{ idPattern: 'FJ-{n}', count: 2, config: { LedIntensity: 55 } }, { idPattern: 'FS-{n}', count: 1, sessions: { arrivalsPerHour: 0.001 } }] }));
    const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--fleet', file, '--api-port', '0', '--data-dir', join(dir, 'data')], { cwd: root });
    p.stdout.resume();
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => on(a, 'FJ-').length === 2, 30_000, 'both twins registered');
      const conf = await a.call('FJ-2', 'GetConfiguration', { key: ['LedIntensity'] });
      assert.equal(conf.configurationKey?.[0]?.value, '55');
      await waitFor(() => err.includes('session generator running on 1 twin(s)'), 30_000, 'the FS group\'s generator started');
    } finally { p.kill('SIGTERM'); }
    assert.equal(await exited, 0);
  } finally { await a.close(); await rm(dir, { recursive: true, force: true }); }
});
