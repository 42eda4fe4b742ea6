import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { waitFor } from '../support/wait-for.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ctl = (...args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', 'ctl', ...args], { cwd: root });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += String(d); });
  p.stderr.on('data', (d) => { err += String(d); });
  p.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
});

test('chargetwin ctl drives a running twin through the control API; bad usage exits 2 with one line', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  try {
    fleet.add({ id: 'EVB-CTL' });
    await waitFor(() => fleet.get('EVB-CTL').station.registration === 'Accepted');
    const list = await ctl('--api', api.url, 'list');
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /EVB-CTL\tAccepted\topen\t0:Available 1:Available/);
    assert.equal((await ctl('--api', api.url, 'plug', 'EVB-CTL', '1')).code, 0);
    const state = JSON.parse((await ctl('--api', api.url, '--json', 'state', 'EVB-CTL')).out) as { connectors: Array<{ status: string }> };
    assert.equal(state.connectors[1]?.status, 'Preparing');
    const call = await ctl('--api', api.url, 'call', 'EVB-CTL', 'ChangeConfiguration', '{"key":"LedIntensity","value":"30"}');
    assert.match(call.out, /"status": "Accepted"/);
    const bad = await ctl('--api', api.url, 'ev', 'EVB-CTL', '1', 'maybe');
    assert.equal(bad.code, 2);
    assert.equal(bad.err.trim().split('\n').length, 1);
    const missing = await ctl('--api', api.url, 'state', 'NOPE');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /TWIN_ERR_FLEET_NO_STATION/);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
