/**
 * The history mode through the control API and the SDK (decision D29): POST /api/stations takes a
 * station's own `history`; GET …/connectors/{c}/history says what the station records (`recording`) and,
 * in `viewed` mode, starts it; the SDK's `history` option and `history()` read the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { startCsms, startStation } from '../../src/sdk.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

interface History { recording: { mode: string; recording: boolean; since: number | null }; at: number[]; currentA: number[] }

test('POST /api/stations "history": a station\'s own mode in a viewed fleet; GET …/history reports it and starts a viewed station\'s recording', { timeout: 20_000 }, async () => {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1/ocpp', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, history: 'viewed' });
  const api = await startControlApi({ fleet, clock, port: 0 });
  const post = (body: unknown): Promise<Response> => fetch(`${api.url}/api/stations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const history = async (id: string): Promise<History> => (await fetch(`${api.url}/api/stations/${id}/connectors/1/history`)).json() as Promise<History>;
  try {
    assert.equal((await post({ id: 'H-ALL', history: 'all' })).status, 200);
    assert.equal((await post({ id: 'H-OFF', history: 'off' })).status, 200);
    assert.equal((await post({ id: 'H-FLEET' })).status, 200);
    const bad = await post({ id: 'H-BAD', history: 'sometimes' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /history.*all, viewed, off/);

    assert.deepEqual((await history('H-ALL')).recording, { mode: 'all', recording: true, since: null });
    assert.deepEqual((await history('H-OFF')).recording, { mode: 'off', recording: false, since: null });
    assert.equal(fleet.get('H-FLEET').historyRecording().recording, false, 'not before someone asks');
    const viewed = await history('H-FLEET');
    assert.equal(viewed.recording.mode, 'viewed');
    assert.equal(viewed.recording.recording, true);
    assert.ok(typeof viewed.recording.since === 'number' && Math.abs(viewed.recording.since - clock.now()) < 5000, 'since: the station clock of the request');
    assert.equal(fleet.get('H-FLEET').station.context.events.listens('sampled'), true, 'it hears its readings from now on');
  } finally {
    await api.close();
    await fleet.stop();
    clock.dispose();
  }
});

test('SDK: startStation({ history }) and history(): the charts\' columns with what the station records; a bad mode is refused', { timeout: 20_000 }, async () => {
  const csms = await startCsms({ tags: { 'TAG-S': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK-H', history: 'viewed' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    const first = station.history(1);
    assert.equal(first.recording.mode, 'viewed');
    assert.deepEqual(first.at, []);
    await station.plugIn(1);
    await station.presentBadge('TAG-S');
    await station.waitFor((s) => s.connectors[1]!.status === 'Charging');
    await waitFor(() => station.history(1).at.length > 0);
    const h = station.history(1, { limit: 1 });
    assert.ok(h.at[0]! >= first.recording.since!, 'kept from the first history() on');
    assert.ok(h.currentA[0]! > 0);
  } finally {
    await station.stop();
    await csms.close();
  }
  await assert.rejects(startStation({ csmsUrl: csms.url, id: 'X', history: 'never' as never }), (e) => isTwinError(e, 'TWIN_ERR_HISTORY_MODE'));
});
