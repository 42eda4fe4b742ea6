// The package as a user gets it (issue 14, decision D14), run by .ci/run after the tests:
//   1. npm pack (prepack builds dist/ and web/dist/app.js); the tarball holds only what runs
//   2. install the tarball into a scratch project in a temporary folder: production dependencies only
//   3. a JavaScript (ESM) consumer and a TypeScript consumer (module NodeNext, strict, nothing else)
//      boot a twin against the embedded CSMS, charge, stop; `npx chargetwin --version`
//   4. the container image's entry command, run from that clean install with the image's environment:
//      `chargetwin station` against `chargetwin csms`, the Dockerfile's HEALTHCHECK command, /readyz,
//      the dashboard (served without esbuild), durable state under $XDG_DATA_HOME (the image's /data)
// Every child process is bounded in time; the temporary folder is removed at the end (a rerun starts clean).
//   node scripts/consumer-test.mjs [--keep]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const installed = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'chargetwin-consumer-'));
const app = join(work, 'app');
const started = Date.now();
const step = (what) => console.log(`consumer-test [${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);
// The user's environment, not ours: no loader hooks, no npm lifecycle variables of this package.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('npm_')));

/** Runs a command to its end (killed after `ms`); rejects on a non-zero exit with its output. */
function run(cmd, args, { cwd = app, ms = 120_000, extraEnv = {} } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += String(d); });
    p.stderr.on('data', (d) => { err += String(d); });
    const timer = setTimeout(() => p.kill('SIGKILL'), ms);
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ out, err });
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}${signal === 'SIGKILL' ? ` (killed after ${ms} ms)` : ''}\n${out}\n${err}`));
    });
  });
}

/** Starts a long-running command and waits for a line of its stderr matching `re`. */
function startUntil(cmd, args, re, { ms = 30_000, extraEnv = {} } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: app, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stdout.resume();
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${args.join(' ')}: no ${re} within ${ms} ms\n${err}`)); }, ms);
    p.stderr.on('data', (d) => {
      err += String(d);
      const m = re.exec(err);
      if (m) { clearTimeout(timer); resolve({ p, m }); }
    });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited ${code} early\n${err}`)); });
  });
}

/** Stops a started command with SIGTERM and expects a clean exit 0 (killed after 10 s). */
function stop(p) {
  return new Promise((resolve, reject) => {
    p.removeAllListeners('exit');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.on('exit', (code, signal) => { clearTimeout(timer); if (code === 0) resolve(); else reject(new Error(`exit ${code ?? signal} after SIGTERM`)); });
    p.kill('SIGTERM');
  });
}

async function main() {
  step(`npm pack (prepack builds) into ${work}`);
  const packOut = (await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, ms: 180_000 })).out;
  const packed = JSON.parse(packOut.slice(packOut.search(/^\[/m)))[0]; // after the build's own lines
  const files = packed.files.map((f) => f.path);
  for (const f of files) assert.doesNotMatch(f, /\.test\.|^(src|test|bench|scripts|examples|bin|docs|\.ci)\/|tsconfig|Dockerfile/, `the tarball must not hold ${f}`);
  for (const need of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/chargetwin.js',
    'profiles/evlink-pro-ac.json', 'migrations/0001_init.sql', 'web/index.html', 'web/dist/app.js']) assert.ok(files.includes(need), `the tarball holds ${need}`);
  assert.equal(packed.version, pkg.version);
  step(`tarball ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`);

  step('npm install <tarball> into a scratch project (production dependencies; better-sqlite3 may compile)');
  await run('mkdir', ['-p', app], { cwd: work });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'chargetwin-consumer', version: '1.0.0', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], { ms: 400_000 });
  for (const dev of ['esbuild', 'typescript', 'tsx', '@types/better-sqlite3', 'fast-check', 'eslint']) assert.ok(!existsSync(join(app, 'node_modules', dev)), `${dev} must not be installed for a user`);

  step('JavaScript (ESM) consumer: node consumer.mjs');
  copyFileSync(join(root, 'test/package/consumer.mjs'), join(app, 'consumer.mjs'));
  console.log((await run(process.execPath, ['consumer.mjs'], { ms: 60_000 })).out.trim());

  step('npx chargetwin --version');
  assert.equal((await run('npx', ['--no-install', 'chargetwin', '--version'], { ms: 60_000 })).out.trim(), pkg.version);

  await containerEntry();

  step(`TypeScript consumer: install typescript@${installed('typescript')} and @types/node@${installed('@types/node')}, tsc (NodeNext, strict)`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', `typescript@${installed('typescript')}`, `@types/node@${installed('@types/node')}`], { ms: 300_000 });
  copyFileSync(join(root, 'test/package/consumer.ts'), join(app, 'consumer.ts'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, outDir: 'out' }, files: ['consumer.ts'] }, null, 2));
  await run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', '.'], { ms: 120_000 });
  console.log((await run(process.execPath, ['out/consumer.js'], { ms: 60_000 })).out.trim());
  step('all good');
}

