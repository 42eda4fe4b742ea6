import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('README: `npm start` (chargetwin demo) brings up the central system and a twin that reaches Accepted, and prints the exchange', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += String(d); });
  child.stderr.on('data', (d) => { out += String(d); });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no Accepted within 20 s; output:\n${out}`)), 20_000);
      const check = setInterval(() => {
        if (/BootNotification Accepted/.test(out) && /StatusNotification/.test(out)) { clearTimeout(timer); clearInterval(check); resolve(); }
      }, 50);
      child.once('exit', (code) => { clearTimeout(timer); clearInterval(check); reject(new Error(`demo exited with ${code}:\n${out}`)); });
    });
    assert.match(out, /→ CALL\s+BootNotification/);
    assert.match(out, /← RESULT BootNotification\s+\{"status":"Accepted"/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
  }
});

test('CLI: a bad flag gives one line and exit status 2', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/chargetwin.js', 'station', '--csms', 'http://x', '--id', 'A'], { cwd: root });
  let err = '';
  child.stderr.on('data', (d) => { err += String(d); });
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 2);
  assert.equal(err.trim().split('\n').length, 1);
  assert.match(err, /--csms must be a ws/);
  const child2 = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--bogus'], { cwd: root });
  let err2 = '';
  child2.stderr.on('data', (d) => { err2 += String(d); });
  assert.equal(await new Promise((r) => child2.once('exit', r)), 2);
  assert.match(err2, /bogus/);
});
