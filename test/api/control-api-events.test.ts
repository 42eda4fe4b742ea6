/**
 * GET /api/events as an EventSource sees it (HTML standard, Server-sent events): named events with ids,
 * a retry hint, resuming with Last-Event-ID from a bounded buffer, and a keep-alive comment. Read with a
 * spec-following parser over plain HTTP (test/support/sse-client.ts).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, type Csms } from '../../src/csms/index.ts';
import { createFleet, type Fleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi, type ControlApi } from '../../src/api/server.ts';
import { waitFor } from '../support/wait-for.ts';
import { openSse, type SseEvent, type SseStream } from '../support/sse-client.ts';

let csms: Csms, fleet: Fleet, api: ControlApi, clock: ScaledClock;
const ID = 'EVB-SSE';

before(async () => {
  clock = new ScaledClock();
  csms = await startCsms({ clock });
  fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  api = await startControlApi({ fleet, csms, clock, port: 0 });
});
after(async () => { await api.close(); await fleet.stop(); await csms.close(); clock.dispose(); });

const post = async (base: string, path: string): Promise<void> => {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 200, `${path}: ${await res.text()}`);
};
/** The station's last CALL has its answer in the frame log: no event of this exchange is still to come. */
function answered(id: string): boolean {
  const frames = fleet.get(id).frames!.list();
  const call = frames.findLast((f) => f.direction === 'out' && f.type === 2);
  if (call === undefined) return true;
  const callId = (JSON.parse(call.text) as unknown[])[1];
  return frames.some((f) => f.seq > call.seq && f.direction === 'in' && (f.type === 3 || f.type === 4) && (JSON.parse(f.text) as unknown[])[1] === callId);
}
/**
 * Plugs or unplugs connector 1 and waits until the station shows it and the central system has answered
 * its StatusNotification (several frames and changed events). The station shows the new status before the
 * answer comes back over the socket: a test that opened a stream right after the status alone could see the
 * answer's frame event land between two streams it compares (a loaded machine widens that window).
 */
async function cable(base: string, id: string, plug: boolean): Promise<void> {
  await post(base, `/api/stations/${id}/connectors/1/${plug ? 'plug' : 'unplug'}`);
  await waitFor(() => fleet.get(id).station.context.status.get(1).status === (plug ? 'Preparing' : 'Available') && answered(id));
}
const ids = (events: SseEvent[]): number[] => events.map((e) => Number(e.lastEventId));
const consecutive = (list: number[]): boolean => list.every((n, i) => i === 0 || n === list[i - 1]! + 1);

test('SSE: the stream opens with a retry hint; every event is named after its type and has an id, one more than the last', async () => {
  const s = await openSse(`${api.url}/api/events`);
  try {
    assert.equal(s.status, 200);
    assert.equal(s.contentType, 'text/event-stream');
    fleet.add({ id: ID });
    await s.until((x) => x.events.some((e) => e.type === 'changed') && x.events.some((e) => e.type === 'frame' && e.data.includes('"direction":"in"')), 'a frame answered and a changed event');
    assert.equal(s.retryMs, 3000);
    assert.ok(s.events.some((e) => e.type === 'added'));
    for (const e of s.events) {
      assert.notEqual(e.type, 'message', 'no unnamed events');
      assert.equal((JSON.parse(e.data) as { type: string }).type, e.type, 'the name is the type of the data');
      assert.match(e.lastEventId, /^[1-9]\d*$/);
    }
    assert.ok(consecutive(ids(s.events)), ids(s.events).join(' '));
    await waitFor(() => fleet.get(ID).station.registration === 'Accepted');
  } finally { s.close(); }
});

test('SSE: a client that reconnects with Last-Event-ID gets exactly the events after it — no duplicates, no gaps', async () => {
  const first = await openSse(`${api.url}/api/events`);
  await cable(api.url, ID, true);
  await first.until((x) => x.events.some((e) => e.type === 'changed'), 'the plug seen live');
  first.close();
  const seen = [...first.events];
  // While nobody listens: the cable comes out (frames and changed events the client must not lose).
  await cable(api.url, ID, false);
  const again = await openSse(`${api.url}/api/events`, { lastEventId: first.lastEventId });
  try {
    await cable(api.url, ID, true);
    await again.until((x) => x.events.filter((e) => e.type === 'changed').length >= 2, 'the missed unplug and the live plug');
    const resumed = ids(again.events);
    assert.equal(resumed[0], Number(first.lastEventId) + 1, 'resumes right after the last id seen');
    const all = [...ids(seen), ...resumed];
    assert.equal(new Set(all).size, all.length, 'no duplicates');
    assert.ok(consecutive(all), `no gaps: ${all.join(' ')}`);
    assert.ok(again.events.some((e) => e.type === 'frame' && e.data.includes('StatusNotification')), 'the frames sent while disconnected came');
    assert.ok(!again.events.some((e) => e.type === 'missed'));
  } finally { again.close(); }
  await cable(api.url, ID, false);
});

