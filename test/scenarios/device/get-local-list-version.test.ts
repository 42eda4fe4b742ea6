/** OCPP 1.6 §5.10 GetLocalListVersion on the EVlink twin, whose local list the installer manages on the device. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.10 GetLocalListVersion: 0 while the list is empty, then the version the installer gave it', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 0);
  r.controls.setLocalList!([{ idTag: 'LOCAL-1', status: 'Accepted' }], 7);
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 7);
  r.controls.setLocalList!([], 8);
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 0, 'an empty list reports 0 (§5.10)');
});
