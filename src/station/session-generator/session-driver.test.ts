/**
 * Property tests of the session generator's driver, on a SimulatedClock against a small fake wallbox:
 * reproducible for a seed, and rates and shares within tolerance over a simulated week.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimulatedClock } from '../../shared/simulated-clock.ts';
import { SessionDriver } from './session-driver.ts';
import type { DriverAction, GeneratorTarget } from './generator-status.ts';
import { resolveSettings, type SessionGeneratorSettings } from './settings.ts';
import { stationSeed } from './prng.ts';

/** A one-connector wallbox reduced to what the driver sees: plugged, a transaction, accepted tags. */
class FakeWallbox implements GeneratorTarget {
  readonly connectorCount = 1;
  plugged = false; tx = false; network = true; power = true; faults: string[] = [];
  /** Whether the plugged EV asks for energy (plugged in asking unless told otherwise). */
  requesting = false;
  constructor(readonly clock: SimulatedClock) {}
  /** Controls used while the power is off (a dead wallbox has no reader, no stop button). */
  actedWhileOff = 0;
  poweredOn(): boolean { return this.power; }
  controls(): GeneratorTarget extends { controls(): infer C } ? C : never {
    if (!this.power) this.actedWhileOff++;
    return {
      setEv: () => {},
      plugIn: (_c: number, o?: { requesting?: boolean }) => { if (this.plugged) throw new Error('already plugged'); this.plugged = true; this.requesting = o?.requesting ?? true; },
      unplug: () => { this.plugged = false; this.tx = false; this.requesting = false; },
      evRequestsEnergy: (_c: number, r: boolean) => { this.requesting = r; },
      presentBadge: (tag: string) => { const accepted = tag.startsWith('TAG-0'); if (accepted) this.tx = true; return Promise.resolve({ accepted }); },
      pressStop: () => { if (!this.tx) throw new Error('no tx'); this.tx = false; },
      raiseError: (code: string) => { this.faults.push(code); },
      clearError: (code: string) => { this.faults = this.faults.filter((f) => f !== code); },
      state: () => ({ connectors: [{ plugged: this.plugged, energyWh: 0, ev: { socPercent: 50 }, transaction: this.tx ? {} : null }] }),
    };
  }
  cutNetwork(): void { this.network = false; }
  restoreNetwork(): void { this.network = true; }
  powerOff(): void { this.power = false; }
  powerOn(): void { this.power = true; }
}

const HOUR = 3_600_000;

async function run(settings: SessionGeneratorSettings, stations: number, hours: number): Promise<{ actions: DriverAction[][]; drivers: SessionDriver[]; boxes: FakeWallbox[] }> {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 5), async () => { await Promise.resolve(); await Promise.resolve(); });
  const resolved = resolveSettings(settings);
  const actions: DriverAction[][] = [];
  const boxes: FakeWallbox[] = [];
  const drivers = Array.from({ length: stations }, (_, i) => {
    const log: DriverAction[] = [];
    actions.push(log);
    const box = new FakeWallbox(clock);
    boxes.push(box);
    return new SessionDriver(clock, resolved, stationSeed(resolved.seed, `EVB-${i}`), box, (a) => log.push(a));
  });
  for (const d of drivers) d.start();
  await clock.advance(hours * HOUR);
  for (const d of drivers) d.stop();
  return { actions, drivers, boxes };
}

const MIXED: SessionGeneratorSettings = {
  arrivalsPerHour: 0.5,
  plugDurationMin: { kind: 'lognormal', mu: Math.log(60), sigma: 0.4, min: 5, max: 300 },
  tags: { invalidShare: 0.1, blockedShare: 0.1 },
  endings: { unplug: 1, stopButton: 1, remoteStop: 1, evFull: 1 },
  outages: { networkCutsPerDay: 1, powerCutsPerDay: 0.5, vendorFaultsPerDay: 0.5 },
};

