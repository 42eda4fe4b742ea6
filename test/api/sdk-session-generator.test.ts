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
