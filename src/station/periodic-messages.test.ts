/**
 * Nothing periodic accumulates behind a slow or silent central system (decision D11): a Heartbeat is
 * never queued while one is queued or in flight, its interval counts from the end of the last Heartbeat
 * exchange, and once a few StatusNotifications of a connector wait, a newer one replaces the last of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { COALESCE_KEEP, createRpcConnection, createLoopbackPair } from '../rpc/index.ts';
import { MapConfig, baseTestConfig } from '../../test/support/map-config.ts';
import { createStation } from './station.ts';

const identity = { chargePointId: 'CP-SLOW', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'SN1', firmwareVersion: '1.0.0' };

/** A station on a simulated clock against a central system that answers after `delayMs` while `slow`. */
function slowRig(delayMs: number) {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 1));
  const pair = createLoopbackPair();
  const config = new MapConfig({ ...baseTestConfig, HeartbeatInterval: 1 });
  const station = createStation({ identity, connectorCount: 1, config, clock });
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  const cp = createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock });
  const state = { slow: true, slowStatus: true };
  const log: Array<{ action: string; at: number; detail?: string }> = [];
  const answer = <T>(value: T, slow = state.slow): T | Promise<T> => (slow ? new Promise<T>((r) => clock.setTimeout(() => r(value), delayMs)) : value);
  const time = () => new Date(clock.now()).toISOString();
  csms.handle('BootNotification', () => ({ status: 'Accepted', currentTime: time(), interval: 1 }));
  csms.handle('Heartbeat', () => { log.push({ action: 'Heartbeat', at: clock.now() }); return answer({ currentTime: time() }); });
  csms.handle('StatusNotification', (req) => { log.push({ action: 'StatusNotification', at: clock.now(), detail: `${req.connectorId}:${req.status}` }); return answer({}, state.slowStatus); });
  station.attach(cp);
  return { clock, station, cp, csms, log, state };
}

test('OCPP 1.6 §9.1.10 heartbeats never pile up: HeartbeatInterval 1 s behind a CSMS answering after 2 s for 40 s, then 5 heartbeats in the next 5 s', async () => {
  const { clock, cp, log, state } = slowRig(2000);
  await clock.advance(0);
  let most = 0;
  for (let s = 0; s < 40; s++) {
    await clock.advance(1000);
    if (s >= 6) most = Math.max(most, cp.pendingCalls); // after the boot's two statuses were answered
  }
  assert.ok(most <= 1, `never more than the one Heartbeat waiting behind a slow CSMS (saw ${most} calls pending)`);
  const slowBeats = log.filter((e) => e.action === 'Heartbeat').length;
  assert.ok(slowBeats >= 12 && slowBeats <= 14, `one Heartbeat per exchange of 2 s + the 1 s interval: ${slowBeats} in 40 s`);
  state.slow = false;
  await clock.advance(2000); // the last slow answer arrives
  const t0 = clock.now();
  await clock.advance(5000);
  const beats = log.filter((e) => e.action === 'Heartbeat' && e.at > t0).map((e) => (e.at - t0) / 1000);
  assert.equal(beats.length, 5, `5 heartbeats expected in 5 s, got ${beats.length}: ${beats.join(', ')}`);
});

test('OCPP 1.6 §9.1.10 heartbeat interval counts from the end of the last Heartbeat exchange, whatever its outcome', async () => {
  const { clock, log, state } = slowRig(2500);
  state.slowStatus = false;
  await clock.advance(0);
  await clock.advance(10_000);
  const at = log.filter((e) => e.action === 'Heartbeat').map((e) => e.at - Date.UTC(2026, 0, 1));
  // sent at 1 s, answered at 3.5 s; the next at 4.5 s, answered at 7 s; the next at 8 s
  assert.deepEqual(at, [1000, 4500, 8000]);
});

test('OCPP 1.6 §9.1.10 HeartbeatInterval is an interval of inactivity: any exchange (a call of the station answered, a call of the CSMS answered) starts it again', async () => {
  const { clock, station, csms, log, state } = slowRig(0);
  state.slow = false;
  state.slowStatus = false;
  await clock.advance(0);
  station.context.handle('ClearCache', () => ({ status: 'Accepted' }));
  station.context.configuration.changeByName('HeartbeatInterval', '10');
  const t0 = clock.now();
  const beats = (): number[] => log.filter((e) => e.action === 'Heartbeat' && e.at >= t0).map((e) => (e.at - t0) / 1000);
  await clock.advance(7000);
  station.context.status.set(1, { status: 'Unavailable', errorCode: 'NoError' }); // answered at once: an exchange at 7 s
  await clock.advance(9000);
  assert.deepEqual(beats(), [], 'no heartbeat at 10 s: a StatusNotification was exchanged at 7 s');
  await clock.advance(1000);
  assert.deepEqual(beats(), [17], 'the heartbeat follows 10 s without an exchange');
  await clock.advance(5000);
  assert.deepEqual(await csms.call('ClearCache', {}), { status: 'Accepted' }); // a call from the CSMS at 22 s
  await clock.advance(9000);
  assert.deepEqual(beats(), [17], 'no heartbeat at 27 s: the CSMS called at 22 s');
  await clock.advance(1000);
  assert.deepEqual(beats(), [17, 32]);
});

test('StatusNotification: behind a slow CSMS a connector\'s newer status replaces the last of those still waiting; the last status reported is the current one', async () => {
  const { clock, station, cp, log } = slowRig(2000);
  await clock.advance(0);
  station.context.configuration.changeByName('HeartbeatInterval', '0');
  await clock.advance(10_000);
  let most = 0;
  const statuses = ['Unavailable', 'Available'] as const;
  for (let i = 0; i < 40; i++) {
    station.context.status.set(1, { status: statuses[i % 2]!, errorCode: 'NoError' });
    most = Math.max(most, cp.pendingCalls);
    await clock.advance(500);
  }
  station.context.status.set(1, { status: 'Faulted', errorCode: 'GroundFailure' });
  assert.ok(most <= 1 + COALESCE_KEEP, `one status in flight and at most ${COALESCE_KEEP} waiting (saw ${most} calls pending)`);
  await clock.advance(60_000);
  assert.equal(cp.pendingCalls, 0);
  const reported = log.filter((e) => e.action === 'StatusNotification' && e.detail?.startsWith('1:')).map((e) => e.detail);
  assert.ok(reported.length < 20, `the 41 changes were coalesced, ${reported.length} reported`);
  assert.equal(reported.at(-1), '1:Faulted', 'the newest status is the one reported last');
});

test('clock-aligned MeterValues without transaction never pile up: AlignedDataInterval 10 s behind a CSMS answering after 25 s for an hour, then no backlog burst', async () => {
  const { evlinkRig } = await import('../../test/support/evlink-rig.ts');
  const r = await evlinkRig({ configOverrides: { AlignedDataInterval: '10' } });
  const got: number[] = [];
  let slow = true;
  r.csms.handle('MeterValues', () => {
    got.push(r.clock.now());
    return slow ? new Promise((res) => r.clock.setTimeout(() => res({}), 25_000)) : {};
  });
  await r.clock.advance(3600_000);
  slow = false;
  const before = got.length;
  await r.clock.advance(25_000); // the last slow answer arrives; whatever waited behind it goes at once
  const burst = got.length - before;
  assert.ok(before >= 100 && before <= 150, `one sample per slow answer during the hour (${before})`);
  assert.ok(burst <= COALESCE_KEEP + 3, `no backlog of samples sent in a burst once the CSMS is fast again (${burst})`);
});
