/** OCPP 1.6 §5.13 Reset on the EVlink twin (the runtime's reboot is pinned in test/scenarios/reset.test.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.13 Reset: Accepted, then the runtime is asked to reboot with the requested kind', async () => {
  const { csms, reboots, settle } = await evlinkRig();
  assert.equal((await csms.call('Reset', { type: 'Hard' })).status, 'Accepted');
  await settle();
  assert.deepEqual(reboots, ['Hard']);
});
