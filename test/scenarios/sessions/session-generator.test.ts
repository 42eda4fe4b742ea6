/**
 * Issue 15 item 1: generated sessions obey every rule of the twin. A real EVlink twin (rig: loopback to a
 * central-system connection with tags) driven by a SessionDriver on a SimulatedClock for simulated days.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import { SessionDriver } from '../../../src/station/session-generator/session-driver.ts';
import type { GeneratorTarget } from '../../../src/station/session-generator/generator-status.ts';
import { resolveSettings, type SessionGeneratorSettings } from '../../../src/station/session-generator/settings.ts';

const TAGS = { 'TAG-1': { status: 'Accepted' as const }, 'TAG-2': { status: 'Accepted' as const }, 'TAG-BLK': { status: 'Blocked' as const } };
const HOUR = 3_600_000;
type MV = { sampledValue: Array<{ value: string; measurand?: string }> };

function targetOf(r: EvlinkRig, remote: boolean): GeneratorTarget {
  return {
    connectorCount: r.station.context.connectorCount,
    controls: () => r.station.context.controls,
    ...(remote ? {
      remoteStart: async (connectorId: number, idTag: string) => (await r.csms.call('RemoteStartTransaction', { connectorId, idTag })).status === 'Accepted',
      remoteStop: async (connectorId: number) => {
        const tx = (r.station.context.controls.state!() as { connectors: Array<{ transaction: { transactionId: number | null } | null }> }).connectors[connectorId - 1]?.transaction;
        if (typeof tx?.transactionId !== 'number') return false;
        return (await r.csms.call('RemoteStopTransaction', { transactionId: tx.transactionId })).status === 'Accepted';
      },
    } : {}),
  };
}

async function generate(settings: SessionGeneratorSettings, hours: number, remote = false, config: Record<string, string> = {}): Promise<{ r: EvlinkRig; driver: SessionDriver }> {
  const r = await evlinkRig({ tags: TAGS, configOverrides: { SampledDataInterval: '600', AlignedDataInterval: '0', ...config } });
  const driver = new SessionDriver(r.clock, resolveSettings(settings), resolveSettings(settings).seed, targetOf(r, remote));
  driver.start();
  for (let h = 0; h < hours; h++) await r.clock.advance(HOUR);
  driver.stop();
  await r.settle();
  return { r, driver };
}

const BASE: SessionGeneratorSettings = {
  seed: 7, arrivalsPerHour: 0.5,
  plugDurationMin: { kind: 'uniform', min: 30, max: 120 },
  energyKWh: { kind: 'uniform', min: 2, max: 10 },
  tags: { valid: ['TAG-1', 'TAG-2'], invalid: ['TAG-NOBODY'], blocked: ['TAG-BLK'], invalidShare: 0.2, blockedShare: 0.2 },
};

test('generated badge sessions: accepted tags start and stop transactions, invalid and blocked tags never start one', async () => {
  const { r, driver } = await generate({ ...BASE, endings: { unplug: 1, stopButton: 1 } }, 48);
  const c = driver.counters;
  assert.ok(c.started >= 5, JSON.stringify(c));
  assert.ok(c.refused.invalid >= 1 && c.refused.blocked >= 1, JSON.stringify(c));
  assert.equal(c.refused.valid, 0);
  assert.equal(c.actionsFailed, 0, JSON.stringify(c));
  const starts = r.sent.filter((s) => s.action === 'StartTransaction');
  const stops = r.sent.filter((s) => s.action === 'StopTransaction');
  assert.equal(starts.length, c.started);
  assert.ok(starts.every((s) => s.payload.idTag === 'TAG-1' || s.payload.idTag === 'TAG-2'), 'only accepted tags start a transaction');
  const authorized = r.sent.filter((s) => s.action === 'Authorize').map((s) => s.payload.idTag);
  assert.ok(authorized.includes('TAG-NOBODY') && authorized.includes('TAG-BLK'), 'refused tags went through Authorize');
  const reasons = stops.map((s) => s.payload.reason);
  assert.ok(reasons.includes('Local') && reasons.includes('EVDisconnected'), reasons.join(','));
  assert.ok(stops.length >= starts.length - 1, 'every session but maybe the last one stopped');
});

test('generated sessions respect a smart-charging limit: every sampled current stays under the ChargePointMaxProfile', async () => {
  const r = await evlinkRig({ tags: TAGS, configOverrides: { SampledDataInterval: '300', AlignedDataInterval: '0' } });
  const conf = await r.csms.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: {
    chargingProfileId: 5, stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute',
    chargingSchedule: { chargingRateUnit: 'A', startSchedule: new Date(r.clock.now()).toISOString(), chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
  } });
  assert.equal(conf.status, 'Accepted');
  const settings = resolveSettings({ ...BASE, tags: { valid: ['TAG-1'] }, evMix: [{ maxCurrentA: 32, phases: 3, capacityKWh: 50, socPercent: 20 }] });
  const driver = new SessionDriver(r.clock, settings, 3, targetOf(r, false));
  driver.start();
  for (let h = 0; h < 24; h++) await r.clock.advance(HOUR);
  driver.stop();
  const currents = r.sent.filter((s) => s.action === 'MeterValues').flatMap((s) => (s.payload.meterValue as MV[])[0]!.sampledValue.filter((v) => v.measurand === 'Current.Import').map((v) => Number(v.value)));
  assert.ok(currents.length > 10, `${currents.length} samples`);
  assert.ok(currents.some((a) => a > 0));
  assert.ok(currents.every((a) => a <= 10), `currents above the 10 A limit: ${currents.filter((a) => a > 10).join(',')}`);
});

test('EV full: the EV stops asking for energy when its battery is full (SuspendedEV before the driver leaves)', async () => {
  const { r, driver } = await generate({
    seed: 11, arrivalsPerHour: 0.25, plugDurationMin: { kind: 'fixed', value: 240 }, tags: { valid: ['TAG-1'] },
    evMix: [{ maxCurrentA: 32, phases: 3, capacityKWh: 20, socPercent: 50 }], endings: { evFull: 1 },
  }, 24);
  assert.ok(driver.counters.ended.evFull >= 2, JSON.stringify(driver.counters));
  assert.ok(r.reported(1).includes('SuspendedEV'), r.reported(1).join(','));
  const stops = r.sent.filter((s) => s.action === 'StopTransaction');
  // 10 kWh to fill at 22 kW: the meter reads about 10 kWh more at each stop
  for (const s of stops) {
    const start = r.sent.filter((x) => x.action === 'StartTransaction' && x.at <= s.at).at(-1)!;
    const wh = (s.payload.meterStop as number) - (start.payload.meterStart as number);
    assert.ok(Math.abs(wh - 10_000) < 400, `delivered ${wh} Wh`);
  }
});

test('remote starts and stops through the central system: RemoteStartTransaction, then StopTransaction reason Remote', async () => {
  const { r, driver } = await generate({ ...BASE, tags: { valid: ['TAG-1'] }, starts: { remote: 1 }, endings: { remoteStop: 1 } }, 24, true);
  assert.equal(driver.counters.remoteFallbacks, 0);
  assert.ok(driver.counters.started >= 3, JSON.stringify(driver.counters));
  const reasons = r.sent.filter((s) => s.action === 'StopTransaction').map((s) => s.payload.reason);
  assert.ok(reasons.length >= 3 && reasons.every((x) => x === 'Remote'), reasons.join(','));
});

test('free charging: with AuthenticationOCPPMode false a plugged EV starts under DefaultIdTag; with it true it does not start', async () => {
  const free = await generate({ ...BASE, starts: { free: 1 } }, 24, false, { AuthenticationOCPPMode: 'false' });
  assert.ok(free.driver.counters.started >= 3 && free.driver.counters.notStarted === 0, JSON.stringify(free.driver.counters));
  const locked = await generate({ ...BASE, starts: { free: 1 } }, 24);
  assert.equal(locked.driver.counters.started, 0);
  assert.ok(locked.driver.counters.notStarted >= 3);
  assert.equal(locked.r.actions('StartTransaction').length, 0);
});
