/**
 * OCPP 1.6 §5.16 SetChargingProfile and §5.5 ClearChargingProfile over RPC against the EVlink twin:
 * MaxChargingProfilesInstalled, ClearChargingProfile's selection rules, validTo expiry, the guide's
 * "Parameter not used" attributes, and what the product does with attributes it does not support.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import type { ChargingProfile } from '../../../src/smart-charging/index.ts';

type Purpose = ChargingProfile['chargingProfilePurpose'];
type MV = { sampledValue: Array<{ value: string; measurand?: string; phase?: string }> };

const flat = (id: number, purpose: Purpose, stackLevel: number, limit: number, extra: Partial<ChargingProfile> = {}): ChargingProfile => ({
  chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }, ...extra,
});

const set = async (r: EvlinkRig, connectorId: number, p: ChargingProfile): Promise<string> =>
  (await r.csms.call('SetChargingProfile', { connectorId, csChargingProfiles: p })).status;

const compositeNow = async (r: EvlinkRig, connectorId: number): Promise<number> => {
  const c = await r.csms.call('GetCompositeSchedule', { connectorId, duration: 1 });
  return c.chargingSchedule!.chargingSchedulePeriod[0]!.limit;
};

async function configInt(r: EvlinkRig, key: string): Promise<number> {
  const conf = await r.csms.call('GetConfiguration', { key: [key] });
  return Number(conf.configurationKey?.find((k) => k.key === key)?.value);
}

/** Fills the store with `n` profiles of distinct (purpose, stackLevel) on connector 0, ids 1..n. */
async function fill(r: EvlinkRig, n: number, maxStack: number, extra: (i: number) => Partial<ChargingProfile> = () => ({})): Promise<void> {
  for (let i = 0; i < n; i++) {
    const purpose: Purpose = i <= maxStack ? 'TxDefaultProfile' : 'ChargePointMaxProfile';
    assert.equal(await set(r, 0, flat(i + 1, purpose, i % (maxStack + 1), 20, extra(i))), 'Accepted', `profile ${i + 1}`);
  }
}

test('OCPP 1.6 §5.16 MaxChargingProfilesInstalled: a profile beyond the maximum is Rejected; replacing an installed one when full is Accepted', async () => {
  const r = await evlinkRig();
  const max = await configInt(r, 'MaxChargingProfilesInstalled');
  const maxStack = await configInt(r, 'ChargeProfileMaxStackLevel');
  assert.ok(max >= 2 && max <= 2 * (maxStack + 1), 'the maximum fits in distinct TxDefault/ChargePointMax stack levels on connector 0');
  await fill(r, max, maxStack);
  assert.equal(await set(r, 0, flat(max + 1, 'ChargePointMaxProfile', maxStack, 20)), 'Rejected', `profile ${max + 1} is one too many`);
  assert.equal(await set(r, 1, flat(max + 2, 'TxDefaultProfile', 0, 20)), 'Rejected', 'also on another connector');
  const top = Math.min(maxStack, max - 1); // the TxDefaultProfile with the highest stack level, id top + 1
  assert.equal(await set(r, 0, flat(top + 1, 'TxDefaultProfile', top, 7)), 'Accepted', 'same id replaces: the count does not grow');
  assert.equal(await compositeNow(r, 1), 7);
  assert.equal(await set(r, 0, flat(max + 3, 'TxDefaultProfile', top, 9)), 'Accepted', 'same stackLevel and purpose on the connector replaces');
  assert.equal(await compositeNow(r, 1), 9);
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 2 })).status, 'Accepted');
  assert.equal(await set(r, 0, flat(max + 1, 'ChargePointMaxProfile', maxStack, 20)), 'Accepted', 'a cleared profile frees its slot');
});

