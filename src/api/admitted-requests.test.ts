/**
 * The request wrapper both HTTP fronts share (admitted-requests.ts): the control API of one process
 * (server.ts) and the multi-process front (fan-out.ts). Every request is admitted (request-admission.ts)
 * and every failure, including a request target that is no URL at all, is answered as a JSON error; the
 * process never crashes on a request line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createFleet } from '../fleet/index.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { startControlApi } from './server.ts';
import { startFanOutApi } from './fan-out.ts';

/** Sends one raw HTTP/1.1 request and resolves with the whole answer (the connection is closed by us after 2 s at most). */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => { socket.destroy(); resolve(text); }, 2000);
    socket.on('data', (d) => { text += String(d); if (/\r\n\r\n[\s\S]*\}$/.test(text)) { clearTimeout(timer); socket.destroy(); resolve(text); } });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(text); });
    socket.write(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

/** The unhandled rejections seen while `run` runs (each one would end a real process). */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (e: unknown): void => { seen.push(e); };
  process.on('unhandledRejection', listener);
  try { await run(); await new Promise((r) => setTimeout(r, 50)); } finally { process.off('unhandledRejection', listener); }
  return seen;
}

type Start = (token?: string, publicMetrics?: boolean) => Promise<{ port: number; close(): Promise<void> }>;
const fronts: Array<[string, Start, string]> = [
  ['the control API (server.ts)', async (token, publicMetrics) => {
    const clock = new ScaledClock();
    const fleet = createFleet({ csmsUrl: 'ws://127.0.0.1:1/ocpp', clock, build: buildEvlinkStation() });
    const api = await startControlApi({ fleet, clock, port: 0, ...(token !== undefined ? { token } : {}), ...(publicMetrics ? { publicMetrics } : {}) });
    return { port: api.port, close: async () => { await api.close(); await fleet.stop(); clock.dispose(); } };
  }, 'GET /api/fleet HTTP/1.1'],
  ['the multi-process front (fan-out.ts)', async (token, publicMetrics) => startFanOutApi({ shards: () => [], shardToken: 't', plannedShardOf: () => undefined, port: 0, ...(token !== undefined ? { token } : {}), ...(publicMetrics ? { publicMetrics } : {}) }), 'GET /api/shards HTTP/1.1'],
];

for (const [name, start, healthy] of fronts) {
  test(`${name}: a request target that is no URL (GET http://[) is answered 400 TWIN_ERR_API_BAD_REQUEST, nothing is left unhandled, and the API answers on`, async () => {
    const api = await start();
    try {
      let answer = '';
      const unhandled = await unhandledDuring(async () => { answer = await rawRequest(api.port, 'GET http://[ HTTP/1.1'); });
      assert.deepEqual(unhandled.map(String), []);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.match(answer, /"code":"TWIN_ERR_API_BAD_REQUEST"/);
      assert.match(await rawRequest(api.port, healthy), /^HTTP\/1\.1 200 /);
    } finally { await api.close(); }
  });

  test(`${name}: admission runs before any route (a foreign Origin is refused 403) and a missing token is refused 401 with WWW-Authenticate: Bearer`, async () => {
    const api = await start('s3cret');
    try {
      const foreign = await rawRequest(api.port, `${healthy.replace(' HTTP/1.1', ' HTTP/1.1\r\nOrigin: http://evil.example')}`);
      assert.match(foreign, /^HTTP\/1\.1 403 /);
      assert.match(foreign, /TWIN_ERR_API_FOREIGN_ORIGIN/);
      const tokenless = await rawRequest(api.port, healthy);
      assert.match(tokenless, /^HTTP\/1\.1 401 /);
      assert.match(tokenless, /\r\nwww-authenticate: Bearer\r\n/i);
      assert.match(await rawRequest(api.port, `${healthy}\r\nAuthorization: Bearer s3cret`), /^HTTP\/1\.1 200 /);
    } finally { await api.close(); }
  });

  test(`${name}: with publicMetrics (D36) /metrics answers 200 without the token; the API still refuses 401 without it`, async () => {
    const api = await start('s3cret', true);
    try {
      assert.match(await rawRequest(api.port, 'GET /metrics HTTP/1.1'), /^HTTP\/1\.1 200 /);
      assert.match(await rawRequest(api.port, healthy), /^HTTP\/1\.1 401 /);
    } finally { await api.close(); }
  });
}
