import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the real command; kills it after `ms` of real time (a hang is a failure, not a wait). */
const spawnCli = (args: string[], ms = 30_000) => new Promise<{ code: number | null; err: string; killed: boolean }>((resolve) => {
  const p = spawn(process.execPath, ['bin/chargetwin.js', ...args], { cwd: root });
  let err = '';
  p.stderr.on('data', (d) => { err += String(d); });
  const timer = setTimeout(() => p.kill('SIGKILL'), ms);
  p.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, err, killed: signal === 'SIGKILL' }); });
});

test('chargetwin --help lists each command once; every subcommand has --help (exit 0, usage on stdout)', async () => {
  const top = await run('--help');
  assert.equal(top.code, 0);
  for (const cmd of ['demo', 'station', 'csms', 'ctl', 'run']) {
    assert.equal(top.out.split('\n').filter((l) => l.trimStart().startsWith(`${cmd} `)).length, 1, `${cmd} listed once`);
    for (const flag of ['--help', '-h']) {
      const r = await run(cmd, flag);
      assert.equal(r.code, 0, `${cmd} ${flag}`);
      assert.match(r.out, new RegExp(`^Usage: chargetwin ${cmd}`), `${cmd} ${flag}`);
      assert.equal(r.err, '');
    }
  }
  assert.match((await run('--version')).out, /^\d+\.\d+\.\d+/);
});

test('bad flags: one line on stderr, exit 2, nothing started (every case returns at once)', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--model', 'NOPE', '--api-port', '0'], /--model "NOPE" is not an EVlink Pro AC model; known: EVB3S22N4/],
    [['station', '--csms', 'http://127.0.0.1:1', '--id', 'X'], /--csms must be a ws:\/\/ or wss:\/\/ URL/],
    [['station', '--csms', 'ws://', '--id', 'X'], /--csms must be/],
    [['station', '--csms', 'ws://127.0.0.1:1'], /--id <id> is required/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'a/b'], /--id must be printable ASCII/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--count', 'abc'], /--count must be an integer between 1 and 19000/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--count', '1.5'], /--count must be an integer/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--api-port', '70000'], /--api-port must be an integer between 0 and 65535/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--auth-key', 'k'.repeat(41)], /--auth-key must be 1 to 40/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--ca', '/nonexistent/ca.pem'], /--ca: cannot read/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--data-dir', ''], /--data-dir must not be empty/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', 'extra'], /unexpected argument "extra"/],
    [['station', '--bogus'], /^chargetwin: unknown option --bogus \(see --help\)$/],
    [['station', '--cont', '2'], /^chargetwin: unknown option --cont \(did you mean --count\?\)$/],
    [['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--api-prot=0'], /unknown option --api-prot \(did you mean --api-port\?\)/],
    [['demo', '--json=yes'], /--json takes no value/],
    [['demo', '--port'], /--port needs a value/],
    [['demo', '--port', '-5'], /--port must be an integer between 0 and 65535, got "-5"/],
    [['stattion'], /unknown command "stattion" \(did you mean station\?/],
    [['demo', '--model', 'EVB9'], /--model "EVB9" is not an EVlink Pro AC model/],
    [['demo', '--port', 'abc'], /--port must be an integer/],
    [['demo', '--id', 'has space'], /--id must be printable ASCII/],
    [['csms', '--port', '99999'], /--port must be an integer between 0 and 65535/],
    [['csms', '--heartbeat', '90000'], /--heartbeat must be an integer between 0 and 86400/],
    [['csms', '--host', 'not a host'], /--host must be an IP address or localhost/],
    [['csms', '--tag', 'T'.repeat(21)], /--tag must be 1 to 20 characters/],
    [['fly'], /unknown command "fly"/],
    [['ctl'], /ctl: a command is required/],
    [['ctl', 'reboot', 'X', 'Warm'], /reboot: the kind is Soft or Hard, got "Warm"/],
    [['ctl', 'plug', 'X', 'one'], /connector must be a non-negative integer, got "one"/],
    [['ctl', 'state', 'X', 'Y'], /ctl state: unexpected argument "Y"/],
    [['ctl', 'state'], /ctl state: missing arguments/],
    [['ctl', 'ev', 'X', '1', 'maybe'], /expected on or off, got "maybe"/],
    [['ctl', 'set-ev', 'X', '1', 'speed=3'], /set-ev: expected key=value with key one of maxCurrentA/],
    [['ctl', 'set-ev', 'X', '1', 'socPercent=lots'], /socPercent must be a number/],
    [['ctl', 'availability', 'X', '1', 'maybe'], /expected operative or inoperative/],
    [['ctl', 'local-list', 'X', 'set', '{not json'], /the entries must be JSON/],
    [['ctl', 'local-list', 'X', 'set', '{"idTag":"A"}'], /the entries must be a JSON array/],
    [['ctl', 'call', 'X', 'Reset', 'Soft'], /the payload must be JSON/],
    [['ctl', 'clock', 'scale', 'fast'], /scale must be a number/],
    [['ctl', 'clock', 'warp'], /clock: pause \| resume/],
    [['ctl', '--api', 'ftp://x', 'list'], /--api must be a http:\/\/ or https:\/\/ URL/],
    [['ctl', 'teleport'], /unknown ctl command "teleport"/],
    [['ctl', 'lsit'], /unknown ctl command "lsit" \(did you mean list\?/],
    [['ctl', '--jsno', 'list'], /unknown option --jsno \(did you mean --json\?\)/],
    [['ctl', 'clock', 'ff', '-5'], /clock ff: the seconds must be positive/],
    [['ctl', 'clock', 'ff', '0'], /clock ff: the seconds must be positive/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.equal(r.out, '', argv.join(' '));
    assert.equal(r.err.split('\n').length, 1, `${argv.join(' ')}: one line, got ${r.err}`);
    assert.match(r.err, message, argv.join(' '));
    assert.match(r.err, /^chargetwin: /);
    for (const q of ['"', "'"]) assert.equal(r.err.split(q).length % 2, 1, `${argv.join(' ')}: balanced ${q} in ${r.err}`);
    assert.equal(r.err.split('(').length, r.err.split(')').length, `${argv.join(' ')}: balanced parentheses in ${r.err}`);
  }
});

