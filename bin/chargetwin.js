#!/usr/bin/env node
// The `chargetwin` command from the sources of a checkout (`npm start`, tests): runs src/cli/chargetwin.ts
// through the project's own loader hooks (bin/ts-hooks.mjs, over esbuild). The installed package's bin is
// the built dist/cli/chargetwin.js instead, which needs neither (decision D14).
import './register-ts.mjs';

await import('../src/cli/chargetwin.ts');
