import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';

type Sv = { measurand?: string; phase?: string; value: string };
const lastSample = (r: EvlinkRig): Sv[] => {
  const mv = r.sent.filter((s) => s.action === 'MeterValues').at(-1)!.payload.meterValue as Array<{ sampledValue: Sv[] }>;
  return mv[0]!.sampledValue;
};
const SAMPLED = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered';

async function chargeOneInterval(r: EvlinkRig): Promise<Sv[]> {
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  await r.clock.advance(60_000);
  return lastSample(r);
}

test('IEC 61851-1 PP coding: a 20 A cable in the T2S socket caps the offer at 20 A (13.8 kW on 3 phases)', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledData: SAMPLED } });
  r.controls.setEv!(1, { cableRatingA: 20 });
  const s = await chargeOneInterval(r);
  assert.equal(s.find((v) => v.measurand === 'Current.Offered')!.value, '20');
  assert.equal(s.find((v) => v.measurand === 'Power.Active.Import')!.value, '13800');
  assert.deepEqual(s.filter((v) => v.measurand === 'Current.Import').map((v) => `${v.phase}=${v.value}`), ['L1=20', 'L2=20', 'L3=20']);
});

test('a tethered-cable model (EVB3S22NCB) ignores the EV\'s cable rating: its own cable is rated 32 A', async () => {
  const r = await evlinkRig({ model: 'EVB3S22NCB', configOverrides: { AuthenticationOCPPMode: 'false', SampledData: SAMPLED } });
  r.controls.setEv!(1, { cableRatingA: 13 });
  const s = await chargeOneInterval(r);
  assert.equal(s.find((v) => v.measurand === 'Current.Offered')!.value, '32');
});

test('guide PhasesConnection=4 (Mono1): a 3-phase EV on the 22 kW unit is reported on L1 only, 7,360 W', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledData: SAMPLED, PhasesConnection: '4' } });
  const s = await chargeOneInterval(r);
  assert.deepEqual(s.filter((v) => v.measurand === 'Current.Import').map((v) => v.phase), ['L1']);
  assert.equal(s.find((v) => v.measurand === 'Power.Active.Import')!.value, '7360');
});

test('bad EV settings from the control surface are refused and change nothing', async () => {
  const r = await evlinkRig();
  assert.throws(() => r.controls.setEv!(1, { cableRatingA: 25 }), /TWIN_ERR_BAD_EV|cableRatingA/);
  const ev = (r.controls.state!() as { connectors: Array<{ ev: Record<string, unknown> }> }).connectors[0]!.ev;
  assert.equal(ev.cableRatingA, undefined);
});
