import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet, type Fleet, type FleetOptions } from './fleet.ts';
import { checkFrameLogMode, defaultFrameLogMode, FRAME_LOG_ALL_UP_TO, FRAMES_UNVIEWED } from './frame-log-mode.ts';
import { FLEET_FRAMES_PER_STATION, STATION_FRAMES } from './frame-ring.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { isTwinError } from '../shared/errors.ts';

/** A fleet of twins that never reach a central system; frames are pushed into their logs as the socket would. */
async function withFleet(opts: Partial<FleetOptions>, fn: (fleet: Fleet) => void | Promise<void>): Promise<void> {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, ...opts });
  try { await fn(fleet); } finally { await fleet.stop(); clock.dispose(); }
}

/** `n` heartbeat exchanges (2n frames) into a station's log, numbered from `from`. */
function exchange(fleet: Fleet, id: string, n: number, from = 0): void {
  const ring = fleet.get(id).frames!;
  for (let i = from; i < from + n; i++) {
    ring.push(i * 1000, 'out', `[2,"${id}-${i}","Heartbeat",{}]`);
    ring.push(i * 1000 + 40, 'in', `[3,"${id}-${i}",{"currentTime":"2026-01-01T00:00:00.000Z"}]`);
  }
}
const ids = (fleet: Fleet, id: string): string[] => fleet.get(id).recentFrames().map((f) => (JSON.parse(f.text) as string[])[1]!);

test('frame-log mode: all up to 1,000 twins in the fleet, viewed above; anything but all/viewed/off is TWIN_ERR_FRAME_LOG_MODE', async () => {
  assert.equal(FRAME_LOG_ALL_UP_TO, 1000);
  assert.deepEqual([defaultFrameLogMode(1), defaultFrameLogMode(1000), defaultFrameLogMode(1001), defaultFrameLogMode(50_000)], ['all', 'all', 'viewed', 'viewed']);
  for (const m of ['all', 'viewed', 'off']) assert.equal(checkFrameLogMode(m), m);
  for (const bad of ['All', '', 'short', 4, undefined]) assert.throws(() => checkFrameLogMode(bad), (e) => isTwinError(e, 'TWIN_ERR_FRAME_LOG_MODE'));
  assert.throws(() => createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock: new ScaledClock(), build: buildEvlinkStation(), frameLog: 'most' as never }), (e) => isTwinError(e, 'TWIN_ERR_FRAME_LOG_MODE'));
});

test('frame-log mode all (the default): every twin keeps the full log, viewed or not', async () => {
  await withFleet({}, (fleet) => {
    fleet.add({ id: 'A' });
    assert.equal(fleet.get('A').frames!.capacity, STATION_FRAMES);
  });
  await withFleet({ framesPerStation: FLEET_FRAMES_PER_STATION, frameLog: 'all' }, (fleet) => {
    fleet.add({ id: 'A' });
    exchange(fleet, 'A', 40);
    assert.equal(fleet.get('A').recentFrames().length, FLEET_FRAMES_PER_STATION);
    fleet.get('A').viewFrames();
    assert.equal(fleet.get('A').frames!.capacity, FLEET_FRAMES_PER_STATION, 'viewing changes nothing');
  });
});

test('frame-log mode viewed: a twin nobody views keeps its last FRAMES_UNVIEWED frames; a viewed one the full log from then on, and its diagnostics frames with it', async () => {
  await withFleet({ framesPerStation: FLEET_FRAMES_PER_STATION, frameLog: 'viewed' }, (fleet) => {
    for (const id of ['A', 'B']) fleet.add({ id });
    assert.equal(FRAMES_UNVIEWED, 4);
    exchange(fleet, 'A', 10);
    exchange(fleet, 'B', 10);
    assert.deepEqual(ids(fleet, 'A'), ['A-8', 'A-8', 'A-9', 'A-9'], 'the last two exchanges');
    fleet.get('B').viewFrames();
    assert.deepEqual(ids(fleet, 'B'), ['B-8', 'B-8', 'B-9', 'B-9'], 'what it kept before is still there');
    exchange(fleet, 'A', 30, 10);
    exchange(fleet, 'B', 30, 10);
    assert.equal(fleet.get('A').recentFrames().length, FRAMES_UNVIEWED);
    assert.equal(fleet.get('B').recentFrames().length, FLEET_FRAMES_PER_STATION);
    assert.deepEqual(ids(fleet, 'B').slice(-2), ['B-39', 'B-39']);
    // recentFrames() is what the station's diagnostics files read (StationExtras, firmware-feature.ts)
    assert.deepEqual(fleet.get('A').recentFrames().map((f) => f.seq), [77, 78, 79, 80]);
  });
});

