/** The embedded central system as a benchmark peer in its own process. */
import { startCsms } from '../../src/csms/index.ts';

const heartbeat = Number(process.argv[2] ?? 60);
const csms = await startCsms({ recordFrames: false, heartbeatInterval: heartbeat, tags: { EVLINK: 'Accepted' } });
process.stdout.write(`${JSON.stringify({ port: csms.port, url: csms.url })}\n`);
process.on('SIGINT', () => process.exit(0));
setInterval(() => {
  const u = process.cpuUsage();
  process.stderr.write(`${JSON.stringify({ cpu: u.user + u.system, rss: process.memoryUsage().rss })}\n`);
}, 1000).unref();
