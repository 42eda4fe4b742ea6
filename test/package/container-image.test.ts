/**
 * The container image (issue 14 item 5, decision D14). No Docker engine runs here, so this checks what the
 * Dockerfile promises against the code it relies on; scripts/consumer-test.mjs runs the image's entry
 * command and HEALTHCHECK against a clean production install of the packed tarball.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../../src/persistence/data-dir.ts';
import { main } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const lines = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const stages = lines.reduce<string[][]>((acc, l) => { if (l.startsWith('FROM ')) acc.push([]); acc.at(-1)?.push(l); return acc; }, []);
const final = stages.at(-1)!;
const instruction = (name: string): string[] => final.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());
const envOf = (): Record<string, string> => Object.fromEntries(instruction('ENV').flatMap((e) => [...e.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));

test('Dockerfile: multi-stage on Node 20 slim; the final stage copies the built install and nothing else', () => {
  assert.ok(stages.length >= 2, 'at least a build stage and a runtime stage');
  for (const s of stages) assert.match(s[0]!, /^FROM node:20(\.\d+)*-[a-z]+-slim( AS \w+)?$/, s[0]);
  assert.match(stages[0]![0]!, / AS build$/);
  assert.deepEqual(instruction('COPY'), ['--from=build /opt/chargetwin /opt/chargetwin']);
  const pack = stages[0]!.findIndex((l) => /^RUN npm pack --pack-destination \/tmp$/.test(l));
  const install = stages[0]!.findIndex((l) => /^RUN .*npm install --omit=dev .*\/tmp\/chargetwin-\*\.tgz$/.test(l));
  assert.ok(pack > 0 && install > pack, 'the build stage packs the package, then installs that tarball with production dependencies only');
  assert.ok(stages[0]!.slice(pack, install).includes('WORKDIR /opt/chargetwin'), 'into the folder the final stage copies');
});

test('Dockerfile: non-root user, chargetwin as the entrypoint, the data folder as a volume', () => {
  assert.deepEqual(instruction('USER'), ['node']);
  assert.ok(final.findIndex((l) => l.startsWith('USER ')) < final.findIndex((l) => l.startsWith('ENTRYPOINT ')), 'USER before ENTRYPOINT');
  assert.deepEqual(JSON.parse(instruction('ENTRYPOINT')[0]!), ['chargetwin']);
  const env = envOf();
  assert.ok(env.PATH?.split(':').includes('/opt/chargetwin/node_modules/.bin'), 'chargetwin is on the PATH');
  assert.deepEqual(JSON.parse(instruction('VOLUME')[0]!), ['/data']);
  assert.equal(env.XDG_DATA_HOME, '/data');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: env.XDG_DATA_HOME }), '/data/chargetwin', 'the default --data-dir falls in the volume');
  assert.ok(final.some((l) => /^RUN .*chown .*node:node \/data/.test(l)), 'the volume is writable by the user');
  assert.equal(env.CHARGETWIN_API_HOST, '0.0.0.0', 'the control API is reachable through a published port');
});

test('Dockerfile: the HEALTHCHECK asks the control API\'s /healthz on its default port, with node alone', () => {
  const [hc] = instruction('HEALTHCHECK');
  assert.ok(hc);
  const cmd = JSON.parse(/CMD (\[.*\])$/.exec(hc)![1]!) as string[];
  assert.equal(cmd[0], 'node');
  assert.match(cmd.join(' '), /http:\/\/127\.0\.0\.1:9230\/healthz/);
  assert.match(readFileSync(join(root, 'src/cli/usage.ts'), 'utf8'), /--api-port <n> +control API port \(default 9230/);
});

test('.dockerignore keeps installs, builds, git and tests out of the build context', () => {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
  for (const p of ['node_modules', 'dist', 'web/dist', '.git', 'test', '*.db']) assert.ok(ignored.includes(p), p);
});

test('--api-host and $CHARGETWIN_API_HOST: a bad address, or one off loopback without a token, is a usage error (exit 2), from the option or the variable', async () => {
  const run = async (argv: string[]): Promise<{ code: number; err: string }> => {
    const err: string[] = [];
    const code = await main(argv, { out: () => undefined, err: (l) => err.push(l) });
    return { code, err: err.join('\n') };
  };
  const base = ['station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'X', '--api-port', '0'];
  assert.deepEqual(await run([...base, '--api-host', 'not a host']), { code: 2, err: 'chargetwin: --api-host must be an IP address or localhost, got "not a host"' });
  assert.deepEqual(await run(['demo', '--api-host', '::x']), { code: 2, err: 'chargetwin: --api-host must be an IP address or localhost, got "::x"' });
  const saved = process.env.CHARGETWIN_API_HOST;
  process.env.CHARGETWIN_API_HOST = 'nowhere';
  try {
    assert.deepEqual(await run(base), { code: 2, err: 'chargetwin: $CHARGETWIN_API_HOST must be an IP address or localhost, got "nowhere"' });
    // The image's 0.0.0.0 is off loopback: without a token the API would be open to the network.
    process.env.CHARGETWIN_API_HOST = '0.0.0.0';
    const savedToken = process.env.CHARGETWIN_API_TOKEN;
    delete process.env.CHARGETWIN_API_TOKEN;
    try {
      assert.deepEqual(await run(base), { code: 2, err: 'chargetwin: $CHARGETWIN_API_HOST 0.0.0.0 is not loopback: give a token with --api-token or CHARGETWIN_API_TOKEN' });
    } finally {
      if (savedToken !== undefined) process.env.CHARGETWIN_API_TOKEN = savedToken;
    }
  } finally {
    if (saved === undefined) delete process.env.CHARGETWIN_API_HOST; else process.env.CHARGETWIN_API_HOST = saved;
  }
});

test('$CHARGETWIN_API_HOST sets the address the station command\'s control API binds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'chargetwin-apihost-'));
  try {
    const err = await new Promise<string>((resolve) => {
      const p = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--csms', 'ws://127.0.0.1:1/ocpp', '--id', 'EVB-HOST', '--api-port', '0', '--data-dir', dir],
        { cwd: root, env: { ...process.env, CHARGETWIN_API_HOST: 'localhost' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
      p.stderr.on('data', (d) => { text += String(d); if (/control API on /.test(text)) p.kill('SIGTERM'); });
      p.on('exit', () => { clearTimeout(timer); resolve(text); });
    });
    assert.match(err, /dashboard and control API on http:\/\/localhost:\d+\//);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
