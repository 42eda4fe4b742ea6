// `node --import ./bin/register-ts.mjs file.ts`: runs TypeScript sources without a build step (see ts-hooks.mjs).
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.mjs', import.meta.url);
