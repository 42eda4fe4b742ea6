import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';
import { SimulatedClock } from '../../../src/shared/simulated-clock.ts';

type MV = { timestamp: string; sampledValue: Array<{ value: string; measurand?: string; context?: string; phase?: string }> };
const meterValues = (r: Awaited<ReturnType<typeof evlinkRig>>) => r.sent.filter((s) => s.action === 'MeterValues').map((s) => s.payload as { connectorId: number; transactionId?: number; meterValue: MV[] });

test('OCPP 1.6 §9.1 SampledDataInterval: periodic MeterValues with the SampledData measurands, per phase, context Sample.Periodic', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '60', AlignedDataInterval: '0' } });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(180_000);
  const mvs = meterValues(r);
  assert.equal(mvs.length, 3);
  const sv = mvs[0]!.meterValue[0]!.sampledValue;
  assert.ok(sv.every((v) => v.context === 'Sample.Periodic'));
  assert.deepEqual(sv.filter((v) => v.measurand === 'Current.Import').map((v) => [v.phase, v.value]), [['L1', '32'], ['L2', '32'], ['L3', '32']]);
  assert.equal(mvs[0]!.transactionId, 100);
  assert.equal(sv.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value, '368', '22,080 W for 60 s');
});

test('OCPP 1.6 §9.1 AlignedDataInterval: clock-aligned values exactly on boundaries counted from midnight, across midnight', async () => {
  const r = await evlinkRig({ configOverrides: { AlignedDataInterval: '900', SampledDataInterval: '0' } });
  await r.clock.advanceTo(Date.UTC(2026, 2, 2, 23, 40));
  const start = r.sent.length;
  await r.clock.advanceTo(Date.UTC(2026, 2, 3, 0, 20));
  const stamps = r.sent.slice(start).filter((s) => s.action === 'MeterValues').map((s) => (s.payload.meterValue as MV[])[0]!.timestamp);
  assert.deepEqual(stamps, ['2026-03-02T23:45:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-03T00:15:00.000Z']);
  const ctx = (r.sent.slice(start).find((s) => s.action === 'MeterValues')!.payload.meterValue as MV[])[0]!.sampledValue[0]!.context;
  assert.equal(ctx, 'Sample.Clock');
});

test('energy register equals the integral of power within 0.1 % (limits and taper included)', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '10', AlignedDataInterval: '0' } });
  r.controls.setEv!(1, { socPercent: 70, capacityKWh: 40, maxCurrentA: 16 });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advance(3 * 3600_000);
  const samples = meterValues(r).map((m) => m.meterValue[0]!.sampledValue);
  const value = (sv: typeof samples[number], m: string) => Number(sv.find((v) => v.measurand === m)!.value);
  // Power is re-evaluated at every sample (taper), so between two samples it is the earlier sample's power.
  let integral = 0;
  for (let i = 1; i < samples.length; i++) integral += value(samples[i - 1]!, 'Power.Active.Import') * 10 / 3600;
  const register = value(samples.at(-1)!, 'Energy.Active.Import.Register') - value(samples[0]!, 'Energy.Active.Import.Register');
  assert.ok(register > 10_000, `register ${register}`);
  assert.ok(value(samples.at(-1)!, 'Power.Active.Import') < value(samples[0]!, 'Power.Active.Import'), 'the EV tapered');
  assert.ok(Math.abs(register - integral) / register < 0.001, `register ${register} vs integral ${integral}`);
});

test('OCPP 1.6 §5.17 TriggerMessage(MeterValues): values with context Trigger', async () => {
  const r = await evlinkRig({ configOverrides: { AlignedDataInterval: '0' } });
  assert.equal((await r.csms.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).status, 'Accepted');
  await r.settle();
  assert.equal(meterValues(r)[0]?.meterValue[0]?.sampledValue[0]?.context, 'Trigger');
});

test('guide SampledData: a measurand that OCPP 1.6 does not define is Rejected by ChangeConfiguration', async () => {
  const r = await evlinkRig();
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'SampledData', value: 'Energy.Active.Import.Register,Bogus.Measurand' })).status, 'Rejected');
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'SampledData', value: 'Energy.Active.Import.Register,SoC' })).status, 'Accepted');
});

test('two connectors run two independent sessions', async () => {
  const r = await evlinkRig({ connectors: 2 });
  await r.controls.presentBadge!('TAG-1', 1);
  r.controls.plugIn!(1);
  r.controls.plugIn!(2);
  await r.controls.presentBadge!('TAG-2', 2);
  r.controls.evRequestsEnergy!(1, true);
  r.controls.evRequestsEnergy!(2, true);
  await r.clock.advance(600_000);
  const starts = r.sent.filter((s) => s.action === 'StartTransaction').map((s) => [s.payload.connectorId, s.payload.idTag]);
  assert.deepEqual(starts, [[1, 'TAG-1'], [2, 'TAG-2']]);
  await r.controls.presentBadge!('TAG-1', 1);
  await r.settle();
  const stops = r.sent.filter((s) => s.action === 'StopTransaction').map((s) => s.payload.transactionId);
  assert.deepEqual(stops, [100]);
  assert.equal(r.reported(2).at(-1), 'Charging');
  void SimulatedClock;
});