test('OCPP 1.6 §5.5 ClearChargingProfile by connector only clears every purpose there and nothing elsewhere; by id ignores the other criteria', async () => {
  const r = await evlinkRig({ connectors: 2 });
  assert.equal(await set(r, 0, flat(1, 'TxDefaultProfile', 0, 20)), 'Accepted');
  assert.equal(await set(r, 1, flat(2, 'TxDefaultProfile', 1, 10)), 'Accepted');
  assert.equal(await set(r, 2, flat(4, 'TxDefaultProfile', 1, 12)), 'Accepted');
  assert.equal(await set(r, 0, flat(3, 'ChargePointMaxProfile', 0, 15)), 'Accepted');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [10, 12]);

  assert.equal((await r.csms.call('ClearChargingProfile', { connectorId: 1 })).status, 'Accepted');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [15, 12], 'connector 1 falls back to connector 0 (20) capped at 15; connector 2 keeps its own');
  assert.equal((await r.csms.call('ClearChargingProfile', { connectorId: 1 })).status, 'Unknown', 'nothing left on connector 1');

  // id wins: the mismatching connector, purpose and stack level do not prevent the removal of profile 3...
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 3, connectorId: 2, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 })).status, 'Accepted');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [20, 12], 'only the ChargePointMaxProfile (id 3) went; profile 4 matched the other criteria and stays');
  // ...and an unknown id removes nothing even when the other criteria match installed profiles.
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 99, chargingProfilePurpose: 'TxDefaultProfile' })).status, 'Unknown');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [20, 12]);

  assert.equal((await r.csms.call('ClearChargingProfile', { connectorId: 0 })).status, 'Accepted', 'connector 0 means the profiles installed on connector 0');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [32, 12]);
  assert.equal((await r.csms.call('ClearChargingProfile', {})).status, 'Accepted', 'no criteria: every profile');
  assert.deepEqual([await compositeNow(r, 1), await compositeNow(r, 2)], [32, 32]);
});

test('OCPP 1.6 §7.8 validTo: the profile is removed from the station when validTo passes (its slot frees, ClearChargingProfile no longer finds it)', async () => {
  const r = await evlinkRig();
  const max = await configInt(r, 'MaxChargingProfilesInstalled');
  const maxStack = await configInt(r, 'ChargeProfileMaxStackLevel');
  const validTo = new Date(r.clock.now() + 600_000).toISOString();
  await fill(r, max, maxStack, (i) => (i === 0 ? { validTo } : {}));
  await r.clock.advance(599_000);
  assert.equal(await set(r, 0, flat(max + 1, 'ChargePointMaxProfile', maxStack, 20)), 'Rejected', 'still full one second before validTo');
  await r.clock.advance(1_000);
  assert.equal(await set(r, 0, flat(max + 1, 'ChargePointMaxProfile', maxStack, 20)), 'Accepted', 'the expired profile left at validTo');
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 1 })).status, 'Unknown');
});

test('OCPP 1.6 §7.8 validTo already past or reached: SetChargingProfile is Accepted, replaces per §5.16.2 (same id; same stackLevel and purpose on the connector) and never applies', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  const past = new Date(r.clock.now() - 3_600_000).toISOString();
  const reached = new Date(r.clock.now()).toISOString();
  assert.equal(await set(r, 1, flat(1, 'TxDefaultProfile', 0, 10)), 'Accepted');
  assert.equal(await compositeNow(r, 1), 10);
  assert.equal(await set(r, 1, flat(1, 'TxDefaultProfile', 3, 6, { validTo: past })), 'Accepted', 'validTo an hour ago');
  assert.equal(await compositeNow(r, 1), 32, 'it replaced profile 1 (same id) and does not apply');
  assert.equal((await r.csms.call('ClearChargingProfile', { id: 1 })).status, 'Unknown', 'it left the store at once, as a profile does when its validTo passes');
  assert.equal(await set(r, 1, flat(2, 'TxDefaultProfile', 1, 12)), 'Accepted');
  assert.equal(await set(r, 1, flat(3, 'TxDefaultProfile', 1, 6, { validTo: reached })), 'Accepted', 'validTo exactly now');
  assert.equal(await compositeNow(r, 1), 32, 'it replaced profile 2 (same stackLevel and purpose on connector 1) and does not apply');
  assert.equal(await set(r, 0, flat(4, 'ChargePointMaxProfile', 0, 6, { validTo: past })), 'Accepted');
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(10_000);
  const v = (r.controls.state!() as { connectors: Array<{ offeredA: number; transaction: unknown }> }).connectors[0]!;
  assert.ok(v.transaction !== null, 'free charging started a session');
  assert.equal(v.offeredA, 32, 'the EV is offered the full rated current: no expired profile limits it');
});

