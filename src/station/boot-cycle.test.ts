import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { createRpcConnection, createLoopbackPair, type Conf } from '../rpc/index.ts';
import { MapConfig, baseTestConfig } from '../../test/support/map-config.ts';
import { createStation } from './station.ts';

const identity = { chargePointId: 'CP-1', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'SN123', firmwareVersion: '1.0.0' };

function rig(bootAnswers: Array<Conf<'BootNotification'>['status']>, interval = 10) {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 1));
  const pair = createLoopbackPair();
  const config = new MapConfig(baseTestConfig);
  const station = createStation({ identity, connectorCount: 1, config, clock });
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  const log: Array<{ action: string; at: number }> = [];
  let n = 0;
  csms.handle('BootNotification', () => {
    log.push({ action: 'BootNotification', at: clock.now() });
    const status = bootAnswers[Math.min(n++, bootAnswers.length - 1)]!;
    return { status, currentTime: new Date(clock.now()).toISOString(), interval };
  });
  csms.handle('StatusNotification', (req) => { log.push({ action: `StatusNotification:${req.connectorId}:${req.status}`, at: clock.now() }); return {}; });
  csms.handle('Heartbeat', () => { log.push({ action: 'Heartbeat', at: clock.now() }); return { currentTime: new Date(clock.now()).toISOString() }; });
  station.attach(createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock }));
  return { clock, station, log, config, t0: clock.now() };
}

test('OCPP 1.6 §4.2 BootNotification Accepted: statuses for connector 0 and each connector, then heartbeats at the given interval', async () => {
  const { clock, station, log, config, t0 } = rig(['Accepted'], 300);
  await clock.advance(0);
  assert.equal(station.registration, 'Accepted');
  assert.equal(config.int('HeartbeatInterval'), 300, 'the interval of the confirmation becomes HeartbeatInterval');
  assert.deepEqual(log.map((e) => e.action), ['BootNotification', 'StatusNotification:0:Available', 'StatusNotification:1:Available']);
  await clock.advance(3 * 3600_000);
  const beats = log.filter((e) => e.action === 'Heartbeat').map((e) => (e.at - t0) / 1000);
  assert.equal(beats.length, 36);
  assert.deepEqual(beats.slice(0, 3), [300, 600, 900]);
});

test('OCPP 1.6 §4.2 BootNotification Pending: retried after the interval, nothing else sent meanwhile', async () => {
  const { clock, station, log, t0 } = rig(['Pending', 'Pending', 'Accepted'], 10);
  await clock.advance(0);
  assert.equal(station.registration, 'Pending');
  await clock.advance(9_000);
  assert.deepEqual(log.map((e) => e.action), ['BootNotification']);
  await clock.advance(11_000);
  assert.deepEqual(log.slice(0, 3).map((e) => [e.action, (e.at - t0) / 1000]), [['BootNotification', 0], ['BootNotification', 10], ['BootNotification', 20]]);
  assert.equal(station.registration, 'Accepted');
  assert.equal(log[3]?.action, 'StatusNotification:0:Available');
});

test('OCPP 1.6 §4.2 BootNotification Rejected: no other message; retried after the interval', async () => {
  const { clock, station, log } = rig(['Rejected'], 45);
  await clock.advance(0);
  assert.equal(station.registration, 'Rejected');
  await assert.rejects(station.context.uplink.call('Heartbeat', {}), /TWIN_ERR_NOT_REGISTERED|before BootNotification/);
  await clock.advance(100_000);
  assert.deepEqual(log.map((e) => e.action), ['BootNotification', 'BootNotification', 'BootNotification']);
});

test('guide ResendBootNotificationInterval: used when the CSMS gives interval 0', async () => {
  const { clock, log, t0 } = rig(['Pending', 'Accepted'], 0);
  await clock.advance(31_000);
  assert.deepEqual(log.filter((e) => e.action === 'BootNotification').map((e) => (e.at - t0) / 1000), [0, 30]);
});

test('guide HeartbeatInterval: a change re-arms the heartbeat at once', async () => {
  const { clock, log, config, t0 } = rig(['Accepted'], 300);
  await clock.advance(100_000);
  config.change('HeartbeatInterval', '20');
  await clock.advance(45_000);
  const beats = log.filter((e) => e.action === 'Heartbeat').map((e) => (e.at - t0) / 1000);
  assert.deepEqual(beats, [120, 140]);
});

test('OCPP 1.6 §4.2 BootNotification.conf: its interval is written as a change that may be saved with the next group commit (decision D32), every boot giving it again', async () => {
  const durables: Array<string | undefined> = [];
  const clock = new SimulatedClock(Date.UTC(2026, 0, 1));
  const pair = createLoopbackPair();
  const config = new (class extends MapConfig {
    override changeByName(name: string, value: string, durable?: 'now' | 'soon'): ReturnType<MapConfig['changeByName']> {
      if (name === 'HeartbeatInterval') durables.push(durable);
      return super.changeByName(name, value);
    }
  })(baseTestConfig);
  const station = createStation({ identity, connectorCount: 1, config, clock });
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  csms.handle('BootNotification', () => ({ status: 'Accepted', currentTime: new Date(clock.now()).toISOString(), interval: 45 }));
  csms.handle('StatusNotification', () => ({}));
  station.attach(createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock }));
  await clock.advance(0);
  assert.equal(config.int('HeartbeatInterval'), 45);
  assert.deepEqual(durables, ['soon']);
});
