/**
 * The dashboard's files: web/index.html as is, and web/src/main.ts bundled for the browser with esbuild
 * (the bundler tsx already ships) on first request, then kept for the life of the process.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
let bundle: Promise<string> | undefined;

async function build(): Promise<string> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ entryPoints: [`${WEB}src/main.ts`], bundle: true, write: false, format: 'esm', target: 'es2022', minify: false, sourcemap: 'inline' });
  return r.outputFiles[0]!.text;
}

export async function dashboardAsset(path: string): Promise<{ type: string; body: string } | undefined> {
  if (path === '/' || path === '/index.html') return { type: 'text/html; charset=utf-8', body: await readFile(`${WEB}index.html`, 'utf8') };
  if (path === '/app.js') {
    bundle ??= build();
    return { type: 'text/javascript; charset=utf-8', body: await bundle };
  }
  return undefined;
}