test('frame-log mode viewed: at most viewedFrameStations keep the full log; viewing one more shortens the least recently viewed, newest frames kept', async () => {
  await withFleet({ framesPerStation: 20, frameLog: 'viewed', viewedFrameStations: 2 }, async (fleet) => {
    for (const id of ['A', 'B', 'C']) fleet.add({ id });
    for (const id of ['A', 'B']) { fleet.get(id).viewFrames(); exchange(fleet, id, 8); }
    fleet.get('A').viewFrames(); // A is now the most recently viewed
    fleet.get('C').viewFrames();
    assert.equal(fleet.get('B').frames!.capacity, FRAMES_UNVIEWED, 'B, the least recently viewed, is short again');
    assert.deepEqual(ids(fleet, 'B'), ['B-6', 'B-6', 'B-7', 'B-7']);
    assert.equal(fleet.get('A').recentFrames().length, 16);
    assert.equal(fleet.get('C').frames!.capacity, 20);
    await fleet.remove('A');
    fleet.get('B').viewFrames();
    assert.equal(fleet.get('C').frames!.capacity, 20, 'a removed station no longer holds a place');
  });
});

test('frame-log mode off: no twin keeps frames, viewed or not; a short log is never longer than the full one', async () => {
  await withFleet({ frameLog: 'off' }, (fleet) => {
    fleet.add({ id: 'A' });
    fleet.get('A').viewFrames();
    assert.equal(fleet.get('A').frames, undefined);
    assert.deepEqual(fleet.get('A').recentFrames(), []);
  });
  await withFleet({ framesPerStation: 2, frameLog: 'viewed' }, (fleet) => {
    fleet.add({ id: 'A' });
    assert.equal(fleet.get('A').frames!.capacity, 2);
  });
});

test('frame-log mode: a station\'s own mode overrides the fleet\'s (all in a viewed fleet, viewed in an all fleet); a bad one is refused when it is added', async () => {
  await withFleet({ framesPerStation: 50, frameLog: 'viewed' }, (fleet) => {
    fleet.add({ id: 'OWN-ALL', frameLog: 'all' });
    assert.equal(fleet.get('OWN-ALL').frames!.capacity, 50);
    fleet.get('OWN-ALL').viewFrames();
    assert.equal(fleet.get('OWN-ALL').frames!.capacity, 50, 'viewing does not change an all log');
    assert.throws(() => fleet.add({ id: 'OWN-BAD', frameLog: 'x' as never }), (e) => isTwinError(e, 'TWIN_ERR_FRAME_LOG_MODE') && /station OWN-BAD: frameLog/.test(e.message));
  });
  await withFleet({ framesPerStation: 50, frameLog: 'all' }, (fleet) => {
    fleet.add({ id: 'OWN-VIEWED', frameLog: 'viewed' });
    assert.equal(fleet.get('OWN-VIEWED').frames!.capacity, FRAMES_UNVIEWED);
    exchange(fleet, 'OWN-VIEWED', 5);
    fleet.get('OWN-VIEWED').viewFrames();
    assert.equal(fleet.get('OWN-VIEWED').frames!.capacity, 50, 'viewed: the full log once looked at');
    assert.deepEqual(ids(fleet, 'OWN-VIEWED'), ['OWN-VIEWED-3', 'OWN-VIEWED-3', 'OWN-VIEWED-4', 'OWN-VIEWED-4'], 'the newest frames kept');
  });
});

test('frame-log recording (the station view\'s frameLog): all keeps the full log; off none; viewed from the first view, since that instant, until another view pushes it out', async () => {
  await withFleet({ frameLog: 'all' }, (fleet) => {
    fleet.add({ id: 'A' });
    assert.deepEqual(fleet.get('A').frameLogRecording(), { mode: 'all', recording: true, since: null });
  });
  await withFleet({ frameLog: 'off' }, (fleet) => {
    fleet.add({ id: 'A' });
    fleet.get('A').viewFrames();
    assert.deepEqual(fleet.get('A').frameLogRecording(), { mode: 'off', recording: false, since: null });
  });
  await withFleet({ framesPerStation: 20, frameLog: 'viewed', viewedFrameStations: 1 }, async (fleet) => {
    for (const id of ['A', 'B']) fleet.add({ id });
    assert.deepEqual(fleet.get('A').frameLogRecording(), { mode: 'viewed', recording: false, since: null });
    const first = fleet.clock.now();
    fleet.get('A').viewFrames();
    assert.deepEqual(fleet.get('A').frameLogRecording(), { mode: 'viewed', recording: true, since: first });
    await (fleet.clock as ScaledClock).fastForward(60_000);
    fleet.get('A').viewFrames();
    assert.equal(fleet.get('A').frameLogRecording().since, first, 'a later view keeps the start of the full log');
    fleet.get('B').viewFrames();
    assert.deepEqual(fleet.get('A').frameLogRecording(), { mode: 'viewed', recording: false, since: null }, 'pushed out: short again');
    assert.deepEqual(fleet.get('B').frameLogRecording(), { mode: 'viewed', recording: true, since: fleet.clock.now() });
    const view = (await import('./station-view.ts')).stationView(fleet.get('B'));
    assert.deepEqual(view.frameLog, fleet.get('B').frameLogRecording(), 'the station view carries it');
  });
});
