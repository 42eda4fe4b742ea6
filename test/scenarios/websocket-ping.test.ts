import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { createStationRuntime } from '../../src/runtime/station-runtime.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startPingServer } from '../support/ping-server.ts';
import { waitFor } from '../support/wait-for.ts';

/** A minimal central system on the ping server: answers the station's CALLs, records answers to its own. */
function centralSystem(clock: SimulatedClock) {
  const answers = new Map<string, unknown>();
  const onText = (ws: WebSocket, text: string): void => {
    const f = JSON.parse(text) as unknown[];
    if (f[0] !== 2) { answers.set(String(f[1]), f[2]); return; }
    const now = new Date(clock.now()).toISOString();
    const conf = f[2] === 'BootNotification' ? { status: 'Accepted', currentTime: now, interval: 3600 } : f[2] === 'Heartbeat' ? { currentTime: now } : {};
    ws.send(JSON.stringify([3, f[1], conf]));
  };
  return { answers, onText };
}

test('guide WebSocketPingInterval (10..60 s): ChangeConfiguration takes effect at once on the open socket; a missing pong drops the link and the station reconnects; 0 is outside the guide range and Rejected', async () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const cs = centralSystem(clock);
  const server = await startPingServer(cs.onText);
  const build = buildEvlinkStation();
  const rt = createStationRuntime({
    csmsUrl: server.url, clock, backoff: { initialMs: 1000, maxMs: 2000, jitter: 0 },
    createStation: (lifecycle) => build({ id: 'EVB-PING' }, lifecycle, clock),
  });
  const change = async (id: string, value: string): Promise<unknown> => {
    server.socket!.send(JSON.stringify([2, id, 'ChangeConfiguration', { key: 'WebSocketPingInterval', value }]));
    await waitFor(() => cs.answers.has(id), 3000, `answer to ${id}`);
    return cs.answers.get(id);
  };
  try {
    rt.start();
    await waitFor(() => rt.link === 'open' && rt.station.registration === 'Accepted', 5000, 'boot');
    assert.equal(rt.station.context.config.int('WebSocketPingInterval'), 30, 'guide default');
    assert.deepEqual(await change('c1', '10'), { status: 'Accepted' });
    await clock.advance(10_000);
    await waitFor(() => server.pings === 1, 3000, 'a ping 10 s after the change (the old interval was 30 s)');
    assert.deepEqual(await change('c2', '0'), { status: 'Rejected' }, 'the guide range is 10..60 s');
    assert.deepEqual(await change('c3', '61'), { status: 'Rejected' });
    server.answerPings = false;
    await clock.advance(10_000);
    await waitFor(() => server.pings === 2, 3000, 'unanswered ping');
    await clock.advance(10_000);
    await waitFor(() => rt.link === 'waiting', 3000, 'link dropped after the missing pong');
    await clock.advance(1000);
    await waitFor(() => rt.link === 'open' && server.connections === 2, 3000, 'reconnected after the backoff');
    assert.equal(rt.reboots, 0, 'a reconnect, not a reboot');
  } finally { await rt.stop(); await server.close(); }
});
