#!/usr/bin/env node
// The `chargetwin` command: runs the TypeScript sources through the project's own loader hooks
// (bin/ts-hooks.mjs, over esbuild), so the package runs straight from a checkout or an install.
import './register-ts.mjs';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