test('reproducible: the same seed gives the same action sequence, another seed another one', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
    const a = await run({ ...MIXED, seed }, 2, 48);
    const b = await run({ ...MIXED, seed }, 2, 48);
    assert.deepEqual(a.actions, b.actions);
    assert.deepEqual(a.drivers.map((d) => d.status()), b.drivers.map((d) => d.status()));
    const c = await run({ ...MIXED, seed: (seed + 1) >>> 0 }, 2, 48);
    assert.notDeepEqual(a.actions, c.actions);
  }), { numRuns: 5, seed: 1 });
});

test('a station behaves the same whatever fleet it runs in (its seed comes from the fleet seed and its id)', async () => {
  const alone = await run({ ...MIXED, seed: 9 }, 1, 24);
  const inFleet = await run({ ...MIXED, seed: 9 }, 3, 24);
  assert.deepEqual(alone.actions[0], inFleet.actions[0]);
});

test('over a simulated week, arrivals per station follow the rate (Poisson bounds) and shares their weights', async () => {
  // 1 session per station per 8 h, 40 stations, 168 h: 840 expected arrivals, sd √840 ≈ 29
  const stations = 40;
  const { drivers, boxes } = await run({
    seed: 123, arrivalsPerHour: 1 / 8, plugDurationMin: { kind: 'fixed', value: 60 },
    tags: { invalidShare: 0.2, blockedShare: 0.1 }, endings: { unplug: 1, stopButton: 1 },
    outages: { networkCutsPerDay: 1, networkCutMin: { kind: 'fixed', value: 10 } },
  }, stations, 168);
  const sum = (f: (d: SessionDriver) => number): number => drivers.reduce((a, d) => a + f(d), 0);
  const arrivals = sum((d) => d.counters.arrivals);
  const expected = stations * 168 / 8;
  assert.ok(Math.abs(arrivals - expected) < 4 * Math.sqrt(expected), `arrivals ${arrivals}, expected ${expected}`);
  const presented = arrivals - sum((d) => d.counters.busy);
  const share = (n: number, p: number): void => assert.ok(Math.abs(n - presented * p) < 4 * Math.sqrt(presented * p * (1 - p)), `${n} of ${presented}, expected share ${p}`);
  share(sum((d) => d.counters.refused.invalid), 0.2);
  share(sum((d) => d.counters.refused.blocked), 0.1);
  assert.equal(sum((d) => d.counters.refused.valid), 0);
  const started = sum((d) => d.counters.started);
  assert.equal(started + sum((d) => d.counters.refused.invalid + d.counters.refused.blocked), presented);
  const stops = sum((d) => d.counters.ended.stopButton), unplugs = sum((d) => d.counters.ended.unplug);
  assert.ok(Math.abs(stops - unplugs) < 4 * Math.sqrt(stops + unplugs), `stop button ${stops}, unplug ${unplugs}`);
  // network cuts: one per station-day (less the time spent in a cut)
  const cuts = sum((d) => d.counters.outages.network);
  assert.ok(Math.abs(cuts - stations * 7) < 4 * Math.sqrt(stations * 7), `network cuts ${cuts}`);
  assert.equal(sum((d) => d.counters.actionsFailed), 0);
  // stopped: nothing left cut
  assert.ok(boxes.every((b) => b.network && b.power));
});

test('one timer per station at a time, none after stop', async () => {
  const clock = new SimulatedClock();
  const resolved = resolveSettings({ ...MIXED, seed: 4 });
  const drivers = Array.from({ length: 10 }, (_, i) => new SessionDriver(clock, resolved, i, new FakeWallbox(clock)));
  for (const d of drivers) d.start();
  for (let h = 0; h < 24; h++) { await clock.advance(HOUR); assert.ok(clock.pendingTimers <= 10, `${clock.pendingTimers} timers`); }
  for (const d of drivers) d.stop();
  assert.equal(clock.pendingTimers, 0);
});

