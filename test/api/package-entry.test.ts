import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('package entry: `import(\'chargetwin\')` works in plain Node ESM (no flags) from another project', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'chargetwin-user-'));
  try {
    await mkdir(join(dir, 'node_modules'));
    await symlink(root, join(dir, 'node_modules', 'chargetwin'), 'dir');
    const script = `
      const { startCsms, startStation } = await import('chargetwin');
      const csms = await startCsms();
      const s = await startStation({ csmsUrl: csms.url, id: 'EVB-PLAIN' });
      await s.waitFor((v) => v.registration === 'Accepted');
      console.log('registration ' + s.state().registration);
      await s.stop(); await csms.close();`;
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
      let out = '', err = '';
      p.stdout.on('data', (d) => { out += String(d); });
      p.stderr.on('data', (d) => { err += String(d); });
      const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
      p.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /registration Accepted/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('package entry: the plain-Node entry re-exports exactly the values of src/index.ts (self-reference by name)', async () => {
  const byName = await import('chargetwin') as Record<string, unknown>;
  const source = await import('../../src/index.ts') as Record<string, unknown>;
  assert.deepEqual(Object.keys(byName).sort(), Object.keys(source).sort());
  for (const k of Object.keys(source)) assert.equal(byName[k], source[k], k);
});
