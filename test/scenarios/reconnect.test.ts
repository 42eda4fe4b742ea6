import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { createStation } from '../../src/station/station.ts';
import { createStationRuntime } from '../../src/runtime/station-runtime.ts';
import { MapConfig, baseTestConfig } from '../support/map-config.ts';
import { waitFor } from '../support/wait-for.ts';

const identity = { chargePointId: 'CP-R', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'SN1', firmwareVersion: '1.0.0' };

test('OCPP-J 1.6 §3: station connects to <url>/<id> with ocpp1.6, boots, and reconnects after the central system restarts', async () => {
  let csms = await startCsms();
  const port = csms.port;
  const clock = new ScaledClock();
  const rt = createStationRuntime({ csmsUrl: csms.url, createStation: (lifecycle) => createStation({ identity, connectorCount: 1, config: new MapConfig(baseTestConfig), clock , lifecycle }), clock, backoff: { initialMs: 50, maxMs: 200 } });
  try {
    rt.start();
    await waitFor(() => rt.station.registration === 'Accepted', 5000, 'boot');
    await waitFor(() => (csms.station('CP-R')?.statuses.size ?? 0) === 2, 5000, 'statuses');
    assert.equal(csms.station('CP-R')?.boot?.chargePointVendor, 'Schneider Electric');
    await csms.close();
    await waitFor(() => rt.link !== 'open', 5000, 'disconnect');
    csms = await startCsms({ port });
    await waitFor(() => rt.link === 'open' && (csms.station('CP-R')?.statuses.size ?? 0) === 2, 5000, 'reconnect');
    assert.equal(csms.station('CP-R')?.bootCount, 0, 'a reconnect without reboot does not register again (OCPP 1.6 §4.2)');
    const sent = csms.frames.filter((f) => f.direction === 'in').map((f) => JSON.parse(f.text)[2]);
    assert.deepEqual(sent, ['StatusNotification', 'StatusNotification'], 'statuses are reported again after reconnect');
  } finally {
    await rt.stop();
    await csms.close();
    clock.dispose();
  }
});

test('a network cut stops the link until restored', async () => {
  const csms = await startCsms();
  const clock = new ScaledClock();
  const rt = createStationRuntime({ csmsUrl: csms.url, createStation: (lifecycle) => createStation({ identity: { ...identity, chargePointId: 'CP-N' }, connectorCount: 1, config: new MapConfig(baseTestConfig), clock , lifecycle }), clock, backoff: { initialMs: 20, maxMs: 50 } });
  try {
    rt.start();
    await waitFor(() => rt.station.registration === 'Accepted');
    rt.cutNetwork();
    await waitFor(() => csms.station('CP-N')?.connected === false);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(csms.station('CP-N')?.connected, false, 'no reconnect while the network is cut');
    rt.restoreNetwork();
    await waitFor(() => csms.station('CP-N')?.connected === true);
  } finally {
    await rt.stop();
    await csms.close();
    clock.dispose();
  }
});

test('network and power are independent switches: a network cut during a power cut keeps the power off; power back behind a cut network stays off the link until the network returns', async () => {
  const csms = await startCsms();
  const clock = new ScaledClock();
  const rt = createStationRuntime({ csmsUrl: csms.url, createStation: (lifecycle) => createStation({ identity: { ...identity, chargePointId: 'CP-NP' }, connectorCount: 1, config: new MapConfig(baseTestConfig), clock, lifecycle }), clock, rebootDelayMs: 20, backoff: { initialMs: 20, maxMs: 50 } });
  try {
    rt.start();
    await waitFor(() => rt.station.registration === 'Accepted');
    rt.powerOff();
    rt.cutNetwork();
    assert.equal(rt.link, 'powered-off', 'a network cut does not switch a powered-off station on');
    rt.powerOn();
    assert.equal(rt.link, 'network-down', 'powered on behind a cut network');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(csms.station('CP-NP')?.bootCount, 1, 'no boot reaches the CSMS while the network is cut');
    rt.restoreNetwork();
    await waitFor(() => csms.station('CP-NP')?.bootCount === 2, 5000, 'boot after the network returns');
    rt.cutNetwork();
    rt.powerOff();
    rt.restoreNetwork();
    assert.equal(rt.link, 'powered-off', 'the network back does not power the station');
    rt.powerOn();
    await waitFor(() => csms.station('CP-NP')?.bootCount === 3, 5000, 'boot after power returns');
  } finally {
    await rt.stop();
    await csms.close();
    clock.dispose();
  }
});
