/**
 * "Plug in an EV that requests energy" is one control everywhere a user drives a twin: the control API's
 * plug route (optional `requesting`), `chargetwin ctl plug <id> [c] [idle]` and the SDK's
 * plugIn(c, { requesting }). The dashboard's buttons are checked in dashboard-browser.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation } from '../../src/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { ControlApiClient } from '../../src/api-client/client.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

type Conn = { plugged: boolean; evRequesting: boolean; status: string };

test('control API and ctl: plug puts in an EV that asks for energy (plug + badge → Charging); requesting=false / `idle` one that waits; bad values refused', async () => {
  const { main } = await import('../../src/cli/main.ts');
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-PLUG': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  const c = new ControlApiClient(api.url);
  const conn = async (): Promise<Conn> => ((await c.station('EVB-PLUG')) as unknown as { connectors: Conn[] }).connectors[1]!;
  const ctl = async (...args: string[]) => {
    const err: string[] = [];
    const code = await main(['ctl', '--api', api.url, ...args], { out: () => {}, err: (l) => err.push(l) });
    return { code, err: err.join('\n') };
  };
  try {
    fleet.add({ id: 'EVB-PLUG' });
    await waitFor(() => fleet.get('EVB-PLUG').station.registration === 'Accepted');
    await c.plug('EVB-PLUG', 1);
    assert.deepEqual([(await conn()).plugged, (await conn()).evRequesting], [true, true]);
    assert.deepEqual(await c.badge('EVB-PLUG', 'TAG-PLUG'), { accepted: true });
    await waitFor(() => fleet.get('EVB-PLUG').station.context.status.get(1).status === 'Charging');
    await c.stop('EVB-PLUG', 1);
    await c.unplug('EVB-PLUG', 1);
    await c.plug('EVB-PLUG', 1, false);
    assert.deepEqual([(await conn()).plugged, (await conn()).evRequesting], [true, false]);
    await c.unplug('EVB-PLUG', 1);
    await assert.rejects(c.request('POST', '/api/stations/EVB-PLUG/connectors/1/plug', { requesting: 'yes' }), (e) => isTwinError(e, 'TWIN_ERR_API_BAD_REQUEST'));
    assert.equal((await conn()).plugged, false, 'a refused plug changes nothing');
    assert.equal((await ctl('plug', 'EVB-PLUG', '1', 'idle')).code, 0);
    assert.deepEqual([(await conn()).plugged, (await conn()).evRequesting], [true, false]);
    await c.unplug('EVB-PLUG', 1);
    assert.equal((await ctl('plug', 'EVB-PLUG', '1')).code, 0);
    assert.deepEqual([(await conn()).plugged, (await conn()).evRequesting], [true, true]);
    const bad = await ctl('plug', 'EVB-PLUG', '1', 'maybe');
    assert.deepEqual([bad.code, /expected idle or requesting/.test(bad.err)], [2, true]);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('SDK: plugIn(1) + presentBadge reaches Charging with no SuspendedEV on the wire; plugIn(1, { requesting: false }) plugs an EV that waits; bad options refused', async () => {
  const csms = await startCsms({ tags: { 'TAG-PLUG': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-PLUG-SDK' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    await station.plugIn(1);
    await station.presentBadge('TAG-PLUG');
    const reported = (): string[] => station.frames({ action: 'StatusNotification', direction: 'out' })
      .map((f) => (JSON.parse(f.text) as [number, string, string, { connectorId: number; status: string }])[3]).filter((p) => p.connectorId === 1).map((p) => p.status);
    await station.waitFor((s) => s.connectors[1]!.status === 'Charging' && reported().includes('Charging'));
    const seen = reported();
    assert.deepEqual(seen.slice(seen.indexOf('Preparing'), seen.indexOf('Charging', seen.indexOf('Preparing')) + 1), ['Preparing', 'Charging'], seen.join(', '));
    await station.unplug(1);
    await station.plugIn(1, { requesting: false });
    assert.equal(station.state().connectors[1]!.evRequesting, false);
    await station.unplug(1);
    await assert.rejects(station.plugIn(1, { requesting: 'yes' } as never), (e) => isTwinError(e, 'TWIN_ERR_API_BAD_REQUEST'));
  } finally {
    await station.stop();
    await csms.close();
  }
});