test('the real command exits by itself with status 2 on a bad model (it used to print and hang)', async () => {
  const [model, url, typo] = await Promise.all([
    spawnCli(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'EVB-X', '--model', 'NOPE', '--api-port', '0']),
    spawnCli(['station', '--csms', 'nope', '--id', 'EVB-X']),
    spawnCli(['station', '--cont', '2']),
  ]);
  assert.deepEqual([typo.killed, typo.code, typo.err], [false, 2, 'chargetwin: unknown option --cont (did you mean --count?)\n'], 'one line, no stack trace');
  assert.deepEqual([model.killed, model.code], [false, 2], model.err);
  assert.equal(model.err.trim().split('\n').length, 1, model.err);
  assert.deepEqual([url.killed, url.code], [false, 2], url.err);
});

test('a station whose start fails after opening things (API port taken) exits 1 instead of hanging, naming --api-port; csms names --port', async () => {
  const { createServer } = await import('node:http');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  const dataDir = fileURLToPath(new URL(`../../test-results/cli-usage-${process.pid}/`, import.meta.url));
  try {
    const r = await spawnCli(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'EVB-X', '--api-port', String(port), '--data-dir', dataDir]);
    assert.deepEqual([r.killed, r.code], [false, 1], r.err);
    assert.match(r.err, new RegExp(`control API port ${port} is already in use \\(EADDRINUSE\\): choose another with --api-port <n>`));
    const csms = await spawnCli(['csms', '--port', String(port)]);
    assert.deepEqual([csms.killed, csms.code, csms.err.trim()], [false, 1, `chargetwin: central system port ${port} is already in use (EADDRINUSE): choose another with --port <n> (0 picks a free one)`]);
  } finally {
    blocker.close();
    const { rm } = await import('node:fs/promises');
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('with an API token, `station` says how to open the dashboard (/#token=<token>) without printing the token', { timeout: 30_000 }, async () => {
  const token = 'cli-hint-token-5e8d2c41';
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'chargetwin-tokenhint-'));
  try {
    const err = await new Promise<string>((resolve) => {
      const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'EVB-HINT', '--api-port', '0', '--data-dir', dir],
        { cwd: root, env: { ...process.env, CHARGETWIN_API_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
      p.stderr.on('data', (d) => { text += String(d); if (/control API on .*\n/.test(text)) p.kill('SIGTERM'); });
      p.on('exit', () => { clearTimeout(timer); resolve(text); });
    });
    assert.match(err, /dashboard and control API on http:\/\/127\.0\.0\.1:(\d+)\/ .*open http:\/\/127\.0\.0\.1:\1\/#token=<token>/);
    assert.ok(!err.includes(token), 'the token itself is not printed (logs keep stderr)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
