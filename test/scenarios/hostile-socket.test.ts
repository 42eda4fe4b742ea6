import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { ScaledClock } from '../../src/platform/index.ts';
import { createStation } from '../../src/station/station.ts';
import { createStationRuntime } from '../../src/runtime/station-runtime.ts';
import { MapConfig, baseTestConfig } from '../support/map-config.ts';
import { waitFor } from '../support/wait-for.ts';

test('OCPP-J 1.6 hostile socket: binary frames are ignored, an oversized frame drops the socket, and the station reconnects', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  let connections = 0;
  const answers: unknown[][] = [];
  wss.on('connection', (ws) => {
    connections++;
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as unknown[];
      if (f[0] === 2 && f[2] === 'BootNotification') ws.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 600 }]));
      else if (f[0] === 2) ws.send(JSON.stringify([3, f[1], {}]));
      else answers.push(f);
    });
  });
  const clock = new ScaledClock();
  const rt = createStationRuntime({ csmsUrl: `ws://127.0.0.1:${port}/ocpp`, createStation: (lifecycle) => createStation({ identity: { chargePointId: 'CP-H', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'S', firmwareVersion: '1' }, connectorCount: 1, config: new MapConfig(baseTestConfig), clock , lifecycle }), clock, backoff: { initialMs: 20, maxMs: 40 } });
  try {
    rt.start();
    await waitFor(() => rt.station.registration === 'Accepted');
    const [sock] = [...wss.clients];
    sock!.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    sock!.send(JSON.stringify([2, 'after-binary', 'ClearCache', {}]));
    await waitFor(() => answers.some((a) => a[1] === 'after-binary'));
    sock!.send('x'.repeat(5 * 1024 * 1024));
    await waitFor(() => connections === 2 && rt.link === 'open', 5000, 'reconnect after oversized frame');
    assert.equal(connections, 2);
  } finally {
    await rt.stop();
    clock.dispose();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  }
});
