/** OCPP 1.6 §5.18 UnlockConnector on the EVlink twin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, last, startCharging } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.18 UnlockConnector: stops the transaction with UnlockCommand; UnlockFailed while vendor fault 11.0 is active', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await startCharging(r);
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'Unlocked');
  await r.settle();
  assert.equal(last(r.sent.filter((s) => s.action === 'StopTransaction')).payload.reason, 'UnlockCommand');
  r.controls.raiseError!('11.0', 1);
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'UnlockFailed');
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 3 })).status, 'NotSupported');
});

test('OCPP 1.6 §5.18 UnlockConnector on a tethered-cable model → NotSupported', async () => {
  const r = await evlinkRig({ model: 'EVB3S22NCB' });
  assert.equal((await r.csms.call('UnlockConnector', { connectorId: 1 })).status, 'NotSupported');
});
