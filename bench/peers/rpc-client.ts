/**
 * The same 100-connection, one-in-flight shape through our RPC layer (validation on at both ends):
 * `<csmsUrl> <conns> <seconds> <Heartbeat|StatusNotification>`.
 */
import { connectWs, createRpcConnection } from '../../src/rpc/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';

const [url, nArg, secondsArg, action] = process.argv.slice(2) as [string, string, string, string];
const clock = new ScaledClock();
const conns = [];
for (let i = 0; i < Number(nArg); i++) {
  const t = await connectWs({ csmsUrl: url, chargePointId: `RPC-${i}`, clock });
  conns.push(createRpcConnection<'ChargePoint'>({ transport: t, role: 'ChargePoint', clock }));
}
let count = 0;
let counting = false;
let running = true;
const status = { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() } as const;
const loops = conns.map(async (c) => {
  while (running) {
    if (action === 'StatusNotification') await c.call('StatusNotification', status);
    else await c.call('Heartbeat', {});
    if (counting) count++;
  }
});
await new Promise((r) => setTimeout(r, 1000));
counting = true;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(secondsArg) * 1000));
const rate = count / ((performance.now() - t0) / 1000);
running = false;
process.stdout.write(`${JSON.stringify({ callsPerSecond: rate })}\n`);
void loops;
process.exit(0);
