/**
 * The floor of a boot wave (decision D28): what bare ws processes pay for the frames a twin's boot
 * exchanges, with no OCPP library, no validation, no state and no frame log.
 * - `server`: a bare ws server (listen backlog 8,192, as the product's) that answers each CALL with a
 *   fixed CALLRESULT, `"status":"Accepted"` for a BootNotification. Prints `{ port }`, then answers each
 *   line on stdin with `{ accepted, firstConnectAt, lastAcceptedAt }` (wall clock, ms); `reset` starts
 *   the counts afresh, as bench/peers/csms-boot-server.ts does.
 * - `client <count> <url>…`: `count` sockets spread over the URLs by index, 256 handshakes in flight (the
 *   product's handshake gate); each sends BootNotification, then StatusNotification for connector 0 and
 *   connector 1, one CALL in flight, and stays open. Prints `{ booted }` when all are answered.
 */
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

const [mode, countArg, ...urls] = process.argv.slice(2);
const now = (): string => new Date().toISOString();

if (mode === 'server') {
  let accepted = 0;
  let firstConnectAt: number | undefined, lastAcceptedAt: number | undefined;
  // `server [listeners]`: that many listening ports (default 1), counted together.
  const servers = Array.from({ length: Number(countArg ?? 1) }, () => new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 8192, perMessageDeflate: false, handleProtocols: () => 'ocpp1.6' }));
  for (const wss of servers) wss.on('connection', (ws) => {
    firstConnectAt ??= Date.now();
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as unknown[];
      if (f[2] === 'BootNotification') {
        ws.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: now(), interval: 60 }]));
        accepted++; lastAcceptedAt = Date.now();
      } else ws.send(JSON.stringify([3, f[1], {}]));
    });
  });
  await Promise.all(servers.map((wss) => new Promise((r) => wss.once('listening', r))));
  const urls = servers.map((wss) => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`);
  process.stdout.write(`${JSON.stringify({ port: (servers[0]!.address() as AddressInfo).port, url: urls[0], urls })}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'reset') { accepted = 0; firstConnectAt = undefined; lastAcceptedAt = undefined; }
    process.stdout.write(`${JSON.stringify({ accepted, errorsOut: 0, firstConnectAt, lastAcceptedAt, rss: process.memoryUsage().rss })}\n`);
  });
} else {
  const n = Number(countArg);
  const open: WebSocket[] = [];
  let next = 0, booted = 0;
  const calls = (id: string): string[] => [
    JSON.stringify([2, `${id}-b`, 'BootNotification', { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVlink Pro AC' }]),
    JSON.stringify([2, `${id}-s0`, 'StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: now() }]),
    JSON.stringify([2, `${id}-s1`, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: now() }]),
  ];
  const one = (i: number): Promise<void> => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${urls[i % urls.length]}/RAW-${i}`, ['ocpp1.6'], { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => {
      resolve(); // the handshake's slot is free; the exchange goes on
      open.push(ws);
      const frames = calls(`RAW-${i}`);
      let k = 0;
      ws.on('message', () => { if (++k < frames.length) ws.send(frames[k]!); else booted++; });
      ws.send(frames[0]!);
    });
  });
  await Promise.all(Array.from({ length: 256 }, async () => { while (next < n) await one(next++); }));
  while (booted < n) await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(`${JSON.stringify({ booted })}\n`);
  await new Promise((r) => setTimeout(r, 600_000));
}
