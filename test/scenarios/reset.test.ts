import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { createStation, StationBlueprint } from '../../src/station/station.ts';
import { reset } from '../../src/station/handlers/reset.ts';
import { createStationRuntime } from '../../src/runtime/station-runtime.ts';
import { MapConfig, baseTestConfig } from '../support/map-config.ts';
import { waitFor } from '../support/wait-for.ts';

const identity = { chargePointId: 'CP-RESET', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'SN1', firmwareVersion: '1.0.0' };

for (const kind of ['Soft', 'Hard'] as const) {
  test(`OCPP 1.6 §5.13 Reset ${kind}: Accepted, before-reboot hooks run, socket closes, the station boots again`, async () => {
    const csms = await startCsms();
    const clock = new ScaledClock();
    const hookRuns: string[] = [];
    const rt = createStationRuntime({
      csmsUrl: csms.url, clock, rebootDelayMs: 20, backoff: { initialMs: 20, maxMs: 40 },
      createStation: (lifecycle) => createStation({
        identity, connectorCount: 1, config: new MapConfig(baseTestConfig), clock, lifecycle,
        blueprint: new StationBlueprint([reset]), features: [(ctx) => ctx.beforeReboot(async (k) => { hookRuns.push(k); })],
      }),
    });
    try {
      rt.start();
      await waitFor(() => csms.station(identity.chargePointId)?.bootCount === 1);
      const conf = await csms.call(identity.chargePointId, 'Reset', { type: kind });
      assert.equal(conf.status, 'Accepted');
      await waitFor(() => csms.station(identity.chargePointId)?.bootCount === 2, 5000, 'second boot');
      assert.deepEqual(hookRuns, [kind]);
      assert.equal(rt.reboots, 1);
      // The CSMS counts the boot when it receives the BootNotification; the station is Accepted once the answer lands.
      await waitFor(() => rt.station.registration === 'Accepted', 5000, 'registration Accepted');
    } finally {
      await rt.stop();
      await csms.close();
      clock.dispose();
    }
  });
}

test('guide ResetRetries: a failing Soft reset is tried ResetRetries times then abandoned; a Hard reset reboots anyway', async () => {
  const csms = await startCsms();
  const clock = new ScaledClock();
  let attempts = 0;
  const rt = createStationRuntime({
    csmsUrl: csms.url, clock, rebootDelayMs: 20, backoff: { initialMs: 20, maxMs: 40 },
    createStation: (lifecycle) => createStation({
      identity, connectorCount: 1, config: new MapConfig({ ...baseTestConfig, ResetRetries: 3 }), clock, lifecycle,
      blueprint: new StationBlueprint([reset]), features: [(ctx) => ctx.beforeReboot(async () => { attempts++; throw new Error('contactor stuck'); })],
    }),
  });
  try {
    rt.start();
    await waitFor(() => csms.station(identity.chargePointId)?.bootCount === 1);
    await csms.call(identity.chargePointId, 'Reset', { type: 'Soft' });
    await waitFor(() => attempts === 3);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(rt.reboots, 0, 'soft reset abandoned');
    await csms.call(identity.chargePointId, 'Reset', { type: 'Hard' });
    await waitFor(() => rt.reboots === 1);
    assert.equal(attempts, 6);
  } finally {
    await rt.stop();
    await csms.close();
    clock.dispose();
  }
});
