/** The embedded central system as a benchmark peer in its own process: `[heartbeatS] [answerDelayMs]`. */
import { startCsms } from '../../src/csms/index.ts';

const heartbeat = Number(process.argv[2] ?? 60);
const answerDelayMs = Number(process.argv[3] ?? 0);
const csms = await startCsms({ recordFrames: false, heartbeatInterval: heartbeat, answerDelayMs, tags: { EVLINK: 'Accepted' } });
process.stdout.write(`${JSON.stringify({ port: csms.port, url: csms.url })}\n`);
process.on('SIGINT', () => process.exit(0));
setInterval(() => {
  const u = process.cpuUsage();
  process.stderr.write(`${JSON.stringify({ cpu: u.user + u.system, rss: process.memoryUsage().rss })}\n`);
}, 1000).unref();