test('power cuts: nothing is done to a station without power; arrivals meanwhile are counted stationOff, departures wait for power', async () => {
  const { drivers, boxes } = await run({
    seed: 8, arrivalsPerHour: 1, plugDurationMin: { kind: 'fixed', value: 30 },
    outages: { powerCutsPerDay: 6, powerCutMin: { kind: 'fixed', value: 90 } },
  }, 10, 72);
  const sum = (f: (d: SessionDriver) => number): number => drivers.reduce((a, d) => a + f(d), 0);
  assert.ok(sum((d) => d.counters.outages.power) >= 20);
  assert.ok(sum((d) => d.counters.stationOff) >= 10, `stationOff ${sum((d) => d.counters.stationOff)}`);
  assert.equal(boxes.reduce((a, b) => a + b.actedWhileOff, 0), 0, 'controls used while the power was off');
  assert.ok(boxes.every((b) => b.power));
});

test('warmStart: the fleet starts in the steady mix, the share of stations with an EV plugged as after two simulated days', async () => {
  // default settings: 1 arrival per 8 h, plugged ~170 min on average; one connector is a loss system
  // (Erlang B, one server): busy share ρ/(1+ρ) with ρ = 170/480, about 0.26
  const stations = 600;
  const cold = await run({ seed: 5 }, stations, 48);
  const warm = await run({ seed: 6, warmStart: true }, stations, 0);
  const share = (boxes: FakeWallbox[]): number => boxes.filter((b) => b.plugged).length / stations;
  const sd = Math.sqrt(0.26 * 0.74 / stations);
  assert.ok(Math.abs(share(warm.boxes) - share(cold.boxes)) < 4 * Math.SQRT2 * sd, `warm ${share(warm.boxes)}, after 48 h ${share(cold.boxes)}`);
  assert.ok(Math.abs(share(warm.boxes) - 0.26) < 4 * sd, `warm ${share(warm.boxes)}, Erlang B 0.26`);
  // every plugged EV badged in (valid tags only), some still charging, some with their energy already had
  const plugged = warm.boxes.filter((b) => b.plugged);
  assert.ok(plugged.every((b) => b.tx));
  const charging = plugged.filter((b) => b.requesting).length;
  assert.ok(charging > 0 && charging < plugged.length, `${charging} of ${plugged.length} still asking for energy`);
  assert.equal(warm.drivers.reduce((a, d) => a + d.counters.started, 0), plugged.length);
});

test('warmStart: sessions under way keep their departure time; the arrivals to come are those of a cold start (own stream)', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 5), async () => { await Promise.resolve(); await Promise.resolve(); });
  const t0 = clock.now();
  const settings = resolveSettings({ seed: 3, plugDurationMin: { kind: 'uniform', min: 60, max: 600 } });
  const logs = { warm: [] as DriverAction[][], cold: [] as DriverAction[][] };
  const drivers: SessionDriver[] = [];
  for (let i = 0; i < 30; i++) {
    for (const kind of ['warm', 'cold'] as const) {
      const log: DriverAction[] = [];
      logs[kind].push(log);
      const d = new SessionDriver(clock, { ...settings, warmStart: kind === 'warm' }, stationSeed(3, `EVB-${i}`), new FakeWallbox(clock), (a) => log.push(a));
      drivers.push(d);
      d.start();
    }
  }
  await clock.advance(24 * HOUR);
  for (const d of drivers) d.stop();
  const arrivals = (log: DriverAction[]): number[] => log.filter((a) => a.at > t0 && ['setEv', 'busy', 'station off'].includes(a.action)).map((a) => a.at);
  assert.deepEqual(logs.warm.map(arrivals), logs.cold.map(arrivals));
  const warmStarts = logs.warm.filter((log) => log.some((a) => a.at === t0 && a.action === 'plugIn'));
  assert.ok(warmStarts.length > 0);
  for (const log of warmStarts) {
    // the warm session's EV leaves within its plug duration counted from an arrival in the past
    const unplug = log.find((a) => a.action === 'unplug');
    assert.ok(unplug && unplug.at > t0 && unplug.at <= t0 + 600 * 60_000, `unplug at ${unplug ? (unplug.at - t0) / 60_000 : '—'} min`);
  }
  const same = await Promise.all([0, 1].map(async () => (await run({ seed: 11, warmStart: true }, 3, 12)).actions));
  assert.deepEqual(same[0], same[1], 'reproducible for a seed');
});
