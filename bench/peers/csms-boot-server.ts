/**
 * The embedded central system (src/csms, validation on, frames not kept) as a benchmark peer that says
 * when boots arrived: prints `{ port, url }` first, then answers each line on stdin with the number of
 * BootNotification CALLs it answered Accepted, the CALLERRORs it sent, the wall-clock time (ms since the
 * epoch, comparable between processes on one host) of the first connection and of the last Accepted
 * boot, and its RSS. A line `reset` starts the counts and times afresh before answering. An argument
 * `listeners` runs that many central systems in the process, each on its own port (`urls`), counted as one.
 */
import { createInterface } from 'node:readline';
import { startCsms } from '../../src/csms/index.ts';

// `listeners` central systems in this process (argument, default 1), each on its own port, counted together.
const listeners = Number(process.argv[2] ?? 1);
const systems = await Promise.all(Array.from({ length: listeners }, () => startCsms({ recordFrames: false, heartbeatInterval: 60, tags: { EVLINK: 'Accepted' } })));
let accepted = 0, errorsOut = 0;
let firstConnectAt: number | undefined, lastAcceptedAt: number | undefined;
for (const csms of systems) csms.on((e) => {
  if (e.type === 'connected') { firstConnectAt ??= Date.now(); return; }
  if (e.type !== 'frame' || e.direction !== 'out') return;
  // Answers are `[3,"id",{…}]`; only a BootNotification.conf carries "status":"Accepted" among the calls an idle twin makes.
  if (e.text.startsWith('[3,') && e.text.includes('"status":"Accepted"')) { accepted++; lastAcceptedAt = Date.now(); } else if (e.text.startsWith('[4,')) errorsOut++;
});
process.stdout.write(`${JSON.stringify({ port: systems[0]!.port, url: systems[0]!.url, urls: systems.map((c) => c.url) })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'reset') { accepted = 0; errorsOut = 0; firstConnectAt = undefined; lastAcceptedAt = undefined; }
  process.stdout.write(`${JSON.stringify({ accepted, errorsOut, firstConnectAt, lastAcceptedAt, rss: process.memoryUsage().rss })}\n`);
});
process.on('SIGINT', () => process.exit(0));
