// Runs every *.test.ts under src/ and test/ with Node's built-in runner through tsx (Node 20's --test
// does not expand globs). Extra arguments are passed on; a path filter narrows the files:
//   npm test                    all tests
//   npm test -- src/rpc         only tests under src/rpc
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.test.ts')) files.push(p);
  }
};
for (const root of ['src', 'test', 'bench', 'examples']) { try { walk(root); } catch { /* absent */ } }
const chosen = files.sort().filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)));
if (chosen.length === 0) { console.error('no test files match'); process.exit(1); }
const r = spawnSync(process.execPath, ['--import', new URL('../bin/register-ts.mjs', import.meta.url).href, '--test', '--test-concurrency=2', ...flags, ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);
