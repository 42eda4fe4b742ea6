/**
 * README's SDK snippet runs as written: the ```ts block that imports startStation is taken from
 * README.md, only its central-system URL is replaced by an embedded CSMS's (port 0), and it runs in a
 * child process with `import … from 'chargetwin'` resolved as a user's would be. It must reach Charging
 * (the defect: it timed out with status SuspendedEV). A line after the snippet stops the station, so the
 * child also has to end by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../src/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The README's TypeScript block that imports startStation. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const snippet = blocks.find((b) => /import\s*\{[^}]*\bstartStation\b[^}]*\}\s*from\s*'chargetwin'/.test(b));
  assert.ok(snippet, 'README has a ```ts block importing startStation from chargetwin');
  return snippet;
}

test('README: the SDK snippet, run as written against an embedded CSMS (only the URL replaced), reaches Charging and completes', { timeout: 60_000 }, async () => {
  const snippet = readmeSnippet();
  const urls = snippet.match(/'wss?:\/\/[^']+'/g) ?? [];
  assert.equal(urls.length, 1, 'the snippet names one central-system URL');
  const csms = await startCsms({ port: 0, tags: { 'BADGE-42': 'Accepted' } });
  // Inside the package (test-results/ is git-ignored), so `from 'chargetwin'` resolves to this package.
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-snippet-${process.pid}.ts`);
  writeFileSync(file, `${snippet.replace(urls[0]!, `'${csms.url}'`)}\nawait station.stop();\nconsole.log('SNIPPET DONE', station.state().connectors[1]!.status);\n`);
  try {
    const child = spawn(process.execPath, ['--import', './bin/register-ts.mjs', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 0, `the snippet failed: ${err.slice(0, 2000)}`);
    assert.match(out, /SNIPPET DONE Charging/);
    const [tx] = csms.ledger.forStation('EVB-0001');
    assert.equal(tx?.start.idTag, 'BADGE-42', 'the CSMS saw the badge session');
    const statuses = csms.frames.filter((f) => f.direction === 'in' && f.text.includes('"StatusNotification"'))
      .map((f) => JSON.parse(f.text) as [number, string, string, { connectorId: number; status: string }])
      .filter((f) => f[3].connectorId === 1).map((f) => f[3].status);
    const preparing = statuses.indexOf('Preparing');
    assert.deepEqual(statuses.slice(preparing, statuses.indexOf('Charging', preparing) + 1), ['Preparing', 'Charging'], `no SuspendedEV between (${statuses.join(', ')})`);
  } finally {
    rmSync(file, { force: true });
    await csms.close();
  }
});
