/**
 * GET /api/stations/{id}/connectors/{c}/history and …/charging-profiles (issue 16 item 1): the charts'
 * data, from the station's own readings, on the station's clock — also across a fast-forward.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { STEADY_GAP_MS } from '../../src/fleet/connector-history.ts';
import { waitFor } from '../support/wait-for.ts';

interface History { connectorId: number; capacity: number; at: number[]; currentA: number[]; offeredA: number[]; limitA: Array<number | null>; powerKW: number[]; energyKWh: Array<number | null>; socPercent: Array<number | null> }

test('connector history: kept from the first transaction, on the station clock, across a 30-minute fast-forward; each profile\'s own limit beside the composite', { timeout: 30_000 }, async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-H': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  const post = async (path: string, body: unknown = {}): Promise<unknown> => (await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  const history = async (q = ''): Promise<History> => (await fetch(`${api.url}/api/stations/EVB-H/connectors/1/history${q}`)).json() as Promise<History>;
  try {
    fleet.add({ id: 'EVB-H' });
    await waitFor(() => fleet.get('EVB-H').station.registration === 'Accepted');
    const empty = await history();
    assert.deepEqual([empty.at, empty.capacity], [[], 256], 'nothing kept before a transaction');

    await post('/api/stations/EVB-H/connectors/1/plug');
    await post('/api/stations/EVB-H/badge', { idTag: 'TAG-H', connectorId: 1 });
    await waitFor(() => fleet.get('EVB-H').station.context.status.get(1).status === 'Charging');
    const started = clock.now();
    await post('/api/clock', { action: 'fast-forward', seconds: 1800 });
    const h = await history();
    assert.ok(h.at.length >= 6, `readings through the fast-forward (${JSON.stringify(h)})`);
    // The station's physics tick comes every 60 s of its clock while current flows.
    assert.ok(h.at[0]! <= started + 1000 && h.at.at(-1)! >= started + 1740_000, `the readings span the jumped half hour of station time (${started}: ${JSON.stringify(h.at)})`);
    for (let i = 1; i < h.at.length; i++) assert.ok(h.at[i]! - h.at[i - 1]! <= STEADY_GAP_MS, 'steady charging: a reading at least every 5 minutes');
    const last = h.at.length - 1;
    assert.equal(h.currentA[last], 32);
    assert.equal(h.limitA[last], 32);
    assert.equal(h.powerKW[last], 22.08);
    // 32 A on three phases at 230 V (22.08 kW) from the first reading to the last: about 11 kWh in this session.
    const expected = h.energyKWh[0]! + 22.08 * (h.at[last]! - h.at[0]!) / 3_600_000;
    assert.ok(expected > 10.5 && Math.abs(h.energyKWh[last]! - expected) < 0.01, `energy of the session ${h.energyKWh[last]} kWh, ${expected} expected`);
    const view = await (await fetch(`${api.url}/api/stations/EVB-H`)).json() as { connectors: Array<{ energyWh: number; transaction: { meterStart: number } | null; ev: { socPercent: number } }> };
    const c1 = view.connectors[1]!;
    // The meter may have moved on since the last reading (by less than one physics tick: 368 Wh at 22.08 kW).
    const meterWh = c1.energyWh - c1.transaction!.meterStart;
    assert.ok(meterWh - h.energyKWh[last]! * 1000 >= -1 && meterWh - h.energyKWh[last]! * 1000 < 400, `the last reading agrees with the station's meter (${meterWh} Wh)`);
    assert.ok(h.socPercent[last]! > h.socPercent[0]!, 'the state of charge rises');
    // (the clock runs on: the newest reading may have been replaced by a later one since)
    const since = (await history(`?since=${h.at.at(-2)}`)).at;
    assert.equal(since[0], h.at.at(-2), 'since: from that reading on');
    assert.ok(since.length <= 3 && since.every((t, i) => i === 0 || t > since[i - 1]!), `since: only the readings from then on, in order (${JSON.stringify(since)})`);

    // A TxDefaultProfile of 10 A from the embedded central system: a new reading at the new limit; the profile's own limit.
    const set = await post('/api/csms/stations/EVB-H/call', { action: 'SetChargingProfile', payload: { connectorId: 1, csChargingProfiles: {
      chargingProfileId: 7, stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: { startSchedule: new Date(clock.now() + 3_600_000).toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } } });
    assert.deepEqual(set, { confirmation: { status: 'Accepted' } });
    const profiles = await (await fetch(`${api.url}/api/stations/EVB-H/connectors/1/charging-profiles`)).json() as { at: number; profiles: Array<{ chargingProfileId: number; schedule: { chargingSchedulePeriod: Array<{ startPeriod: number; limit: number }> } }> };
    assert.equal(profiles.profiles.length, 1);
    assert.deepEqual(profiles.profiles[0]!.schedule.chargingSchedulePeriod.map((p) => p.limit), [32, 10], 'the product\'s own 32 A, then the profile\'s 10 A an hour on');
    assert.ok(Math.abs(profiles.profiles[0]!.schedule.chargingSchedulePeriod[1]!.startPeriod - 3600) <= 1);
    await post('/api/clock', { action: 'fast-forward', seconds: 3700 });
    const after = await history();
    assert.equal(after.currentA.at(-1), 10);
    assert.equal(after.limitA.at(-1), 10);
  } finally {
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
