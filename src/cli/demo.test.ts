import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

test('a demo whose start fails after opening things (API port taken) closes them and exits 1 instead of hanging', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await new Promise<{ code: number | null; err: string; killed: boolean }>((resolve) => {
      const p = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', String(port)], { cwd: root });
      let err = '';
      p.stderr.on('data', (d) => { err += String(d); });
      const timer = setTimeout(() => p.kill('SIGKILL'), 8000);
      p.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, err, killed: signal === 'SIGKILL' }); });
    });
    assert.deepEqual([r.killed, r.code], [false, 1], r.err);
    assert.match(r.err, /EADDRINUSE/);
  } finally { blocker.close(); }
});
