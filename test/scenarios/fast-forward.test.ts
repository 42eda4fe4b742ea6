/**
 * Fast-forward keeps the connection (decision D11). A twin on a ScaledClock at 1000× against the embedded
 * central system over a real socket, the central system answering every call 50 ms late, with a running
 * session, sampled and clock-aligned MeterValues and a daily recurring charging profile. Jumps of an hour,
 * a day and a week deliver every message they produce, once, in order, with never two CALLs in flight
 * (checked on every frame by the strict CSMS) and without a single reconnect: the websocket ping/pong and
 * the call timeouts run on real time, everything OCPP-visible on the station's clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import type { TxQueueView } from '../../src/station/tx-delivery.ts';
import { strictCsms } from '../support/strict-csms.ts';
import { waitFor } from '../support/wait-for.ts';

const HOUR = 3600;

test('control API clock promise: fast-forwards of an hour, a day and a week at 1000× with a session, sampled and aligned MeterValues and a daily profile: every message once, in order, one CALL in flight, no reconnect', { timeout: 180_000 }, async () => {
  const start = Date.UTC(2026, 2, 2, 0, 0, 0);
  const clock = new ScaledClock({ start, scale: 1000 });
  const csms = await startCsms({ clock, answerDelayMs: 50, heartbeatInterval: HOUR, tags: { EVLINK: 'Accepted' } });
  const strict = strictCsms(csms);
  const fleet = createFleet({
    csmsUrl: csms.url, clock, framesPerStation: 0,
    build: buildEvlinkStation({ configOverrides: { SampledDataInterval: String(HOUR), AlignedDataInterval: String(24 * HOUR), WebSocketPingInterval: '10' } }),
  });
  const id = 'EVB-FF';
  try {
    const member = fleet.add({ id });
    const station = () => member.runtime.station;
    await waitFor(() => station().registration === 'Accepted', 10_000, 'registration');
    const controls = station().context.controls;
    controls.plugIn!(1);
    assert.deepEqual(await controls.presentBadge!('EVLINK', 1), { accepted: true });
    controls.evRequestsEnergy!(1, true);
    await waitFor(() => strict.calls.some((c) => c.action === 'StartTransaction'), 10_000, 'StartTransaction');
    const conf = await csms.call(id, 'SetChargingProfile', {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
        chargingSchedule: { startSchedule: new Date(start).toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 8 * HOUR, limit: 6 }, { startPeriod: 18 * HOUR, limit: 16 }] },
      },
    });
    assert.equal(conf.status, 'Accepted');
    const queue = (): TxQueueView => (controls as unknown as { transactionQueue(): TxQueueView }).transactionQueue();
    const settled = async (what: string): Promise<void> => {
      await waitFor(() => queue().length === 0 && strict.inFlight(id) === 0, 60_000, `everything delivered after ${what}`);
    };
    for (const [what, seconds] of [['an hour', HOUR], ['a day', 24 * HOUR], ['a week', 7 * 24 * HOUR]] as const) {
      const before = clock.now();
      await clock.fastForward(seconds * 1000);
      assert.ok(clock.now() - before >= seconds * 1000, `the clock moved ${what}`);
      await settled(what);
      assert.deepEqual(strict.violations, [], `one CALL in flight during and after ${what}`);
      assert.equal(strict.connections(id), 1, `no reconnect during ${what}`);
      assert.deepEqual(strict.disconnections(id), []);
    }
    const elapsedS = (clock.now() - start) / 1000;
    const mine = strict.calls.filter((c) => c.stationId === id);
    const periodic = mine.filter((c) => c.action === 'MeterValues' && JSON.stringify(c.payload).includes('Sample.Periodic'));
    const stamps = periodic.map((c) => Date.parse((c.payload.meterValue as Array<{ timestamp: string }>)[0]!.timestamp));
    assert.ok(periodic.length >= Math.floor(elapsedS / HOUR) - 2, `one periodic sample per hour of the span: ${periodic.length} in ${(elapsedS / HOUR).toFixed(0)} h`);
    assert.ok(stamps.every((t, i) => i === 0 || t > stamps[i - 1]!), 'periodic samples arrive in the order they were taken, each once');
    const clockAligned = mine.filter((c) => c.action === 'MeterValues' && JSON.stringify(c.payload).includes('Sample.Clock'));
    assert.ok(clockAligned.length >= 8, `a clock-aligned sample per day: ${clockAligned.length}`);
    const ids = mine.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no message sent twice');
    assert.ok(mine.some((c) => c.action === 'Heartbeat'), 'heartbeats on the station clock');
  } finally {
    strict.stop();
    await fleet.stop();
    await csms.close();
    clock.dispose();
  }
});
