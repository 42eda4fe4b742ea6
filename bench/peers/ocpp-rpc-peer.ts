/**
 * ocpp-rpc (the alternative we weighed for the RPC layer) in the same shape: `server` prints its port;
 * `client <port> <conns> <seconds>` counts Heartbeat round trips, strict mode on both ends.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { RPCServer, RPCClient } = require('ocpp-rpc') as {
  RPCServer: new (o: object) => { on(e: string, fn: (c: { handle(a: string, fn: () => object): void }) => void): void; listen(p: number, h: string): Promise<{ address(): { port: number } }> };
  RPCClient: new (o: object) => { connect(): Promise<void>; call(a: string, p: object): Promise<unknown> };
};

const [mode, portArg, nArg, secondsArg] = process.argv.slice(2);
if (mode === 'server') {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  server.on('client', (client) => {
    client.handle('Heartbeat', () => ({ currentTime: new Date().toISOString() }));
  });
  const http = await server.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ port: http.address().port })}\n`);
} else {
  const clients = [];
  for (let i = 0; i < Number(nArg); i++) {
    const c = new RPCClient({ endpoint: `ws://127.0.0.1:${portArg}`, identity: `C${i}`, protocols: ['ocpp1.6'], strictMode: true });
    await c.connect();
    clients.push(c);
  }
  let count = 0;
  let counting = false;
  let running = true;
  for (const c of clients) void (async () => { while (running) { await c.call('Heartbeat', {}); if (counting) count++; } })();
  await new Promise((r) => setTimeout(r, 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, Number(secondsArg) * 1000));
  running = false;
  process.stdout.write(`${JSON.stringify({ callsPerSecond: count / ((performance.now() - t0) / 1000) })}\n`);
  process.exit(0);
}
