import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { createLoopbackPair, createRpcConnection } from '../../src/rpc/index.ts';
import { RPC_ERROR_CODES } from '../../src/ocpp/index.ts';
import { createStation } from '../../src/station/station.ts';
import { seededRandom } from '../../src/runtime/reconnect-backoff.ts';
import { MapConfig, baseTestConfig } from '../support/map-config.ts';

const ACTIONS = ['Heartbeat', 'Reset', 'TriggerMessage', 'GetConfiguration', 'ChangeAvailability', 'RemoteStartTransaction', 'FlyMeToTheMoon', 'BootNotification', '', 'heartbeat'];
const VALUES: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'x'.repeat(600), [], {}, [1, 2], { a: 1 }, '2026-01-01T00:00:00Z', 'Hard', 'Soft', 'Heartbeat', 'StatusNotification'];

/** Generates a hostile frame from the seeded random source. */
function hostileFrame(rnd: () => number, n: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const payload = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    const keys = ['type', 'requestedMessage', 'connectorId', 'idTag', 'key', 'extra', 'status'];
    for (let i = Math.floor(rnd() * 4); i > 0; i--) o[pick(keys)] = pick(VALUES);
    return o;
  };
  switch (Math.floor(rnd() * 12)) {
    case 0: return '{"not": "an array"}';
    case 1: return `[2,"${n}","Heartbeat"`; // truncated JSON
    case 2: return JSON.stringify([pick([0, 1, 5, 99, '2', null]), `${n}`, pick(ACTIONS), payload()]);
    case 3: return JSON.stringify([2, pick([n, null, '', 'x'.repeat(40)]), pick(ACTIONS), payload()]);
    case 4: return JSON.stringify([3, `unknown-${n}`, payload()]);
    case 5: return JSON.stringify([4, `unknown-${n}`, pick(['GenericError', 'Nonsense', 5]), pick(VALUES), pick(VALUES)]);
    case 6: return JSON.stringify([2, `${n}`, pick(ACTIONS), pick(VALUES)]);
    case 7: return 'x'.repeat(Math.floor(rnd() * 3000));
    case 8: return JSON.stringify([2, 'dup', 'Heartbeat', {}]);
    case 9: return String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(rnd() * 65535)));
    default: return JSON.stringify([2, `${n}`, pick(ACTIONS), payload()]);
  }
}

test('OCPP-J 1.6 §4.2.3 hostile input: 100,000 seeded frames never crash the station, every readable CALL is answered, and it still works afterwards', async () => {
  const clock = new SimulatedClock();
  const pair = createLoopbackPair();
  const station = createStation({
    identity: { chargePointId: 'CP-FUZZ', vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'S', firmwareVersion: '1' },
    connectorCount: 1, config: new MapConfig(baseTestConfig), clock,
  });
  station.context.handle('Reset', (req) => ({ status: req.type === 'Hard' || req.type === 'Soft' ? 'Accepted' : 'Rejected' }));
  station.attach(createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock }));
  const replies: unknown[][] = [];
  pair.b.attach({ message: (t) => {
    const f = JSON.parse(t) as unknown[];
    if (f[0] === 2 && f[2] === 'BootNotification') pair.b.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: '2026-01-01T00:00:00Z', interval: 60 }]));
    else if (f[0] === 2) pair.b.send(JSON.stringify([3, f[1], {}]));
    else replies.push(f);
  }, close() {} });
  await clock.advance(0);
  const rnd = seededRandom(20261125);
  const deadline = Date.now() + 60_000;
  const total = 100_000;
  let sent = 0;
  for (; sent < total && Date.now() < deadline; sent++) {
    pair.b.send(hostileFrame(rnd, sent));
    if (sent % 500 === 0) await clock.advance(0);
  }
  await clock.advance(1000);
  assert.equal(sent, total, 'all frames were sent within the time bound');
  assert.ok(replies.length > total / 3, `replies: ${replies.length}`);
  for (const r of replies) {
    assert.ok(r[0] === 3 || r[0] === 4, 'only CALLRESULT or CALLERROR frames are sent in answer');
    if (r[0] === 4) assert.ok((RPC_ERROR_CODES as readonly unknown[]).includes(r[2]), `error code ${String(r[2])} is an OCPP-J 1.6 code`);
  }
  replies.length = 0;
  pair.b.send(JSON.stringify([2, 'final-check', 'Reset', { type: 'Soft' }]));
  await clock.advance(0);
  assert.deepEqual(replies, [[3, 'final-check', { status: 'Accepted' }]]);
  assert.equal(station.registration, 'Accepted');
});
