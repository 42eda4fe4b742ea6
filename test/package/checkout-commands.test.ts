/**
 * In a checkout nothing is built (decision D14): the package's bin (dist/cli/chargetwin.js) does not exist
 * there, so the commands the demo prints must name the checkout's own entry, bin/chargetwin.js, and work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('checkout: the demo prints ctl commands that run from the checkout (node bin/chargetwin.js), and they work', async () => {
  const demo = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0', '--no-color'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const err = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no ctl hint within 20 s:\n${text}`)), 20_000);
      demo.stderr.on('data', (d) => {
        text += String(d);
        if (/GetDiagnostics/.test(text)) { clearTimeout(timer); resolve(text); }
      });
    });
    const hints = err.split('\n').filter((l) => / ctl --api /.test(l)).map((l) => l.trim());
    assert.equal(hints.length, 3, err);
    const m = /^node bin\/chargetwin\.js ctl --api (http:\/\/127\.0\.0\.1:\d+) call EVB-0001 /.exec(hints[0]!);
    assert.ok(m, hints[0]);
    const r = spawnSync(process.execPath, ['bin/chargetwin.js', 'ctl', '--api', m[1]!, 'list'], { cwd: root, encoding: 'utf8', timeout: 15_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /EVB-0001/);
  } finally {
    demo.kill('SIGTERM');
  }
});
