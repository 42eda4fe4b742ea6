/**
 * A lightweight raw client that loads a central system: `<wsBaseUrl> <conns> <window> <seconds> <idPrefix> <Heartbeat|StatusNotification>`.
 * Opens `conns` bare ws connections (64 handshakes at a time) to `<wsBaseUrl>/<idPrefix><i>`, prints
 * `{ ready }`, and waits for a line on stdin; then keeps `window` CALLs in flight on each connection
 * (each answer sends the next), lets 1 s pass, counts answers for `seconds` and prints
 * `{ callsPerSecond, errorsPerSecond }`. It parses no answer (a CALLERROR is told apart by its first
 * bytes) and sends prebuilt text, so that the central system, not this client, is what is measured.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const [base, connsArg, windowArg, secondsArg, prefix, action] = process.argv.slice(2) as [string, string, string, string, string, string];
const conns = Number(connsArg);
const window = Number(windowArg);
const payload = action === 'StatusNotification' ? '{"connectorId":1,"errorCode":"NoError","status":"Available"}' : '{}';
const frame = (id: number): string => `[2,"${id.toString(36)}","${action}",${payload}]`;

function open(i: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/${prefix}${i}`, ['ocpp1.6'], { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const socks: WebSocket[] = [];
let next = 0;
await Promise.all(Array.from({ length: 64 }, async () => { while (next < conns) socks.push(await open(next++)); }));
process.stdout.write(`${JSON.stringify({ ready: socks.length })}\n`);
await new Promise<void>((resolve) => { createInterface({ input: process.stdin }).once('line', () => resolve()); });

let answers = 0, errors = 0, counting = false, seq = 0;
for (const ws of socks) {
  ws.on('message', (data: Buffer) => {
    if (counting) { if (data[1] === 0x34) errors++; else answers++; } // `[4,…` is a CALLERROR
    ws.send(frame(seq++));
  });
  for (let k = 0; k < window; k++) ws.send(frame(seq++));
}
await new Promise((r) => setTimeout(r, 1000));
counting = true;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(secondsArg) * 1000));
const s = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ callsPerSecond: answers / s, errorsPerSecond: errors / s })}\n`);
process.exit(0);
