import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet, type Fleet, type FleetOptions } from './fleet.ts';
import { checkHistoryMode, defaultHistoryMode, HISTORY_ALL_UP_TO, ViewedStations } from './history-mode.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { isTwinError } from '../shared/errors.ts';
import type { ConnectorSample } from '../station/station-events.ts';

/** A fleet of twins that never reach a central system (nothing but the history is exercised). */
async function withFleet(opts: Partial<FleetOptions>, fn: (fleet: Fleet, clock: ScaledClock) => void | Promise<void>): Promise<void> {
  const clock = new ScaledClock();
  const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock, build: buildEvlinkStation(), backoff: { initialMs: 600_000, maxMs: 600_000 }, ...opts });
  try { await fn(fleet, clock); } finally { await fleet.stop(); clock.dispose(); }
}

/** A reading in a transaction, as the station's physics emits it on its event bus. */
function emitReading(fleet: Fleet, id: string, at: number, currentA: number): void {
  const sample: ConnectorSample = { connectorId: 1, at, currentA, offeredA: 32, limitA: null, powerW: currentA * 690, sessionWh: 100, socPercent: 50 };
  fleet.get(id).station.context.events.emit('sampled', sample);
}

test('history mode: all up to 1,000 twins in the fleet, viewed above; anything but all/viewed/off is TWIN_ERR_HISTORY_MODE', () => {
  assert.equal(HISTORY_ALL_UP_TO, 1000);
  assert.equal(defaultHistoryMode(1), 'all');
  assert.equal(defaultHistoryMode(1000), 'all');
  assert.equal(defaultHistoryMode(1001), 'viewed');
  assert.equal(defaultHistoryMode(50_000), 'viewed');
  for (const m of ['all', 'viewed', 'off']) assert.equal(checkHistoryMode(m), m);
  for (const bad of ['All', '', 'none', true, undefined]) assert.throws(() => checkHistoryMode(bad), (e) => isTwinError(e, 'TWIN_ERR_HISTORY_MODE'));
});

test('history mode: the viewed stations are bounded; viewing one more gives back the least recently viewed; each keeps when it joined', () => {
  const v = new ViewedStations<string>(2);
  assert.equal(v.view('a', 10), undefined);
  assert.equal(v.view('b', 20), undefined);
  assert.equal(v.view('a', 30), undefined, 'viewing again refreshes');
  assert.equal(v.view('c', 40), 'b');
  assert.deepEqual([v.has('a'), v.has('b'), v.has('c'), v.size], [true, false, true, 2]);
  assert.deepEqual([v.since('a'), v.since('b'), v.since('c')], [10, undefined, 40], 'since the view that added it, not the latest');
  v.forget('a');
  assert.equal(v.view('a', 50), undefined);
  assert.equal(v.since('a'), 50, 'a station that left and came back starts again');
});

test('history mode all (the default): every station records from its first transaction, without being viewed', async () => {
  await withFleet({}, (fleet, clock) => {
    fleet.add({ id: 'A' });
    assert.deepEqual(fleet.get('A').historyRecording(), { mode: 'all', recording: true, since: null });
    emitReading(fleet, 'A', clock.now(), 16);
    assert.equal(fleet.get('A').history(1).at.length, 1);
  });
});

test('history mode viewed: nothing is kept (nor heard) until someone asks; then from that instant on, for the last N stations viewed', async () => {
  await withFleet({ history: 'viewed', viewedHistoryStations: 2 }, (fleet, clock) => {
    for (const id of ['A', 'B', 'C']) fleet.add({ id });
    const a = fleet.get('A');
    const t0 = clock.now();
    assert.equal(a.station.context.events.listens('sampled'), false, 'an unviewed station builds no reading at all');
    emitReading(fleet, 'A', t0, 16);
    assert.deepEqual(a.history(1).at, []);
    assert.deepEqual(a.historyRecording(), { mode: 'viewed', recording: false, since: null });

    const r = a.viewHistory();
    assert.equal(r.mode, 'viewed');
    assert.equal(r.recording, true);
    assert.ok(r.since !== null && r.since >= t0);
    emitReading(fleet, 'A', t0 + 60_000, 16);
    emitReading(fleet, 'A', t0 + 120_000, 8);
    assert.deepEqual(a.history(1).currentA, [16, 8]);
    assert.equal(a.viewHistory().since, r.since, 'viewing again keeps the start');

    fleet.get('B').viewHistory();
    assert.equal(a.historyRecording().recording, true, 'two stations fit');
    fleet.get('C').viewHistory();
    assert.deepEqual(a.historyRecording(), { mode: 'viewed', recording: false, since: null }, 'the least recently viewed stops');
    assert.deepEqual(a.history(1).at, [], 'and its readings are freed');
    assert.equal(a.station.context.events.listens('sampled'), false);
    emitReading(fleet, 'A', t0 + 180_000, 16);
    assert.deepEqual(a.history(1).at, []);
    assert.equal(fleet.get('C').historyRecording().recording, true);
  });
});

