/**
 * What package.json promises a user (issue 14, decision D14), checked against the sources without a
 * build. The built package itself (npm pack, install, compile, run) is checked by scripts/consumer-test.mjs,
 * which .ci/run runs after the tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
interface Manifest {
  version: string; bin: Record<string, string>; main: string; types: string; files: string[];
  exports: Record<string, Record<string, string> | string>; scripts: Record<string, string>;
  dependencies: Record<string, string>; devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
/** The source a built file comes from: dist/x/y.js and dist/x/y.d.ts ← src/x/y.ts. */
const sourceOf = (built: string): string => built.replace(/^\.\//, '').replace(`${build.compilerOptions.outDir}/`, `${build.compilerOptions.rootDir}/`).replace(/\.d\.ts$|\.js$/, '.ts');

test('package entry: exports, main, types and bin point into dist/, at files built from existing sources', () => {
  const entry = pkg.exports['.'] as Record<string, string>;
  assert.deepEqual(Object.keys(entry), ['chargetwin-source', 'types', 'default'], 'the source condition first, types before default');
  assert.equal(entry['chargetwin-source'], './src/index.ts');
  for (const target of [entry.types!, entry.default!, pkg.main, pkg.types, pkg.bin.chargetwin!]) {
    assert.match(target, /^(\.\/)?dist\//, target);
    assert.ok(existsSync(join(root, sourceOf(target))), `${target} is built from ${sourceOf(target)}`);
  }
  assert.equal(readFileSync(join(root, sourceOf(pkg.bin.chargetwin!)), 'utf8').split('\n')[0], '#!/usr/bin/env node');
});

test('package entry: in a checkout `import(\'chargetwin\')` resolves to the sources (the loader hooks add the source condition)', async () => {
  const byName = await import('chargetwin') as Record<string, unknown>;
  const source = await import('../../src/index.ts') as Record<string, unknown>;
  assert.ok(Object.keys(source).length > 10);
  for (const k of Object.keys(source)) assert.equal(byName[k], source[k], k);
});

test('package entry: the tarball lists only what runs (no tests, bench, scripts, sources, CI)', () => {
  for (const f of pkg.files) assert.doesNotMatch(f, /^(src|test|bench|scripts|examples|\.ci|bin)\b/, f);
  assert.ok(pkg.files.includes('!dist/**/*.test.*'));
  for (const need of ['profiles/*.json', 'migrations/*.sql', 'web/index.html', 'web/dist/app.js', 'CHANGELOG.md']) assert.ok(pkg.files.includes(need), need);
  assert.equal(pkg.scripts.prepack, 'npm run build', 'npm pack and npm publish build first');
});

/** Bare module names imported by the non-test sources under src/. */
function importedPackages(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      if (!p.endsWith('.ts') || p.endsWith('.test.ts')) continue;
      const text = readFileSync(p, 'utf8');
      for (const m of text.matchAll(/(?:^import(?! type)[^'"]*from |^export [^'"]*from |import\(|require\()\s*'([^'.][^']*)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        found.set(name, [...(found.get(name) ?? []), p.slice(root.length)]);
      }
    }
  };
  walk(join(root, 'src'));
  return found;
}

test('package entry: runtime dependencies are exactly what the sources load at run time; types and build tools are dev dependencies', () => {
  const used = importedPackages();
  // esbuild is loaded only when running from the sources (src/api/dashboard-assets.ts: the built package
  // serves the prebuilt web/dist/app.js); the consumer test proves the installed package runs without it.
  assert.deepEqual(used.get('esbuild'), ['src/api/dashboard-assets.ts']);
  used.delete('esbuild');
  assert.deepEqual([...used.keys()].sort(), Object.keys(pkg.dependencies).sort());
  for (const d of Object.keys(pkg.dependencies)) assert.doesNotMatch(d, /^@types\/|^(esbuild|typescript|tsx)$/, d);
  for (const d of ['@types/better-sqlite3', 'esbuild', 'typescript']) assert.ok(pkg.devDependencies[d], `${d} is a dev dependency`);
});
