/**
 * The dashboard's files: web/index.html as is, and web/src/main.ts bundled for the browser (/app.js).
 * Run from the sources (a checkout: `npm start`, tests) the bundle is made with esbuild, a dev dependency,
 * on first request; the built package (dist/) serves web/dist/app.js, which `npm run build` wrote with the
 * same `bundleDashboard()`, so an installed package never loads esbuild (decision D14). The bundle holds
 * everything the page runs, uPlot and its style sheet included (decision D22).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
/** This module runs from src/*.ts (through the loader hooks) or from dist/*.js (built). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
export const DASHBOARD_BUNDLE = `${WEB}dist/app.js`;
let bundle: Promise<string> | undefined;

/** Bundles web/src/main.ts for the browser with esbuild (build time, or from the sources in a checkout). */
export async function bundleDashboard(): Promise<string> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ entryPoints: [`${WEB}src/main.ts`], bundle: true, write: false, format: 'esm', target: 'es2022', minify: false, sourcemap: 'inline',
    // uPlot's style sheet is imported as text and put in the page by the chart (web/src/time-series-chart.ts).
    loader: { '.css': 'text' } });
  return r.outputFiles[0]!.text;
}

export async function dashboardAsset(path: string): Promise<{ type: string; body: string } | undefined> {
  if (path === '/' || path === '/index.html') return { type: 'text/html; charset=utf-8', body: await readFile(`${WEB}index.html`, 'utf8') };
  if (path === '/app.js') {
    bundle ??= FROM_SOURCE ? bundleDashboard() : readFile(DASHBOARD_BUNDLE, 'utf8');
    return { type: 'text/javascript; charset=utf-8', body: await bundle };
  }
  return undefined;
}
