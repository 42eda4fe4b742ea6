#!/usr/bin/env node
// The `chargetwin` command. Built, it is the package's bin (dist/cli/chargetwin.js, plain Node); in a
// checkout bin/chargetwin.js runs this same file from the sources through the loader hooks.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
