/**
 * OCPP 1.6 §3.13: a charging limit takes effect at the second its period starts, not at the next meter
 * sample or physics tick. The session starts at a second that is not a minute boundary and samples every
 * 7 minutes, so neither the sampler nor the 60 s tick lands on a period boundary: only the timer armed at
 * `limitWithNextChange().nextChangeAt` can make the statuses and the energy register come out right.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import type { ChargingProfile } from '../../../src/smart-charging/index.ts';

type MV = { timestamp: string; sampledValue: Array<{ value: string; measurand?: string }> };

const VOLTS = 230;
const PHASES = 3;
const at = (h: number, m: number, s = 0): number => Date.UTC(2026, 2, h >= 12 ? 2 : 3, h, m, s);

/** 10 A from 23:00 to 00:00, 4 A (below the 6 A minimum: the EVSE offers nothing) from 00:00 to 01:00, every day. */
const nightly: ChargingProfile = {
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-03-01T23:00:00Z', duration: 7200, chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 3600, limit: 4 }] },
};

/** Current the EV draws at `t` when the limit changes exactly at the profile's boundaries (32 A rated, EV takes 32 A). */
function expectedCurrent(t: number): number {
  if (t >= at(23, 0) && t < at(0, 0)) return 10;
  if (t >= at(0, 0) && t < at(1, 0)) return 0;
  return 32;
}

/** Energy (Wh) drawn between `from` and `to`, integrating `expectedCurrent` second by second (it is piecewise constant on whole seconds). */
function expectedEnergyWh(from: number, to: number): number {
  let wh = 0;
  for (let t = from; t < to; t += 1000) wh += VOLTS * expectedCurrent(t) * PHASES / 3600;
  return wh;
}

function meterSeries(r: EvlinkRig): Array<{ t: number; currentA: number; energyWh: number }> {
  return r.sent.filter((s) => s.action === 'MeterValues').map((s) => {
    const mv = (s.payload.meterValue as MV[])[0]!;
    const value = (m: string): number => Number(mv.sampledValue.find((v) => v.measurand === m)?.value);
    return { t: Date.parse(mv.timestamp), currentA: value('Current.Import'), energyWh: value('Energy.Active.Import.Register') };
  });
}

test('OCPP 1.6 §3.13 limits take effect at the right second: SuspendedEVSE exactly when a daily TxDefaultProfile drops below 6 A, Charging exactly when it rises, energy register integrates each period', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '420', AlignedDataInterval: '0' } });
  assert.equal((await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: nightly })).status, 'Accepted');
  const start = at(22, 0, 17);
  await r.clock.advanceTo(start);
  r.controls.setEv!(1, { capacityKWh: 200, socPercent: 10 });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.clock.advanceTo(at(1, 30));

  const statuses = r.sent.filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === 1)
    .map((s) => `${String(s.payload.timestamp).slice(11, 19)} ${String(s.payload.status)}`);
  const fromCharging = statuses.slice(statuses.findIndex((s) => s.endsWith('Charging')));
  assert.deepEqual(fromCharging, ['22:00:17 Charging', '00:00:00 SuspendedEVSE', '01:00:00 Charging'],
    'the EVSE suspends at the second the 4 A period starts and resumes at the second it ends');

  const series = meterSeries(r);
  assert.equal(series.length, Math.floor((at(1, 30) - start) / 420_000), 'one sample every 7 minutes');
  assert.ok(series.every((s) => (s.t - start) % 420_000 === 0), 'samples are off the profile boundaries (7 min from 22:00:17)');
  assert.ok(series.every((s) => ![at(23, 0), at(0, 0), at(1, 0)].includes(s.t)));
  for (const s of series) {
    const when = new Date(s.t).toISOString().slice(11, 19);
    assert.equal(s.currentA, expectedCurrent(s.t), `Current.Import at ${when}`);
    assert.equal(s.energyWh, Math.round(expectedEnergyWh(start, s.t)), `Energy.Active.Import.Register at ${when}`);
  }
  // Samples inside each period, so a late switch would show in the current as well as the energy.
  const currents = new Set(series.map((s) => s.currentA));
  assert.deepEqual([...currents].sort((a, b) => a - b), [0, 10, 32]);
});