test('OCPP 1.6 §5.11/§7.8 RemoteStartTransaction whose TxProfile has a validTo already past: Accepted, the transaction starts and the profile never limits it', async () => {
  const r = await evlinkRig();
  const past = new Date(r.clock.now() - 60_000).toISOString();
  const txProfile: ChargingProfile = { ...flat(50, 'TxProfile', 0, 6), chargingProfileKind: 'Relative', validTo: past };
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: txProfile })).status, 'Accepted');
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(5_000);
  assert.equal(r.actions('StartTransaction').length, 1);
  assert.equal(await compositeNow(r, 1), 32);
  assert.equal((r.controls.state!() as { connectors: Array<{ offeredA: number }> }).connectors[0]!.offeredA, 32);
});

test('guide "Smart Charging": minChargingRate and numberPhases are accepted over RPC and ignored (limit unchanged, EV still draws on 3 phases)', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  const p = flat(1, 'TxDefaultProfile', 0, 10);
  p.chargingSchedule.minChargingRate = 8.5;
  p.chargingSchedule.chargingSchedulePeriod[0]!.numberPhases = 1;
  assert.equal(await set(r, 0, p), 'Accepted');
  assert.equal(await compositeNow(r, 1), 10);
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(60_000);
  const mv = (r.sent.filter((s) => s.action === 'MeterValues').at(-1)!.payload.meterValue as MV[])[0]!;
  const currents = mv.sampledValue.filter((v) => v.measurand === 'Current.Import');
  assert.deepEqual(currents.map((v) => [v.phase, Number(v.value)]), [['L1', 10], ['L2', 10], ['L3', 10]]);
  assert.equal(Number(mv.sampledValue.find((v) => v.measurand === 'Power.Active.Import')?.value), 230 * 10 * 3);
});

test('guide "Smart Charging" (A only): RemoteStartTransaction carrying a W chargingProfile is Rejected and starts nothing', async () => {
  const r = await evlinkRig();
  r.controls.plugIn!(1);
  const w: ChargingProfile = { ...flat(5, 'TxProfile', 0, 7000), chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] } };
  assert.equal((await r.csms.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1, chargingProfile: w })).status, 'Rejected');
  await r.clock.advance(5_000);
  assert.equal(r.actions('StartTransaction').length, 0);
  assert.equal(r.reported(1).at(-1), 'Preparing');
});

test('OCPP-J §4.2.3 + guide "not supported attributes are rejected": an attribute outside the 1.6 schema gets CALLERROR FormationViolation and installs nothing', async () => {
  const r = await evlinkRig();
  const replies = new Map<string, unknown[]>();
  r.pair.b.attach({ message: (t) => { const f = JSON.parse(t) as unknown[]; if (f[0] !== 2) replies.set(String(f[1]), f); }, close() {} });
  const good = flat(1, 'TxDefaultProfile', 0, 10);
  const frames: Record<string, [string, unknown]> = {
    top: ['SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...good, chargingProfileName: 'x' } }],
    schedule: ['SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...good, chargingSchedule: { ...good.chargingSchedule, rateUnitMultiplier: 10 } } }],
    period: ['SetChargingProfile', { connectorId: 0, csChargingProfiles: { ...good, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10, phaseToUse: 1 }] } } }],
    remote: ['RemoteStartTransaction', { idTag: 'TAG-1', chargingProfile: { ...good, chargingProfilePurpose: 'TxProfile', priority: 1 } }],
    ok: ['GetCompositeSchedule', { connectorId: 1, duration: 1 }],
  };
  for (const [id, [action, payload]] of Object.entries(frames)) r.pair.b.send(JSON.stringify([2, id, action, payload]));
  await r.settle();
  for (const id of ['top', 'schedule', 'period', 'remote']) {
    const f = replies.get(id);
    assert.equal(f?.[0], 4, `${id}: a CALLERROR, not a status`);
    assert.equal(f?.[2], 'FormationViolation', `${id}: error code`);
  }
  const ok = replies.get('ok') as [number, string, { chargingSchedule: { chargingSchedulePeriod: unknown } }];
  assert.deepEqual(ok[2].chargingSchedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 32 }], 'nothing was installed');
  assert.equal(r.actions('StartTransaction').length, 0);
});
