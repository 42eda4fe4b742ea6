import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the real command; kills it after 30 s of real time (a hang is a failure, not a wait). A usage error
 * ends in well under a second on an idle machine; the margin is for loading the sources on a busy one.
 */
const spawnCli = (args: string[]) => new Promise<{ code: number | null; err: string; killed: boolean }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', ...args], { cwd: root });
  let err = '';
  p.stderr.on('data', (d) => { err += String(d); });
  const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
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

test('demo --config/--connectors: every bad value is one line on stderr and exit 2, before anything starts (the same checks as station)', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--config', 'HeartbeatIntervall=60'], /^chargetwin: --config: unknown configuration key "HeartbeatIntervall" \(did you mean HeartbeatInterval\?\)$/],
    [['--config', 'MinimumStatusDuration=500'], /^chargetwin: --config: configuration key MinimumStatusDuration must be an integer 0 … 120, got "500"$/],
    [['--config', 'HeartbeatInterval'], /^chargetwin: --config takes key=value, got "HeartbeatInterval"$/],
    [['--config', 'LedIntensity=1', '--config', 'LedIntensity=2'], /^chargetwin: --config LedIntensity is given twice$/],
    [['--config', 'NumberOfConnectors=2'], /NumberOfConnectors is not a preset: set it with the connector count \(--connectors/],
    [['--connectors', '3'], /^chargetwin: --connectors: the number of connectors must be an integer 1 … 2, got 3$/],
    [['--connectors', 'two'], /^chargetwin: --connectors must be an integer/],
  ];
  // Three processes at a time: a dozen starting at once on a 2-core machine only measure its load.
  const runs: Array<Awaited<ReturnType<typeof spawnCli>>> = [];
  for (let i = 0; i < cases.length; i += 3) runs.push(...await Promise.all(cases.slice(i, i + 3).map(([argv]) => spawnCli(['demo', '--port', '0', '--api-port', '0', ...argv]))));
  for (const [i, [argv, message]] of cases.entries()) {
    const r = runs[i]!;
    assert.deepEqual([r.killed, r.code], [false, 2], `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err.trim(), message, argv.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, `${argv.join(' ')}: one line`);
  }
});

test('demo --connectors 2 --config LedIntensity=40 --config MinimumStatusDuration=30: a one-socket model\'s twin boots with two connectors and those presets', async () => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0', '--no-color', '--model', 'EVB3S22N4', '--connectors', '2', '--config', 'LedIntensity=40', '--config', 'MinimumStatusDuration=30'], { cwd: root });
  let err = '';
  p.stdout.resume();
  p.stderr.on('data', (d) => { err += String(d); });
  try {
    const deadline = Date.now() + 20_000;
    while (!/dashboard and control API on (\S+)\//.test(err) || !/BootNotification Accepted/.test(err)) {
      assert.ok(Date.now() < deadline && p.exitCode === null, `the demo did not start:\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /dashboard and control API on (\S+)\//.exec(err)![1]!;
    const station = await (await fetch(`${url}/api/stations/EVB-0001`)).json() as { connectors: Array<{ id: number }> };
    assert.deepEqual(station.connectors.map((c) => c.id), [0, 1, 2], 'connector 0 (the station) and two connectors (the model has one)');
    const config = await (await fetch(`${url}/api/stations/EVB-0001/configuration`)).json() as Array<{ key: string; value?: string }>;
    const value = (key: string): string | undefined => config.find((k) => k.key === key)?.value;
    assert.deepEqual([value('LedIntensity'), value('MinimumStatusDuration'), value('NumberOfConnectors')], ['40', '30', '2']);
  } finally {
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), 5000).unref();
  }
});
