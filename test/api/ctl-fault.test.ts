import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ctl = (...args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', 'ctl', ...args], { cwd: root });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += String(d); });
  p.stderr.on('data', (d) => { err += String(d); });
  p.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
});

test('chargetwin ctl fault: inject a CALLERROR in words, list it, see it fire as the CSMS and marked in ctl frames; a bad rule exits 1 with its code', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  try {
    fleet.add({ id: 'EVB-CTLF' });
    await waitFor(() => fleet.get('EVB-CTLF').station.registration === 'Accepted');
    const added = await ctl('--api', api.url, 'fault', 'EVB-CTLF', 'incoming', 'GetConfiguration', 'callerror', 'GenericError', 'injected', 'by', 'ctl');
    assert.equal(added.code, 0, added.err);
    const listed = await ctl('--api', api.url, 'fault', 'EVB-CTLF');
    assert.deepEqual(listed.out.trim().split('\n'), ['ID\tDIRECTION\tACTION\tMODE\tDETAIL\tREMAINING\tFIRED', 'f1\tincoming\tGetConfiguration\tcallerror\tGenericError injected by ctl\t1\t0']);
    await assert.rejects(csms.call('EVB-CTLF', 'GetConfiguration', {}), (e) => isTwinError(e, 'TWIN_ERR_RPC_CALLERROR'));
    const frames = (await ctl('--api', api.url, 'frames', 'EVB-CTLF', 'GetConfiguration')).out.trim().split('\n');
    assert.equal(frames.length, 2);
    assert.match(frames[1]!, /→ ERROR\s+GetConfiguration\s+⚡callerror GenericError/);
    const bad = await ctl('--api', api.url, 'fault', 'EVB-CTLF', 'incoming', 'RemoteStartTransaction', 'status', 'Maybe');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /TWIN_ERR_FAULT_INVALID/);
    const usage = await ctl('--api', api.url, 'fault', 'EVB-CTLF', 'incoming', 'explode');
    assert.equal(usage.code, 2);
    assert.equal((await ctl('--api', api.url, 'fault', 'EVB-CTLF', 'clear')).code, 0);
  } finally { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); }
});
