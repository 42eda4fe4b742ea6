/**
 * A sharded fleet behaves as the unsharded one (docs/sharding.md, D18): the session generator seeds each
 * station's stream from (fleet seed, station id), and a shard names its twins as the whole fleet does, so
 * a twin's generated actions are the same in shard 2/3 as in the unsharded fleet. Driven through the
 * fleet's SessionGenerators (the path `station --sessions` takes) on a SimulatedClock, against recording
 * one-connector wallboxes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { SessionGenerators } from './session-generators.ts';
import { shardIds } from './shard.ts';
import type { Fleet, FleetStation } from './fleet.ts';

/** A wallbox reduced to what the generator drives; every call is written to `log`. */
function wallbox(id: string, log: string[], clock: SimulatedClock): FleetStation {
  let plugged = false, tx = false, link = 'connected';
  const note = (what: string): void => { log.push(`${clock.now()} ${what}`); };
  const controls = {
    setEv: () => note('setEv'),
    plugIn: (c: number) => { if (plugged) throw new Error('plugged'); plugged = true; note(`plugIn ${c}`); },
    unplug: (c: number) => { plugged = false; tx = false; note(`unplug ${c}`); },
    evRequestsEnergy: () => note('evRequestsEnergy'),
    presentBadge: (tag: string) => { note(`badge ${tag}`); const ok = tag.startsWith('TAG-0'); if (ok) tx = true; return Promise.resolve({ accepted: ok }); },
    pressStop: () => { if (!tx) throw new Error('no tx'); tx = false; note('stop'); },
    raiseError: (code: string) => note(`raise ${code}`),
    clearError: (code: string) => note(`clear ${code}`),
    state: () => ({ connectors: [{ plugged, energyWh: 0, ev: { socPercent: 40 }, transaction: tx ? {} : null }] }),
  };
  const runtime = {
    get link() { return link; },
    cutNetwork: () => note('cutNetwork'), restoreNetwork: () => note('restoreNetwork'),
    powerOff: () => { link = 'powered-off'; note('powerOff'); }, powerOn: () => { link = 'connected'; note('powerOn'); },
  };
  return { spec: { id }, station: { context: { connectorCount: 1, controls } }, runtime } as unknown as FleetStation;
}

async function generatedActions(ids: string[], hours: number): Promise<Map<string, string[]>> {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 5), async () => { await Promise.resolve(); await Promise.resolve(); });
  const logs = new Map<string, string[]>();
  const members = new Map(ids.map((id) => { const log: string[] = []; logs.set(id, log); return [id, wallbox(id, log, clock)]; }));
  const fleet = { clock, list: () => [...members.values()], get: (id: string) => members.get(id)! } as unknown as Fleet;
  const generators = new SessionGenerators(fleet);
  generators.start({
    seed: 2026, arrivalsPerHour: 0.5,
    tags: { invalidShare: 0.1, blockedShare: 0.1 },
    endings: { unplug: 1, stopButton: 1, evFull: 1 },
    outages: { networkCutsPerDay: 1, powerCutsPerDay: 0.5, vendorFaultsPerDay: 0.5 },
  });
  await clock.advance(hours * 3_600_000);
  generators.dispose();
  return logs;
}

test('session generator: each twin of shard 2/3 of a 30-twin fleet does exactly what it does in the unsharded fleet', async () => {
  const whole = await generatedActions(shardIds('EVB', 30), 48);
  const shardTwo = shardIds('EVB', 30, { index: 2, count: 3 });
  assert.deepEqual(shardTwo, ['EVB-0021', 'EVB-0022', 'EVB-0023', 'EVB-0024', 'EVB-0025', 'EVB-0026', 'EVB-0027', 'EVB-0028', 'EVB-0029', 'EVB-0030']);
  const sharded = await generatedActions(shardTwo, 48);
  for (const id of shardTwo) {
    assert.ok(whole.get(id)!.length > 5, `${id} did something in 48 h: ${whole.get(id)!.join('; ')}`);
    assert.deepEqual(sharded.get(id), whole.get(id), id);
  }
  // and twins differ from one another (each has its own stream)
  assert.notDeepEqual(whole.get('EVB-0021'), whole.get('EVB-0022'));
});
