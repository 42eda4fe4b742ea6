import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig, last } from '../../support/evlink-rig.ts';
import { readFileSync } from 'node:fs';
import { evlinkProAc, parseDeviceProfile } from '../../../src/station/profile/index.ts';
import { buildProfileStation } from '../../../src/runtime/profile-station.ts';

const stops = (r: EvlinkRig) => r.sent.filter((s) => s.action === 'StopTransaction').map((s) => s.payload);
const statuses = (r: EvlinkRig, id: number) => r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === id).map((s) => s.payload);

async function charging(over: Record<string, string> = {}): Promise<EvlinkRig> {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', ...over } });
  if (over.AuthenticationOCPPMode === 'true') assert.equal((await r.controls.presentBadge!('TAG-1')).accepted, true);
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Charging');
  await r.clock.advance(600_000);
  return r;
}

test('guide vendor error 14.0 EV Overcurrent while charging: Faulted, StopTransaction reason EmergencyStop; cleared → Finishing, unplug → Available', async () => {
  const r = await charging();
  r.controls.raiseError!('14.0', 1);
  await r.settle();
  const faulted = last(statuses(r, 1));
  assert.deepEqual([faulted.status, faulted.errorCode, faulted.vendorErrorCode], ['Faulted', 'OverCurrentFailure', '14.0']);
  const stop = last(stops(r));
  assert.equal(stop.reason, 'EmergencyStop');
  assert.equal(stop.idTag, undefined, 'no badge stopped it');
  // 10 min at 22,080 W = 3,680 Wh; nothing more is drawn once the fault opened the contactor.
  assert.ok(Math.abs((stop.meterStop as number) - 3680) <= 1, `meterStop ${String(stop.meterStop)}`);
  const sv = (r.station.context.controls.state!() as { connectors: Array<{ currentA: number; transaction: unknown }> }).connectors[0]!;
  assert.deepEqual([sv.currentA, sv.transaction], [0, null]);
  r.controls.clearError!('14.0', 1);
  await r.settle();
  assert.deepEqual([last(statuses(r, 1)).status, last(statuses(r, 1)).errorCode], ['Finishing', 'NoError'], 'the cable is still in');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
  assert.equal(stops(r).length, 1);
});

test('guide vendor error 10.0 Control Pilot fault while charging: StopTransaction reason Other; unplugged during the fault, cleared → Available; plug again → Preparing', async () => {
  const r = await charging({ AuthenticationOCPPMode: 'true' });
  r.controls.raiseError!('10.0', 1);
  await r.settle();
  assert.equal(last(stops(r)).reason, 'Other');
  r.controls.unplug!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Faulted');
  r.controls.clearError!('10.0', 1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Available');
  r.controls.plugIn!(1);
  await r.settle();
  assert.equal(last(r.reported(1)), 'Preparing');
  assert.equal(stops(r).length, 1);
});

test('guide vendor error 2.0 (station scope) stops the transaction with reason Other and faults connectors 0 and 1', async () => {
  const r = await charging();
  r.controls.raiseError!('2.0', 0);
  await r.settle();
  assert.equal(last(stops(r)).reason, 'Other');
  assert.equal(last(r.reported(0)), 'Faulted');
  assert.equal(last(r.reported(1)), 'Faulted');
  r.controls.clearError!('2.0', 0);
  await r.settle();
  assert.equal(last(r.reported(0)), 'Available');
  assert.equal(last(r.reported(1)), 'Finishing');
});

test('guide vendor error 7.0 (power meter communication, not faulting) is reported but the transaction goes on', async () => {
  const r = await charging();
  r.controls.raiseError!('7.0', 1);
  await r.settle();
  const st = last(statuses(r, 1));
  assert.deepEqual([st.status, st.errorCode, st.vendorErrorCode], ['Charging', 'PowerMeterFailure', '7.0']);
  assert.equal(stops(r).length, 0);
});

test('device profile: every faulting vendor error says how it ends a transaction, and no other one does', () => {
  for (const e of evlinkProAc.vendorErrors) {
    assert.equal(e.stopReason !== undefined, e.faults, `${e.code} ${e.name}`);
  }
  const emergency = evlinkProAc.vendorErrors.filter((e) => e.stopReason === 'EmergencyStop').map((e) => e.code);
  assert.deepEqual(emergency, ['3.0', '5.0', '10.2', '12.0', '14.0']);
});

test('device profile: a stopReason that is not a vendor stop reason, or on a non-faulting error, is refused with its path', () => {
  const withError = (i: number, over: Record<string, unknown>) => {
    const p = JSON.parse(JSON.stringify(evlinkProAc)) as { vendorErrors: Array<Record<string, unknown>> };
    Object.assign(p.vendorErrors[i]!, over);
    return p;
  };
  assert.throws(() => parseDeviceProfile(withError(4, { stopReason: 'Local' })), /vendorErrors\[4\]\.stopReason/);
  assert.throws(() => parseDeviceProfile(withError(1, { stopReason: 'Other' })), /vendorErrors\[1\]\.stopReason: only a faulting error/);
});

test('OCPP 1.6 §4.9 "EVCommunicationError SHALL only be used with status Preparing, SuspendedEV, SuspendedEVSE and Finishing": the guide\'s EV faults 10.0, 10.1, 10.2 and 15.0 fault the connector, so they are reported Faulted with OtherError and their vendor code', async () => {
  for (const code of ['10.0', '10.1', '10.2', '15.0']) {
    const r = await evlinkRig();
    r.controls.raiseError!(code, 1);
    await r.settle();
    const faulted = last(statuses(r, 1));
    assert.deepEqual([faulted.status, faulted.errorCode, faulted.vendorErrorCode], ['Faulted', 'OtherError', code], code);
  }
  // No StatusNotification of any status may carry EVCommunicationError outside the four statuses.
  for (const def of evlinkProAc.vendorErrors) assert.ok(def.errorCode !== 'EVCommunicationError' || !def.faults, `${def.code}: a faulting error is not a warning`);
});

test('OCPP 1.6 §4.9: a warning-only vendor error mapped to EVCommunicationError (a profile other than the EVlink\'s) is sent as OtherError while the connector is Available, and as EVCommunicationError once it is Preparing', async () => {
  const json = JSON.parse(readFileSync(new URL('../../../profiles/evlink-pro-ac.json', import.meta.url), 'utf8')) as { vendorErrors: Array<Record<string, unknown>> };
  Object.assign(json.vendorErrors.find((e) => e.code === '6.1')!, { errorCode: 'EVCommunicationError' });
  const r = await evlinkRig({ build: buildProfileStation({ profile: parseDeviceProfile(json) }) });
  r.controls.raiseError!('6.1', 1);
  await r.settle();
  assert.deepEqual([last(statuses(r, 1)).status, last(statuses(r, 1)).errorCode, last(statuses(r, 1)).vendorErrorCode], ['Available', 'OtherError', '6.1']);
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual([last(statuses(r, 1)).status, last(statuses(r, 1)).errorCode], ['Preparing', 'EVCommunicationError']);
});