/** The image's ENTRYPOINT, ENV and HEALTHCHECK from the Dockerfile, run against the clean install. */
async function containerEntry() {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const entry = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)[1]);
  const health = JSON.parse(/^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(dockerfile)[1]);
  assert.deepEqual(entry, ['chargetwin']);
  const bin = join(app, 'node_modules/.bin', entry[0]);
  // The image's environment: state under $XDG_DATA_HOME (there /data), the API's address from
  // $CHARGETWIN_API_HOST (there 0.0.0.0; here loopback: tests bind nothing else).
  const imageEnv = { XDG_DATA_HOME: join(work, 'data'), CHARGETWIN_API_HOST: '127.0.0.1', NODE_ENV: 'production' };
  step('the image entry command: chargetwin csms, chargetwin station against it (production install, image environment)');
  const csms = await startUntil(bin, ['csms', '--port', '0'], /listening on (ws:\/\/[^\s]+)\/<chargePointId>/, { extraEnv: imageEnv });
  let station;
  try {
    station = await startUntil(bin, ['station', '--csms', csms.m[1], '--id', 'EVB-IMAGE', '--api-port', '0'], /control API on (http:\/\/127\.0\.0\.1:(\d+))\//, { extraEnv: imageEnv });
    const [, api, port] = station.m;
    const probe = health.map((a) => a.replace('127.0.0.1:9230', `127.0.0.1:${port}`));
    assert.notDeepEqual(probe, health, 'the HEALTHCHECK probes 127.0.0.1:9230');
    await run(probe[0], probe.slice(1), { ms: 10_000 });
    assert.deepEqual(await (await fetch(`${api}/healthz`)).json(), { status: 'ok' });
    let ready;
    for (let i = 0; i < 200; i++) {
      ready = await fetch(`${api}/readyz`);
      if (ready.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(ready.status, 200, 'the twin registers with the embedded CSMS');
    assert.deepEqual(await ready.json(), { status: 'ready', stations: 1, registered: 1, notRegistered: 0, byRegistration: { Accepted: 1 } });
    const appJs = await fetch(`${api}/app.js`);
    assert.equal(appJs.status, 200, 'the dashboard bundle is served without esbuild');
    const js = await appJs.text();
    assert.match(js, /\S{100}/);
    // The built bundle is today's dashboard: the event stream read with fetch (it can carry the API token), no EventSource.
    assert.match(js, /last-event-id/);
    assert.doesNotMatch(js, /new EventSource\(/);
    assert.match(await (await fetch(`${api}/`)).text(), /id="token-form"/, 'the page has the token prompt');
    assert.ok(existsSync(join(work, 'data/chargetwin/chargetwin.db')), 'durable state under $XDG_DATA_HOME/chargetwin');
  } finally {
    if (station) await stop(station.p);
    await stop(csms.p);
  }
}

try {
  await main();
} catch (e) {
  console.error(`consumer-test FAILED: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
