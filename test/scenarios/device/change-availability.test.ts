/** OCPP 1.6 §5.2 ChangeAvailability on the EVlink twin, through the real RPC layer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last, startCharging } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.2 ChangeAvailability: Inoperative while charging → Scheduled, applied when the transaction ends; kept across reboot', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await startCharging(r);
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).status, 'Scheduled');
  await r.settle();
  assert.equal(last(r.reported(1)), 'Charging');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Unavailable');
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).status, 'Accepted');
  await r.settle();
  assert.equal(last(r.reported(0)), 'Unavailable');
  assert.equal((await r.csms.call('ChangeAvailability', { connectorId: 5, type: 'Inoperative' })).status, 'Rejected');
});

test('OCPP 1.6 §5.2 availability survives a reboot of the station model', async () => {
  const { buildEvlinkStation } = await import('../../../src/runtime/evlink-station.ts');
  const { SimulatedClock } = await import('../../../src/shared/simulated-clock.ts');
  const build = buildEvlinkStation();
  const clock = new SimulatedClock();
  const a = build({ id: 'EVB-AV' }, { reboot() {} }, clock);
  a.context.controls.setAvailability!(1, false);
  a.dispose();
  const b = build({ id: 'EVB-AV' }, { reboot() {} }, clock);
  assert.equal(b.context.status.get(1).status, 'Unavailable');
});
