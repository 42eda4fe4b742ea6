/**
 * `npm run build`: the package as users install it (decision D14).
 *   dist/        src/ compiled by tsc (tsconfig.build.json): .js with .js imports, .d.ts, source maps
 *   dist/**.json the JSON files next to the sources (JSON Schemas read at run time, e.g. scenario/schema.json)
 *   web/dist/    the dashboard bundled for the browser (app.js), so the package never needs esbuild
 * Both folders are emptied first, so a file deleted from src/ does not linger in the package.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleDashboard, DASHBOARD_BUNDLE } from '../src/api/dashboard-assets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
rmSync(`${root}dist`, { recursive: true, force: true });
rmSync(`${root}web/dist`, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (r.status !== 0) { console.error('build: tsc failed'); process.exit(r.status ?? 1); }
chmodSync(`${root}dist/cli/chargetwin.js`, 0o755);
// tsc compiles .ts only: the JSON files the sources read beside themselves go along.
for (const f of readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' })) {
  if (!f.endsWith('.json')) continue;
  mkdirSync(`${root}dist/${f}`.replace(/[^/]+$/, ''), { recursive: true });
  copyFileSync(`${root}src/${f}`, `${root}dist/${f}`);
}

mkdirSync(`${root}web/dist`, { recursive: true });
writeFileSync(DASHBOARD_BUNDLE, await bundleDashboard());
console.log(`build: dist/ and web/dist/app.js in ${((Date.now() - started) / 1000).toFixed(1)} s`);
