/** OCPP 1.6 §5.4 ClearCache on the EVlink twin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';


test('OCPP 1.6 §5.4 ClearCache empties the cache: offline, a formerly cached tag is then refused', async () => {
  const r = await evlinkRig();
  await r.controls.presentBadge!('TAG-1');
  assert.equal((await r.csms.call('ClearCache', {})).status, 'Accepted');
  r.station.detach();
  assert.equal((await r.controls.presentBadge!('TAG-1')).accepted, false);
});
