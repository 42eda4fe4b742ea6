import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cableLimitA, checkEvSettings, drawnPhases, evCurrent, offeredCurrent, powerW, type EvModel, type ProductElectrics } from './electrical.ts';
import { meterValue } from './meter-values.ts';
import { isTwinError } from '../../shared/errors.ts';

const P22: ProductElectrics = { ratedCurrentA: 32, phases: 3, voltageV: 230 };
const P7: ProductElectrics = { ratedCurrentA: 32, phases: 1, voltageV: 230 };
const P11: ProductElectrics = { ratedCurrentA: 16, phases: 3, voltageV: 230 };
const EV3: EvModel = { maxCurrentA: 32, phases: 3, capacityKWh: 60, socPercent: 30 };
const EV1: EvModel = { ...EV3, phases: 1 };

/** The per-phase readings a MeterValue reports for a drawn current on the given phases. */
function perPhase(phases: Array<'L1' | 'L2' | 'L3'>, currentA: number): string[] {
  const mv = meterValue(0, { energyWh: 0, currentA, offeredA: currentA, phases, voltageV: 230, socPercent: undefined }, ['Current.Import', 'Voltage'], 'Sample.Periodic');
  return mv.sampledValue.map((v) => `${v.measurand}:${v.phase}:${v.value}`);
}

test('guide PhasesConnection Mono1: a 3-phase product and EV draw on L1 only, and only L1 is reported', () => {
  const phases = drawnPhases(P22, EV3, 4);
  assert.deepEqual(phases, ['L1']);
  assert.deepEqual(perPhase(phases, 32), ['Current.Import:L1:32', 'Voltage:L1-N:230']);
  assert.equal(powerW(230, 32, phases.length), 7360);
});

test('guide PhasesConnection Mono2/Mono3 and Tri231: the wired phase order decides which phases are reported', () => {
  assert.deepEqual(drawnPhases(P22, EV3, 5), ['L2']);
  assert.deepEqual(drawnPhases(P22, EV3, 6), ['L3']);
  assert.deepEqual(drawnPhases(P22, EV3, 2), ['L2', 'L3', 'L1']);
  assert.deepEqual(drawnPhases(P7, EV3, 2), ['L2'], 'a single-phase product on Tri231 uses its first wired phase');
});

test('single-phase product (EVB3S07…, 7.4 kW): one phase whatever the EV and wiring; 32 A × 230 V = 7,360 W', () => {
  const phases = drawnPhases(P7, EV3, 1);
  assert.deepEqual(phases, ['L1']);
  const current = evCurrent(EV3, offeredCurrent(P7, Infinity));
  assert.equal(powerW(230, current, phases.length), 7360);
});

test('a 1-phase EV on a 3-phase station draws on L1 only', () => {
  const phases = drawnPhases(P22, EV1, 1);
  assert.deepEqual(phases, ['L1']);
  assert.deepEqual(perPhase(phases, 32), ['Current.Import:L1:32', 'Voltage:L1-N:230']);
});

test('the EV\'s own current cap: an EV limited to 16 A takes 16 A of the 32 A offered; it tapers above 80 % SoC, never under 6 A', () => {
  assert.equal(evCurrent({ ...EV3, maxCurrentA: 16 }, 32), 16);
  assert.equal(evCurrent({ ...EV3, socPercent: 90 }, 32), 16, 'half way from 80 % to 100 %: half the maximum');
  assert.equal(evCurrent({ ...EV3, socPercent: 99 }, 32), 6);
  assert.equal(evCurrent({ ...EV3, socPercent: 100 }, 32), 0, 'full: nothing drawn');
  assert.equal(evCurrent(EV3, 0), 0, 'nothing offered');
});

test('smart-charging limit: the offered current is the limit when it is lower than the rating; under 6 A nothing is offered (SuspendedEVSE)', () => {
  assert.equal(offeredCurrent(P22, 10), 10);
  assert.equal(offeredCurrent(P22, 40), 32, 'never above the product rating');
  assert.equal(offeredCurrent(P11, Infinity), 16, 'the 11 kW product is rated 16 A');
  assert.equal(offeredCurrent(P22, 6), 6);
  assert.equal(offeredCurrent(P22, 5.9), 0);
  assert.equal(offeredCurrent(P22, 12.34), 12.3, 'tenths of an ampere');
});

test('cable limit: on a socket the PP-coded cable rating caps the offer; a tethered cable is rated for the product', () => {
  assert.equal(cableLimitA(P22, { cableRatingA: 20 }), 20);
  assert.equal(cableLimitA(P22, { cableRatingA: 63 }), 32, 'the socket itself is rated 32 A');
  assert.equal(cableLimitA(P22, {}), 32, 'no PP rating given: a cable rated for the socket');
  assert.equal(cableLimitA({ ...P22, tethered: true }, { cableRatingA: 13 }), 32, 'tethered: the EV brings no cable');
  assert.equal(cableLimitA(P11, { cableRatingA: 32 }), 16);
  assert.equal(offeredCurrent(P22, Infinity, cableLimitA(P22, { cableRatingA: 13 })), 13);
  assert.equal(offeredCurrent(P22, 10, cableLimitA(P22, { cableRatingA: 20 })), 10, 'the lowest of all limits wins');
  assert.equal(evCurrent(EV3, offeredCurrent(P22, Infinity, 20)), 20);
});

test('EV settings from a control are checked: a bad value is refused with TWIN_ERR_BAD_EV', () => {
  const refused = (ev: Partial<EvModel>) => assert.throws(() => checkEvSettings(ev), (e) => isTwinError(e, 'TWIN_ERR_BAD_EV'));
  refused({ phases: 2 as 1 });
  refused({ socPercent: 101 });
  refused({ maxCurrentA: -1 });
  refused({ capacityKWh: Number.NaN });
  refused({ cableRatingA: 25 });
  assert.deepEqual(checkEvSettings({ cableRatingA: 20, socPercent: 0 }), { cableRatingA: 20, socPercent: 0 });
});
