// Module loader hooks that run the TypeScript sources directly: each .ts file is stripped of its types by
// esbuild on first import. Unlike tsx, names are not re-applied to every function (esbuild's keepNames),
// which would give each closure its own property store: about 15 KiB per twin in a fleet of thousands.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

// In a checkout the package's own name resolves to its sources (package.json's "chargetwin-source"
// export condition, decision D14): examples and tests that `import 'chargetwin'` run without a build.
const SELF = 'chargetwin';
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== SELF && !specifier.startsWith(`${SELF}/`)) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'chargetwin-source'] });
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !(url.endsWith('.ts') || url.endsWith('.mts'))) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    supported: { 'import-attributes': true },
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
