/** The guide's vendor error codes (1.0 … 18.1): one generated test per code of the profile. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last } from '../../support/evlink-rig.ts';
import { evlinkProAc } from '../../../src/station/profile/index.ts';

for (const def of evlinkProAc.vendorErrors) {
  test(`guide vendor error ${def.code} (${def.name}): raise → ${def.faults ? 'Faulted' : 'reported'} with ${def.errorCode}, vendorErrorCode and info; clear → NoError`, async () => {
    const r = await evlinkRig();
    const connector = def.scope === 'station' ? 0 : 1;
    r.controls.raiseError!(def.code, 1);
    await r.settle();
    const sn = last(r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === connector)).payload;
    assert.equal(sn.errorCode, def.errorCode);
    assert.equal(sn.vendorErrorCode, def.code);
    assert.equal(sn.vendorId, 'Schneider Electric');
    assert.equal(sn.info, def.description);
    assert.equal(sn.status, def.faults ? 'Faulted' : 'Available');
    r.controls.clearError!(def.code, 1);
    await r.settle();
    const after = last(r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === connector)).payload;
    assert.equal(after.errorCode, 'NoError');
    assert.equal(after.status, 'Available');
  });
}