test('history mode off: nothing is kept or heard, viewed or not; a station\'s own mode overrides the fleet\'s; connectorHistory: false is off', async () => {
  await withFleet({ history: 'off' }, (fleet, clock) => {
    fleet.add({ id: 'OFF' });
    fleet.add({ id: 'MINE', history: 'all' });
    assert.deepEqual(fleet.get('OFF').viewHistory(), { mode: 'off', recording: false, since: null });
    assert.equal(fleet.get('OFF').station.context.events.listens('sampled'), false);
    emitReading(fleet, 'OFF', clock.now(), 16);
    assert.deepEqual(fleet.get('OFF').history(1).at, []);
    emitReading(fleet, 'MINE', clock.now(), 16);
    assert.equal(fleet.get('MINE').history(1).at.length, 1);
    assert.throws(() => fleet.add({ id: 'BAD', history: 'most' as never }), (e) => isTwinError(e, 'TWIN_ERR_HISTORY_MODE'));
  });
  await withFleet({ connectorHistory: false }, (fleet) => {
    fleet.add({ id: 'OLD' });
    assert.equal(fleet.get('OLD').historyRecording().mode, 'off');
  });
  const clock = new ScaledClock();
  assert.throws(() => createFleet({ csmsUrl: 'ws://127.0.0.1:1', clock, build: buildEvlinkStation(), history: 'some' as never }), (e) => isTwinError(e, 'TWIN_ERR_HISTORY_MODE'));
  clock.dispose();
});

test('history mode viewed: a viewed station goes on recording across a reboot (the new model is heard), keeping what it had', async () => {
  await withFleet({ history: 'viewed', rebootDelayMs: 0 }, async (fleet, clock) => {
    const a = fleet.add({ id: 'RB' });
    a.viewHistory();
    emitReading(fleet, 'RB', clock.now(), 16);
    const before = a.station;
    a.runtime.reboot('Hard');
    for (let i = 0; i < 200 && a.station === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.notEqual(a.station, before, 'rebuilt');
    assert.equal(a.station.context.events.listens('sampled'), true);
    emitReading(fleet, 'RB', clock.now() + 60_000, 8);
    assert.deepEqual(a.history(1).currentA, [16, 8]);
  });
});

test('history mode viewed: a station viewed while it charges has its current reading at once (the chart does not wait for the next physics tick, up to a minute)', async () => {
  const build = buildEvlinkStation({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await withFleet({ history: 'viewed', build }, async (fleet, clock) => {
    fleet.add({ id: 'CH' });
    const m = fleet.get('CH');
    m.station.context.controls.setEv!(1, { maxCurrentA: 16, phases: 1 });
    m.station.context.controls.plugIn!(1);
    m.station.context.controls.evRequestsEnergy!(1, true);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(m.station.context.parts.sessions!.state.connectors[0]!.tx, 'a free-charging transaction runs (offline)');
    const since = m.viewHistory().since!;
    const h = m.history(1);
    assert.equal(h.at.length, 1, 'one reading, taken when the station was viewed');
    assert.ok(h.at[0]! >= since && h.at[0]! <= clock.now());
    assert.equal(h.currentA[0], 16);
    assert.equal(fleet.get('CH').history(1).at.length, 1, 'nothing else until the physics moves');
  });
});
