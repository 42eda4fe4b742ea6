/**
 * The frame-log mode through the control API and the CLI (decision D31): in `viewed` mode, GET …/frames
 * (the dashboard's frame panel) and an event stream opened with `?station=` give the station its full log
 * from then on; `--frame-log` with a bad value is a usage error before anything starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet, FRAMES_UNVIEWED } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { main } from '../../src/cli/main.ts';
import { startCsms, startStation } from '../../src/sdk.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { waitFor } from '../support/wait-for.ts';

test('GET …/frames and GET /api/events?station=: a station of a viewed fleet keeps the full log once looked at; the others keep their last few', { timeout: 20_000 }, async () => {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1/ocpp', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, framesPerStation: 50, frameLog: 'viewed' });
  const api = await startControlApi({ fleet, clock, port: 0 });
  const abort = new AbortController();
  try {
    for (const id of ['F-PANEL', 'F-STREAM', 'F-NONE']) {
      fleet.add({ id });
      for (let i = 0; i < 10; i++) fleet.get(id).frames!.push(i, 'out', `[2,"${id}-${i}","Heartbeat",{}]`);
    }
    const state = async (id: string): Promise<{ frameLog: unknown }> => await (await fetch(`${api.url}/api/stations/${id}`)).json() as { frameLog: unknown };
    assert.deepEqual((await state('F-PANEL')).frameLog, { mode: 'viewed', recording: false, since: null }, 'the station view says it keeps a short log');
    const viewedAt = clock.now();
    const first = await (await fetch(`${api.url}/api/stations/F-PANEL/frames`)).json() as unknown[];
    const after = (await state('F-PANEL')).frameLog as { mode: string; recording: boolean; since: number };
    assert.deepEqual([after.mode, after.recording], ['viewed', true]);
    assert.ok(after.since >= viewedAt && after.since <= clock.now(), 'its full log began when GET …/frames looked at it');
    assert.equal(first.length, FRAMES_UNVIEWED, 'what it kept before being looked at');
    assert.equal(fleet.get('F-PANEL').frames!.capacity, 50);

    const stream = await fetch(`${api.url}/api/events?station=F-STREAM`, { signal: abort.signal });
    assert.equal(stream.status, 200);
    await waitFor(() => fleet.get('F-STREAM').frames!.capacity === 50, 5000, 'the stream gave F-STREAM its full log');
    assert.equal(fleet.get('F-NONE').frames!.capacity, FRAMES_UNVIEWED, 'a station nobody looked at keeps the short log');
  } finally {
    abort.abort();
    await api.close();
    await fleet.stop();
    clock.dispose();
  }
});

test('--frame-log with a value other than all, viewed or off: one-line usage error, exit 2', async () => {
  const err: string[] = [];
  const code = await main(['station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'X', '--count', '2', '--frame-log', 'short'], { out: () => {}, err: (l) => err.push(l) });
  assert.equal(code, 2);
  assert.match(err.join('\n'), /--frame-log must be one of all, viewed, off, got "short"/);
  const many: string[] = [];
  assert.equal(await main(['station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'X', '--count', '4', '--processes', '2', '--frame-log', '50'], { out: () => {}, err: (l) => many.push(l) }), 2, 'before any shard process starts');
  assert.match(many.join('\n'), /--frame-log must be one of/);
});

test('POST /api/stations "frameLog": a station\'s own mode in a viewed fleet (all keeps the full log unviewed, off none); another value is a 400 naming the field', { timeout: 20_000 }, async () => {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1/ocpp', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, framesPerStation: 50, frameLog: 'viewed' });
  const api = await startControlApi({ fleet, clock, port: 0 });
  const post = (body: unknown): Promise<Response> => fetch(`${api.url}/api/stations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    assert.equal((await post({ id: 'L-ALL', frameLog: 'all' })).status, 200);
    assert.equal((await post({ id: 'L-OFF', frameLog: 'off' })).status, 200);
    assert.equal((await post({ id: 'L-FLEET' })).status, 200);
    const bad = await post({ id: 'L-BAD', frameLog: 'some' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /frameLog.*all, viewed, off/);
    assert.equal(fleet.get('L-ALL').frames!.capacity, 50, 'all: the full log without being viewed');
    assert.equal(fleet.get('L-OFF').frames, undefined, 'off: no log');
    assert.equal((await (await fetch(`${api.url}/api/stations/L-OFF/frames`)).json() as unknown[]).length, 0);
    assert.equal(fleet.get('L-FLEET').frames!.capacity, FRAMES_UNVIEWED, 'the fleet\'s mode');
  } finally {
    await api.close();
    await fleet.stop();
    clock.dispose();
  }
});

test('SDK: startStation({ frameLog }): viewed keeps the last few frames until frames() is first called, then the full log; off keeps none; a bad mode is refused', { timeout: 20_000 }, async () => {
  const csms = await startCsms({});
  const viewed = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK-FV', frameLog: 'viewed' });
  const off = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK-FO', frameLog: 'off' });
  try {
    await viewed.waitFor((s) => s.registration === 'Accepted');
    await off.waitFor((s) => s.registration === 'Accepted');
    // Boot, status notifications and their answers: more frames than the short log keeps.
    await waitFor(() => csms.frames.filter((f) => f.stationId === 'EVB-SDK-FV').length > FRAMES_UNVIEWED, 5000, 'more frames than the short log');
    assert.equal(viewed.frames().length, FRAMES_UNVIEWED, 'what it kept before anyone looked');
    await viewed.plugIn(1);
    await waitFor(() => viewed.frames().length > FRAMES_UNVIEWED, 5000, 'the full log from the first frames() on');
    assert.deepEqual(off.frames(), []);
  } finally {
    await viewed.stop();
    await off.stop();
    await csms.close();
  }
  await assert.rejects(startStation({ csmsUrl: csms.url, id: 'X', frameLog: 'some' as never }), (e) => isTwinError(e, 'TWIN_ERR_FRAME_LOG_MODE'));
});
