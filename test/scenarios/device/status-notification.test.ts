/** OCPP 1.6 §4.9 StatusNotification as the guide shapes it (MinimumStatusDuration), and physical events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last } from '../../support/evlink-rig.ts';

test('guide MinimumStatusDuration: a status that lasts less than the minimum is never reported', async () => {
  const r = await evlinkRig({ configOverrides: { MinimumStatusDuration: '5' } });
  await r.clock.advance(10_000);
  const before = r.reported(1).length;
  r.controls.plugIn!(1);
  await r.clock.advance(2_000);
  r.controls.unplug!(1);
  await r.clock.advance(10_000);
  assert.equal(r.reported(1).length - before, 0, 'Preparing lasted 2 s: not reported; Available is unchanged');
  r.controls.plugIn!(1);
  await r.clock.advance(6_000);
  assert.equal(last(r.reported(1)), 'Preparing');
});

test('illegal physical events are reported with a stable code, not ignored', async () => {
  const r = await evlinkRig();
  assert.throws(() => r.controls.unplug!(1), /TWIN_ERR_ILLEGAL_EVENT|no cable plugged/);
});
