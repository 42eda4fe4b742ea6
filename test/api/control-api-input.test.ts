import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { ROUTES } from '../../src/api/routes.ts';
import { ERROR_STATUS } from '../../src/api/error-status.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const S = '/api/stations/EVB-IN';
const C = `${S}/connectors`;

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-IN' });
  await waitFor(() => fleet.get('EVB-IN').station.registration === 'Accepted');
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

const BAD = 'TWIN_ERR_API_BAD_REQUEST';
/** [method, path (as sent), body (object, or raw text), expected error code]; the status comes from the one table. */
type Case = [string, string, unknown, string];
const CASES: Case[] = [
  ['POST', '/api/stations', { id: '' }, BAD],
  ['POST', '/api/stations', { id: 'a/b' }, BAD],
  ['POST', '/api/stations', { id: 'EVB-Z', colour: 'red' }, BAD],
  ['POST', '/api/stations', { id: 'EVB-Z', model: 'NOPE' }, 'TWIN_ERR_PROFILE_UNKNOWN_MODEL'],
  ['POST', '/api/stations', { id: 'EVB-Z', config: { LedIntensity: 101 } }, 'TWIN_ERR_PRESET_INVALID'],
  ['POST', '/api/stations', { id: 'EVB-Z', config: { NumberOfConnectors: 2 } }, 'TWIN_ERR_PRESET_INVALID'],
  ['POST', '/api/stations', { id: 'EVB-Z', config: 'LedIntensity=1' }, BAD],
  ['POST', '/api/stations', { id: 'EVB-Z', connectors: 3 }, BAD],
  ['POST', '/api/stations', { id: 'EVB-Z', csms: 'http://127.0.0.1:1/ocpp' }, 'TWIN_ERR_FLEET_CSMS_INVALID'],
  ['POST', '/api/stations', { id: 'EVB-Z', authorizationKey: 'has space' }, BAD],
  ['GET', '/api/stations/NOPE', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['GET', '/api/stations/%zz', undefined, BAD],
  ['DELETE', '/api/stations/NOPE', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['POST', `${C}/abc/plug`, undefined, BAD],
  ['POST', `${C}/9/plug`, undefined, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['POST', `${C}/0/plug`, undefined, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['POST', `${C}/1/plug`, { force: true }, BAD],
  ['POST', `${C}/-1/unplug`, undefined, BAD],
  ['POST', `${C}/1/ev`, { socPercent: 500 }, BAD],
  ['POST', `${C}/1/ev`, { maxCurrentA: -5 }, BAD],
  ['POST', `${C}/1/ev`, { phases: 2 }, BAD],
  ['POST', `${C}/1/ev`, { capacityKWh: 0 }, BAD],
  ['POST', `${C}/1/ev`, { socPercent: '50' }, BAD],
  ['POST', `${C}/1/ev-requesting`, { requesting: 'yes' }, BAD],
  ['POST', `${C}/1/ev-requesting`, {}, BAD],
  ['POST', `${S}/badge`, { idTag: 'X'.repeat(21) }, BAD],
  ['POST', `${S}/badge`, { idTag: 'TAG', connectorId: 1.5 }, BAD],
  ['POST', `${S}/badge`, { idTag: 'TAG', connectorId: 7 }, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['POST', `${S}/badge`, '{nope', 'TWIN_ERR_API_BAD_JSON'],
  ['POST', `${C}/x/stop`, undefined, BAD],
  ['POST', `${S}/errors`, { code: '99.9' }, 'TWIN_ERR_UNKNOWN_VENDOR_ERROR'],
  ['POST', `${S}/errors`, { code: '12.0', connectorId: 'abc' }, BAD],
  ['POST', `${S}/errors`, { code: '12.0', connectorId: 5 }, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['DELETE', `${S}/errors/12.0?connectorId=abc`, undefined, BAD],
  ['DELETE', `${S}/errors/12.0?connectorId=9`, undefined, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['DELETE', `${S}/errors/12.0?connector=1`, undefined, BAD],
  ['DELETE', `${S}/errors/99.9`, undefined, 'TWIN_ERR_UNKNOWN_VENDOR_ERROR'],
  ['POST', `${C}/1/availability`, { operative: 1 }, BAD],
  ['POST', `${C}/5/availability`, { operative: false }, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['GET', '/api/stations/NOPE/local-list', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['PUT', `${S}/local-list`, { entries: 'TAG1' }, BAD],
  ['PUT', `${S}/local-list`, { entries: [{ idTag: 'X', status: 'Maybe' }] }, BAD],
  ['PUT', `${S}/local-list`, { entries: [{ idTag: 'X', status: 'Accepted' }, { idTag: 'X', status: 'Blocked' }] }, BAD],
  ['PUT', `${S}/local-list`, { entries: [{ idTag: 'X', status: 'Accepted', expiryDate: 'tomorrow' }] }, BAD],
  ['PUT', `${S}/local-list`, { entries: [], version: -1 }, BAD],
  // Longer than LocalAuthListMaxLength (1000 in the profile): the key bounds the installer's list too.
  ['PUT', `${S}/local-list`, { entries: Array.from({ length: 1001 }, (_, i) => ({ idTag: `T${i}`, status: 'Accepted' })) }, BAD],
  ['GET', '/api/stations/NOPE/configuration', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['POST', `${S}/configuration`, { key: 'HeartbeatInterval' }, BAD],
  ['POST', `${S}/configuration`, { key: 'HeartbeatInterval', value: 60 }, BAD],
  ['POST', `${S}/configuration`, { key: 'K'.repeat(51), value: '1' }, BAD],
  ['POST', `${S}/power`, { on: 'off' }, BAD],
  ['POST', `${S}/network`, { connected: null }, BAD],
  ['POST', `${S}/reboot`, { kind: 'Warm' }, BAD],
  ['GET', '/api/fleet?limit=0', undefined, BAD],
  ['GET', '/api/fleet?offset=-1', undefined, BAD],
  ['GET', '/api/fleet?offset=1.5', undefined, BAD],
  ['GET', `/api/fleet?match=${'x'.repeat(49)}`, undefined, BAD],
  ['GET', '/api/fleet?colour=red', undefined, BAD],
  ['GET', `${C}/1/history?limit=0`, undefined, BAD],
  ['GET', `${C}/1/history?since=yesterday`, undefined, BAD],
  ['GET', `${C}/abc/history`, undefined, BAD],
  ['GET', `${C}/9/history`, undefined, 'TWIN_ERR_NO_SUCH_CONNECTOR'],
  ['GET', `${C}/1/charging-profiles?duration=0`, undefined, BAD],
  ['GET', `${C}/-1/charging-profiles`, undefined, BAD],
  ['GET', `${S}/frames?limit=abc`, undefined, BAD],
  ['GET', `${S}/frames?limit=0`, undefined, BAD],
  ['GET', `${S}/frames?direction=up`, undefined, BAD],
  ['GET', `${S}/frames?action=Fly`, undefined, BAD],
  ['GET', '/api/stations/NOPE/transactions', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['GET', '/api/clock?now=1', undefined, BAD],
  ['POST', '/api/clock', { action: 'warp' }, BAD],
  ['POST', '/api/clock', { action: 'scale' }, BAD],
  ['POST', '/api/clock', { action: 'fast-forward', seconds: -1 }, BAD],
  ['POST', '/api/csms/stations/EVB-IN/call', { action: 'Fly', payload: {} }, BAD],
  ['POST', '/api/csms/stations/EVB-IN/call', { action: 'Reset', payload: { type: 'Sideways' } }, BAD],
  ['POST', '/api/csms/stations/EVB-IN/call', { action: 'Reset' }, BAD],
  ['GET', '/api/csms/stations/EVB-IN/transactions?all=1', undefined, BAD],
  ['POST', '/api/ocpp/check', { action: 'Fly', payload: {} }, BAD],
  ['GET', '/api/fleet?sort=colour', undefined, BAD],
  ['GET', '/api/fleet?order=up', undefined, BAD],
  ['POST', '/api/ocpp/check', { action: 'Reset' }, BAD],
  ['POST', '/api/ocpp/check', { action: 'Reset', payload: [] }, BAD],
  ['GET', '/api/csms/transactions?limit=1', undefined, BAD],
  ['POST', '/api/sessions-generator', { settings: 'often' }, BAD],
  ['POST', '/api/sessions-generator', { settings: { arrivalsPerHour: -1 } }, 'TWIN_ERR_BAD_SESSION_SETTINGS'],
  ['POST', '/api/sessions-generator', { stations: ['NOPE'] }, 'TWIN_ERR_FLEET_NO_STATION'],
  ['POST', '/api/sessions-generator', { stations: 'EVB-IN' }, BAD],
  ['GET', '/api/stations/NOPE/sessions-generator', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['POST', `${S}/sessions-generator`, { settings: { starts: { badge: 0 } } }, 'TWIN_ERR_BAD_SESSION_SETTINGS'],
  ['DELETE', '/api/stations/NOPE/sessions-generator', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['GET', '/api/stations/NOPE/faults', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['POST', `${S}/faults`, { mode: 'drop' }, BAD],
  ['POST', `${S}/faults`, { direction: 'incoming', mode: 'drop', times: -1 }, BAD],
  ['POST', `${S}/faults`, { direction: 'incoming', action: 'RemoteStartTransaction', mode: 'answer-status', payload: { status: 'Maybe' } }, 'TWIN_ERR_FAULT_INVALID'],
  ['POST', `${S}/faults`, { direction: 'outgoing', action: 'Reset', mode: 'drop' }, 'TWIN_ERR_FAULT_INVALID'],
  ['DELETE', '/api/stations/NOPE/faults', undefined, 'TWIN_ERR_FLEET_NO_STATION'],
  ['DELETE', `${S}/faults/f999`, undefined, 'TWIN_ERR_FAULT_UNKNOWN'],
];

const matches = (template: string, path: string): boolean =>
  new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]!);

test('control API bad input: every route that takes input has a bad-input case here', () => {
  for (const r of ROUTES) {
    const takesInput = r.body !== undefined || r.query !== undefined || r.path.includes('{');
    if (!takesInput) continue;
    assert.ok(CASES.some(([m, p]) => m === r.method && matches(r.path, p)), `no bad-input case for ${r.method} ${r.path}`);
  }
});

test('control API bad input: each bad request gets its stable code and the status of the one table, and changes nothing', async () => {
  const before = JSON.stringify({ s: (await (await fetch(`${api.url}${S}`)).json() as { connectors: unknown }).connectors, ll: await (await fetch(`${api.url}${S}/local-list`)).json(), stations: fleet.list().length });
  for (const [method, path, body, code] of CASES) {
    const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const answer = await res.json() as { error?: { code: string; message: string } };
    assert.deepEqual([res.status, answer.error?.code], [ERROR_STATUS[code], code], `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(answer)}`);
    assert.ok((answer.error?.message.length ?? 0) > 0);
  }
  const after = JSON.stringify({ s: (await (await fetch(`${api.url}${S}`)).json() as { connectors: unknown }).connectors, ll: await (await fetch(`${api.url}${S}/local-list`)).json(), stations: fleet.list().length });
  assert.equal(after.replace(/"(energyWh|at)":\d+/g, ''), before.replace(/"(energyWh|at)":\d+/g, ''));
  assert.equal(clock.state().paused, false);
});

test('control API bad input: clearing with a valid connector query works (the same route accepts good input)', async () => {
  assert.equal((await fetch(`${api.url}${S}/errors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '12.0', connectorId: 1 }) })).status, 200);
  await waitFor(() => fleet.get('EVB-IN').station.context.status.get(1).status === 'Faulted');
  assert.equal((await fetch(`${api.url}${S}/errors/12.0?connectorId=1`, { method: 'DELETE', headers: { 'content-type': 'application/json' } })).status, 200);
  await waitFor(() => fleet.get('EVB-IN').station.context.status.get(1).status === 'Available');
  const frames = await (await fetch(`${api.url}${S}/frames?limit=2&direction=out`)).json() as Array<{ direction: string }>;
  assert.equal(frames.length, 2);
  assert.ok(frames.every((f) => f.direction === 'out'));
});
