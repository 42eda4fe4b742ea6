import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer, type WebSocket } from 'ws';
import { startCsms } from '../../../src/csms/index.ts';
import { createFleet } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import { RpcError } from '../../../src/rpc/index.ts';
import { buildEvlinkStation } from '../../../src/runtime/evlink-station.ts';
import { createStationRuntime } from '../../../src/runtime/station-runtime.ts';
import { SimulatedClock } from '../../../src/shared/simulated-clock.ts';
import { evlinkRig } from '../../support/evlink-rig.ts';
import { waitFor } from '../../support/wait-for.ts';

test('guide SampledDataInterval: a change re-arms the sampler of a running transaction at once', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', AlignedDataInterval: '0' } });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  const periodic = () => r.sent.filter((s) => s.action === 'MeterValues' && JSON.stringify(s.payload).includes('Sample.Periodic')).map((s) => s.at);
  await r.clock.advance(45_000);
  assert.deepEqual(periodic(), [], 'default 60 s: nothing yet');
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'SampledDataInterval', value: '10' })).status, 'Accepted');
  const t0 = r.clock.now();
  await r.clock.advance(35_000);
  assert.deepEqual(periodic().map((at) => (at - t0) / 1000), [10, 20, 30], 'counted from the change, not from the old 60 s timer');
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'SampledDataInterval', value: '0' })).status, 'Accepted');
  await r.clock.advance(60_000);
  assert.equal(periodic().length, 3, '0 stops periodic samples');
});

test('guide LedIntensity: an accepted value is visible in the station state at once', async () => {
  const r = await evlinkRig();
  assert.equal(r.controls.state!().ledIntensity, 100);
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'LedIntensity', value: '35' })).status, 'Accepted');
  assert.equal(r.controls.state!().ledIntensity, 35);
  assert.equal((await r.csms.call('ChangeConfiguration', { key: 'LedIntensity', value: '-1' })).status, 'Rejected');
  assert.equal(r.controls.state!().ledIntensity, 35);
});

test('guide GetConfigurationMaxKeys over RPC: up to the maximum answered; more → CALLERROR OccurenceConstraintViolation', async () => {
  const r = await evlinkRig({ configOverrides: { GetConfigurationMaxKeys: '3' } });
  const three = await r.csms.call('GetConfiguration', { key: ['HeartbeatInterval', 'LedIntensity', 'NoSuchKey'] });
  assert.deepEqual(three.configurationKey?.map((k) => k.key), ['HeartbeatInterval', 'LedIntensity']);
  assert.deepEqual(three.unknownKey, ['NoSuchKey']);
  await assert.rejects(r.csms.call('GetConfiguration', { key: ['HeartbeatInterval', 'LedIntensity', 'ResetRetries', 'ConnectionTimeOut'] }),
    (e) => e instanceof RpcError && e.rpcCode === 'OccurenceConstraintViolation');
  assert.equal((await r.csms.call('GetConfiguration', {})).configurationKey?.length, 44, 'no keys named: every key, whatever the maximum');
});

test('guide WebSocketPingInterval: a change re-arms the websocket pings of the live connection', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((ok) => wss.once('listening', () => ok()));
  let pings = 0;
  let socket: WebSocket | undefined;
  const replies = new Map<string, unknown>();
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('ping', () => { pings++; });
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as [number, string, ...unknown[]];
      if (f[0] === 3) { replies.set(f[1], f[2]); return; }
      if (f[0] !== 2) return;
      const conf = f[2] === 'BootNotification' ? { status: 'Accepted', currentTime: new Date(clock.now()).toISOString(), interval: 3600 } : {};
      ws.send(JSON.stringify([3, f[1], conf]));
    });
  });
  const { port } = wss.address() as { port: number };
  const build = buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } });
  const rt = createStationRuntime({ csmsUrl: `ws://127.0.0.1:${port}`, clock, createStation: (lifecycle) => build({ id: 'EVB-PING' }, lifecycle, clock) });
  try {
    rt.start();
    await waitFor(() => rt.station.registration === 'Accepted', 5000, 'registration');
    const pause = () => new Promise((ok) => setTimeout(ok, 30)); // lets the server's pong come back before the next ping
    await clock.advance(30_000);
    await waitFor(() => pings === 1, 5000, 'one ping at the default 30 s');
    await pause();
    socket!.send(JSON.stringify([2, 'cc-1', 'ChangeConfiguration', { key: 'WebSocketPingInterval', value: '10' }]));
    await waitFor(() => replies.has('cc-1'), 5000, 'ChangeConfiguration answer');
    assert.deepEqual(replies.get('cc-1'), { status: 'Accepted' });
    await clock.advance(9_999);
    await pause();
    assert.equal(pings, 1, 'not before 10 s');
    for (const expected of [2, 3, 4]) {
      await clock.advance(expected === 2 ? 1 : 10_000);
      await waitFor(() => pings === expected, 5000, `ping ${expected} every 10 s (got ${pings})`);
      await pause();
    }
    assert.equal(pings, 4);
  } finally {
    await rt.stop();
    await new Promise((ok) => wss.close(() => ok(undefined)));
  }
});

test('guide "reboot needed": PhasesConnection answers RebootRequired and takes effect after a Reset through the RPC layer', async () => {
  const clock = new ScaledClock();
  const csms = await startCsms();
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 20, backoff: { initialMs: 20, maxMs: 50 } });
  try {
    const m = fleet.add({ id: 'EVB-RB' });
    await waitFor(() => csms.station('EVB-RB')?.bootCount === 1, 5000, 'first boot');
    const read = async () => (await csms.call('EVB-RB', 'GetConfiguration', { key: ['PhasesConnection'] })).configurationKey?.[0]?.value;
    assert.equal((await csms.call('EVB-RB', 'ChangeConfiguration', { key: 'PhasesConnection', value: '5' })).status, 'RebootRequired');
    assert.equal(await read(), '1', 'not applied before the reset');
    assert.equal(m.station.context.config.int('PhasesConnection'), 1);
    assert.equal((await csms.call('EVB-RB', 'Reset', { type: 'Soft' })).status, 'Accepted');
    await waitFor(() => csms.station('EVB-RB')?.bootCount === 2 && m.station.registration === 'Accepted', 5000, 'boot after the reset');
    assert.equal(await read(), '5');
    assert.equal(m.station.context.config.int('PhasesConnection'), 5);
  } finally {
    await fleet.stop();
    await csms.close();
    clock.dispose();
  }
});
