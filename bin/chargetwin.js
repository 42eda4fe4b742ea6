#!/usr/bin/env node
// The `chargetwin` command: loads the TypeScript sources through tsx (a runtime dependency), so the
// package runs straight from a checkout or an install without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
