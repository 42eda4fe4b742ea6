/**
 * The embedded central system as a benchmark peer that counts what it receives: CALLs in by action and
 * CALLERRORs it answered. Prints `{ url }` first; then answers each line on stdin with the counts so far.
 *   `[heartbeatSeconds]`
 */
import { createInterface } from 'node:readline';
import { startCsms } from '../../src/csms/index.ts';

const heartbeat = Number(process.argv[2] ?? 60);
const csms = await startCsms({ recordFrames: false, heartbeatInterval: heartbeat, tags: { EVLINK: 'Accepted', 'TAG-0001': 'Accepted', 'TAG-0002': 'Accepted' } });
let calls = 0, errorsOut = 0;
const byAction: Record<string, number> = {};
csms.on((e) => {
  if (e.type !== 'frame') return;
  if (e.direction === 'in' && e.text.startsWith('[2,')) {
    calls++;
    const action = /^\[2,\s*"[^"]*",\s*"([A-Za-z]+)"/.exec(e.text)?.[1] ?? '?';
    byAction[action] = (byAction[action] ?? 0) + 1;
  } else if (e.direction === 'out' && e.text.startsWith('[4,')) errorsOut++;
});
process.stdout.write(`${JSON.stringify({ port: csms.port, url: csms.url })}\n`);
createInterface({ input: process.stdin }).on('line', () => {
  process.stdout.write(`${JSON.stringify({ at: performance.now(), calls, errorsOut, byAction })}\n`);
});
process.on('SIGINT', () => process.exit(0));
