/** The SDK's session generator controls: startSessions / sessionsStatus / stopSessions on one twin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation } from '../../src/sdk.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { isTwinError } from '../../src/shared/errors.ts';

test('SDK: station.startSessions runs generated sessions on the twin; bad settings are refused; stopSessions stops', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-0001': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK-GEN', clock });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    await assert.rejects(station.startSessions({ starts: { badge: 0 } }), (e) => isTwinError(e, 'TWIN_ERR_BAD_SESSION_SETTINGS'));
    assert.equal(station.sessionsStatus(), undefined);
    const s0 = await station.startSessions({ seed: 2, arrivalsPerHour: 2, plugDurationMin: { kind: 'fixed', value: 20 }, starts: { badge: 1, remote: 1 } }, { csms });
    assert.equal(s0.running, true);
    await clock.fastForward(4 * 3_600_000);
    await new Promise((r) => setTimeout(r, 200));
    const s1 = station.sessionsStatus()!;
    assert.ok(s1.counters.started >= 2, JSON.stringify(s1.counters));
    assert.equal(s1.counters.remoteFallbacks, 0);
    assert.ok(station.transactions().length >= 2);
    await station.stopSessions();
    assert.equal(station.sessionsStatus()!.running, false);
  } finally {
    await station.stop();
    await csms.close();
    clock.dispose();
  }
});

test('SDK: warmStart begins the session under way at once on the real twin; an EV that would have its energy is plugged in SuspendedEV, its departure kept', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-0001': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-SDK-WARM', clock });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    // an arrival every ~10 min, plugged 10 h, 1 kWh wanted (under 3 min at 22 kW): the station is all but
    // surely occupied, by an EV that already has its energy
    const s0 = await station.startSessions({ seed: 4, arrivalsPerHour: 6, plugDurationMin: { kind: 'fixed', value: 600 }, energyKWh: { kind: 'fixed', value: 1 }, tags: { valid: ['TAG-0001'] }, warmStart: true });
    assert.equal(s0.activeSessions, 1);
    await station.waitFor((s) => s.connectors[1]!.status === 'SuspendedEV').catch((e: unknown) => { throw new Error(`${String(e)}; connector 1: ${JSON.stringify(station.state().connectors[1])}`); });
    assert.equal(station.transactions().length, 1);
    assert.equal(station.sessionsStatus()!.counters.started, 1);
    // it leaves within 10 h of the start (it arrived before), and not before its plug duration ran out
    await clock.fastForward(10 * 3_600_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(station.sessionsStatus()!.counters.ended.unplug >= 1, JSON.stringify(station.sessionsStatus()!.counters));
    await station.stopSessions();
  } finally {
    await station.stop();
    await csms.close();
    clock.dispose();
  }
});
