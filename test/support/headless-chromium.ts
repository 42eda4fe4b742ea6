/**
 * The dashboard's browser tests drive Debian's chromium (/usr/bin/chromium, installed by .ci/run) through
 * playwright-core: headless, --no-sandbox (the tests run as root), no GPU, nothing fetched in the
 * background. Here: whether to skip (no chromium), the launch, a page that records its uncaught errors,
 * the screenshot folder (test-results/, gitignored) and a real-time poll for conditions outside the page.
 */
import type { TestContext } from 'node:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'test-results');

/** Skips the test (and returns true) when Debian's chromium is not installed. */
export function skipWithoutChromium(t: TestContext): boolean {
  if (existsSync(CHROMIUM)) return false;
  t.skip(`chromium not found at ${CHROMIUM} (.ci/run installs Debian's chromium)`);
  return true;
}

/** Headless chromium as the browser tests run it; close it in a finally. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Records the page's uncaught errors (`pageerror`) into `errors`, which a test expects empty at its end. */
export function collectPageErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * A new page, 1280×1000 unless `viewport` says otherwise (a context keeps its own viewport), with its
 * uncaught errors collected in `pageErrors`.
 */
export async function openPage(target: Browser | BrowserContext, viewport?: { width: number; height: number }): Promise<{ page: Page; pageErrors: string[] }> {
  const page = 'newContext' in target ? await target.newPage({ viewport: viewport ?? { width: 1280, height: 1000 } }) : await target.newPage();
  if (viewport && !('newContext' in target)) await page.setViewportSize(viewport);
  return { page, pageErrors: collectPageErrors(page) };
}

/** Where a screenshot named `name` goes (test-results/, created on demand). */
export function screenshotPath(name: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, name);
}

/** Polls a (possibly async) condition in real time; fails after `timeoutMs` with what it waited for. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
