/**
 * The floor's clients. `rtt <port> <conns> <seconds>`: each connection keeps one CALL in flight (the shape
 * OCPP-J allows) and the round trips are counted. `idle <port> <n>`: opens n connections, 64 handshakes at
 * a time, and reports connections/s and RSS per connection over the baseline after gc.
 */
import WebSocket from 'ws';

const [mode, portArg, nArg, secondsArg] = process.argv.slice(2);
const url = `ws://127.0.0.1:${portArg}/ocpp/x`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const frame = (id: number) => JSON.stringify([2, String(id), 'Heartbeat', {}]);

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function openMany(n: number, concurrency = 64): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) { next++; out.push(await open()); }
  }));
  return out;
}

if (mode === 'rtt') {
  const socks = await openMany(Number(nArg));
  let count = 0;
  let counting = false;
  let id = 0;
  for (const ws of socks) {
    ws.on('message', () => { if (counting) count++; ws.send(frame(id++)); });
    ws.send(frame(id++));
  }
  await new Promise((r) => setTimeout(r, 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, Number(secondsArg) * 1000));
  const rate = count / ((performance.now() - t0) / 1000);
  process.stdout.write(`${JSON.stringify({ callsPerSecond: rate })}\n`);
  process.exit(0);
} else {
  gc(); gc();
  const base = process.memoryUsage().rss;
  const n = Number(nArg);
  const t0 = performance.now();
  const socks = await openMany(n);
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 3000));
  gc(); gc();
  const rss = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ connectionsPerSecond: n / seconds, rssPerConnectionKiB: (rss - base) / n / 1024, count: socks.length })}\n`);
  process.exit(0);
}
