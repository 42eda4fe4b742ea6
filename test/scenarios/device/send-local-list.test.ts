/** OCPP 1.6 §5.16 SendLocalList: not supported by the EVlink Pro AC (guide). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('guide: SendLocalList is not supported → SendLocalList.conf NotSupported', async () => {
  const { csms } = await evlinkRig();
  assert.equal((await csms.call('SendLocalList', { listVersion: 2, updateType: 'Full', localAuthorizationList: [] })).status, 'NotSupported');
});
