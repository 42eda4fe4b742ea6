import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real command; kills it after 8 s of real time (a hang is a failure, not a wait). */
const spawnCli = (args: string[]) => new Promise<{ code: number | null; err: string; killed: boolean }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', ...args], { cwd: root });
  let err = '';
  p.stderr.on('data', (d) => { err += String(d); });
  const timer = setTimeout(() => p.kill('SIGKILL'), 8000);
  p.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, err, killed: signal === 'SIGKILL' }); });
});

test('a demo whose port is taken exits 1 instead of hanging, with one line that names the flag to change (--api-port, --port)', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const [api, csms] = await Promise.all([
      spawnCli(['demo', '--port', '0', '--api-port', String(port)]),
      spawnCli(['demo', '--port', String(port), '--api-port', '0']),
    ]);
    assert.deepEqual([api.killed, api.code], [false, 1], api.err);
    const apiLast = api.err.trim().split('\n').pop();
    assert.equal(apiLast, `chargetwin: control API port ${port} is already in use (EADDRINUSE): choose another with --api-port <n> (0 picks a free one)`);
    assert.deepEqual([csms.killed, csms.code], [false, 1], csms.err);
    assert.equal(csms.err.trim(), `chargetwin: central system port ${port} is already in use (EADDRINUSE): choose another with --port <n> (0 picks a free one)`);
  } finally { blocker.close(); }
});

test('the demo FTP server credentials are generated per run and printed (no fixed password)', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = () => new Promise<{ user: string; password: string; line: string }>((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0', '--no-color'], { cwd: root });
    let err = '';
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`no FTP line: ${err}`)); }, 20_000);
    p.stdout.resume();
    p.stderr.on('data', (d) => {
      err += String(d);
      const m = /file server \(FTP\):\s+user (\S+), password (\S+) \(new on every run\)/.exec(err);
      if (!m) return;
      clearTimeout(timer);
      p.kill('SIGTERM');
      setTimeout(() => p.kill('SIGKILL'), 5000).unref();
      resolve({ user: m[1]!, password: m[2]!.replace(/,$/, ''), line: err });
    });
  });
  const [a, b] = await Promise.all([run(), run()]);
  assert.notEqual(a.password, b.password);
  assert.notEqual(a.password, 'twin-password');
  assert.ok(a.line.includes(`ftp://${encodeURIComponent(a.user)}:${encodeURIComponent(a.password)}@127.0.0.1:`), 'the printed upload URL carries them');
});
