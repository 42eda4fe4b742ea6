/**
 * OCPP 1.6 §5.11 RemoteStartTransaction with a chargingProfile: the TxProfile belongs to the transaction
 * the remote start begins, and to no other. When the remote start never becomes a transaction (the tag
 * is refused, or the cable does not arrive within ConnectionTimeOut), the profile must not throttle the
 * next session on the connector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import type { ChargingProfile } from '../../../src/smart-charging/index.ts';

type MV = { sampledValue: Array<{ value: string; measurand?: string }> };

const txProfile: ChargingProfile = {
  chargingProfileId: 50, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

const lastCurrent = (r: EvlinkRig): number => {
  const mv = r.sent.filter((s) => s.action === 'MeterValues').at(-1)!.payload.meterValue as MV[];
  return Number(mv[0]!.sampledValue.find((v) => v.measurand === 'Current.Import')?.value);
};

const composite = async (r: EvlinkRig): Promise<unknown> =>
  (await r.csms.call('GetCompositeSchedule', { connectorId: 1, duration: 60 })).chargingSchedule?.chargingSchedulePeriod;

/** A local session with a badge on connector 1, sampled once after a minute: the current it draws. */
async function localSession(r: EvlinkRig, idTag: string, plugged: boolean): Promise<number> {
  const before = r.actions('StartTransaction').length;
  if (!plugged) r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  assert.deepEqual(await r.controls.presentBadge!(idTag, 1), { accepted: true });
  await r.clock.advance(61_000);
  assert.equal(r.actions('StartTransaction').length, before + 1, 'the local session started');
  return lastCurrent(r);
}

test('OCPP 1.6 §5.11 a remote start whose tag is refused (AuthorizeRemoteTxRequests) leaves no TxProfile behind for the next session', async () => {
  const r = await evlinkRig({ configOverrides: { AuthorizeRemoteTxRequests: 'true', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  r.controls.plugIn!(1);
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-BAD', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted');
  await r.clock.advance(5_000);
  assert.equal(r.actions('StartTransaction').length, 0, 'the refused tag starts nothing');
  assert.deepEqual(await composite(r), [{ startPeriod: 0, limit: 32 }], 'no profile is installed');
  assert.equal(await localSession(r, 'TAG-1', true), 32, 'the next session is not throttled to 16 A');
});

test('OCPP 1.6 §5.11 a remote start whose cable never arrives (ConnectionTimeOut) leaves no TxProfile behind, even for the same tag later', async () => {
  const r = await evlinkRig({ configOverrides: { ConnectionTimeOut: '30', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted');
  await r.clock.advance(31_000);
  assert.equal(r.reported(1).at(-1), 'Available', 'the authorization expired');
  assert.deepEqual(await composite(r), [{ startPeriod: 0, limit: 32 }]);
  assert.equal(await localSession(r, 'TAG-1', false), 32, 'the same tag badging later is a new session, without the remote start profile');
});

test('OCPP 1.6 §5.11 the TxProfile of an accepted remote start applies from the first second of its transaction when the cable arrives later', async () => {
  const r = await evlinkRig({ configOverrides: { ConnectionTimeOut: '120', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted');
  assert.deepEqual(await composite(r), [{ startPeriod: 0, limit: 32 }], 'held for the transaction, not installed before it starts');
  await r.clock.advance(50_000);
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.deepEqual(await composite(r), [{ startPeriod: 0, limit: 16 }]);
  await r.clock.advance(60_000);
  assert.equal(lastCurrent(r), 16);
  const meterStart = Number(r.sent.find((s) => s.action === 'StartTransaction')!.payload.meterStart);
  const mv = r.sent.filter((s) => s.action === 'MeterValues').at(-1)!.payload.meterValue as MV[];
  const energy = Number(mv[0]!.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value);
  assert.equal(energy - meterStart, Math.round(230 * 16 * 3 * 60 / 3600), '16 A on 3 phases for the whole first minute');
});

test('OCPP 1.6 §5.11 a TxProfile the store can no longer take when its transaction starts (MaxChargingProfilesInstalled reached meanwhile): the transaction runs without it and the station logs why', async () => {
  const logs: string[] = [];
  const logger = { log: (level: string, msg: string) => { logs.push(`${level} ${msg}`); }, child() { return logger; } };
  const r = await evlinkRig({ logger, configOverrides: { ConnectionTimeOut: '120', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  const profile = (id: number, connectorId: number, stackLevel: number, purpose: 'TxDefaultProfile' | 'ChargePointMaxProfile') => r.csms.call('SetChargingProfile', {
    connectorId, csChargingProfiles: { chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: purpose === 'ChargePointMaxProfile' ? 'Absolute' : 'Relative', chargingSchedule: { chargingRateUnit: 'A', ...(purpose === 'ChargePointMaxProfile' ? { startSchedule: new Date(r.clock.now()).toISOString() } : {}), chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] } },
  });
  for (let i = 0; i < 15; i++) assert.equal((await profile(i + 1, i < 9 ? 1 : 0, i % 9, 'TxDefaultProfile')).status, 'Accepted');
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted', 'the 16th profile still fits');
  assert.equal((await profile(16, 0, 0, 'ChargePointMaxProfile')).status, 'Accepted', 'the store is full now');
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.equal(r.actions('StartTransaction').length, 1, 'the transaction starts anyway');
  assert.ok(logs.some((l) => /^warn the remote start's TxProfile was not installed .*connector 1: .*it runs without it/.test(l)), logs.join('\n'));
  await r.clock.advance(60_000);
  assert.equal(lastCurrent(r), 32, 'not limited by the TxProfile it could not install');
});