test('SSE: with ?station=<id>, resuming replays only that station\'s frames (and everyone\'s state events)', async () => {
  fleet.add({ id: 'EVB-SSE-OTHER' });
  await waitFor(() => fleet.get('EVB-SSE-OTHER').station.registration === 'Accepted');
  const first = await openSse(`${api.url}/api/events?station=${ID}`);
  await cable(api.url, 'EVB-SSE-OTHER', true);
  await first.until((x) => x.events.length > 0, 'an event');
  first.close();
  await cable(api.url, 'EVB-SSE-OTHER', false);
  await cable(api.url, ID, true);
  const again = await openSse(`${api.url}/api/events?station=${ID}`, { lastEventId: first.lastEventId });
  try {
    await again.until((x) => x.events.some((e) => e.type === 'frame'), `a frame of ${ID}`);
    const frames = again.events.filter((e) => e.type === 'frame').map((e) => (JSON.parse(e.data) as { stationId: string }).stationId);
    assert.deepEqual([...new Set(frames)], [ID]);
    assert.ok(again.events.some((e) => e.type === 'changed' && e.data.includes('EVB-SSE-OTHER')), 'state events of every station');
    const all = [...ids(first.events), ...ids(again.events)];
    assert.equal(new Set(all).size, all.length, 'no duplicates');
    assert.ok(all.every((n, i) => i === 0 || n > all[i - 1]!), 'ids only grow');
  } finally { again.close(); }
  await cable(api.url, ID, false);
  await fleet.remove('EVB-SSE-OTHER');
});

test('SSE: an id older than the bounded buffer, or unknown, gets a `missed` event, then the buffered events', async () => {
  const small = await startControlApi({ fleet, csms, clock, port: 0, events: { bufferSize: 5, keepAliveMs: 60_000 } });
  let streams: SseStream[] = [];
  try {
    const first = await openSse(`${small.url}/api/events`);
    streams.push(first);
    await cable(small.url, ID, true);
    await first.until((x) => x.events.length > 0, 'an event');
    first.close();
    const lastSeen = Number(first.events.at(-1)!.lastEventId);
    await cable(small.url, ID, false);
    await cable(small.url, ID, true); // more than 5 events while away
    const again = await openSse(`${small.url}/api/events`, { lastEventId: String(lastSeen) });
    const unknown = await openSse(`${small.url}/api/events`, { lastEventId: 'not-a-number' });
    const future = await openSse(`${small.url}/api/events`, { lastEventId: '999999999' });
    streams = [again, unknown, future];
    for (const s of streams) await s.until((x) => x.events.length >= 6, 'missed + 5 buffered events');
    const missed = JSON.parse(again.events[0]!.data) as { type: string; reason: string; lastEventId: string; firstAvailableId: number };
    assert.equal(again.events[0]!.type, 'missed');
    assert.deepEqual({ ...missed, firstAvailableId: 0 }, { type: 'missed', reason: 'too-old', lastEventId: String(lastSeen), firstAvailableId: 0 });
    assert.ok(missed.firstAvailableId > lastSeen + 1, 'some events were lost');
    const replayed = ids(again.events.slice(1, 6));
    assert.equal(replayed[0], missed.firstAvailableId);
    assert.ok(consecutive(replayed), replayed.join(' '));
    for (const s of [unknown, future]) {
      assert.equal(s.events[0]!.type, 'missed');
      assert.equal((JSON.parse(s.events[0]!.data) as { reason: string }).reason, 'unknown-id');
      assert.deepEqual(ids(s.events.slice(1, 6)), replayed);
    }
  } finally {
    for (const s of streams) s.close();
    await small.close();
  }
  await cable(api.url, ID, false);
});

test('SSE: a keep-alive comment comes at the configured interval (15 s by default) while nothing happens', async () => {
  const quick = await startControlApi({ fleet, csms, clock, port: 0, events: { keepAliveMs: 40 } });
  const s = await openSse(`${quick.url}/api/events`);
  try {
    await s.until((x) => x.comments.filter((c) => c === 'keep-alive').length >= 3, 'three keep-alive comments');
    assert.equal(s.events.filter((e) => e.type === 'message').length, 0, 'comments are not events');
  } finally {
    s.close();
    await quick.close();
  }
});

test('SSE: a Last-Event-ID handed out before a restart is not taken for one of the new process (missed, unknown-id), even when it is below the new latest id', async () => {
  const first = await openSse(`${api.url}/api/events`);
  await cable(api.url, ID, true);
  await first.until((x) => x.events.length > 0, 'an event before the restart');
  first.close();
  const oldId = first.events.at(-1)!.lastEventId;
  await cable(api.url, ID, false);
  // The "restarted" API: a new event stream, started later, over the same fleet.
  const restarted = await startControlApi({ fleet, csms, clock, port: 0 });
  let again: SseStream | undefined;
  try {
    const warm = await openSse(`${restarted.url}/api/events`);
    await cable(restarted.url, ID, true);
    await warm.until((x) => x.events.length > 0, 'events after the restart');
    warm.close();
    assert.ok(Number(warm.events[0]!.lastEventId) > Number(oldId), 'ids keep growing across the restart');
    again = await openSse(`${restarted.url}/api/events`, { lastEventId: oldId });
    await again.until((x) => x.events.length > 0, 'the answer to the old id');
    assert.equal(again.events[0]!.type, 'missed');
    assert.equal((JSON.parse(again.events[0]!.data) as { reason: string }).reason, 'unknown-id');
  } finally {
    again?.close();
    await restarted.close();
    await cable(api.url, ID, false);
  }
});
