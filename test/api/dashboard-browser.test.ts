/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));

test('dashboard, as a person uses it: open npm start\'s dashboard, plug in and badge by clicking, see Charging and a chart', { skip: existsSync(CHROMIUM) ? false : 'Debian chromium is not installed (.ci/run installs it)', timeout: 90_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const demo = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  demo.stdout.on('data', (d) => { log += String(d); });
  demo.stderr.on('data', (d) => { log += String(d); });
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }).catch((e: unknown) => { demo.kill('SIGKILL'); throw e; });
  try {
    const deadline = Date.now() + 30_000;
    while (!/dashboard and control API on (\S+)\//.test(log) || !/BootNotification Accepted/.test(log)) {
      if (Date.now() > deadline) throw new Error(`demo did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /dashboard and control API on (\S+)\//.exec(log)![1]!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${url}/`);
    await page.getByText('EVB-0001').first().waitFor();
    await page.click('button[data-act="plug"]');
    await page.fill('#badge', 'TAG-0001');
    await page.click('button[data-act="badge"]');
    await page.click('button[data-act="ev-on"]');
    await page.waitForFunction(() => document.querySelector('#connector-status')?.textContent === 'Charging', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => /#\d+/.test(document.querySelector('#transaction')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.waitForTimeout(2500);
    const chartDrawn = await page.evaluate(() => {
      const c = document.querySelector('#chart') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! + d[i + 1]! + d[i + 2]! > 200) lit++;
      return lit;
    });
    assert.ok(chartDrawn > 50, `the chart has drawn lines (${chartDrawn} bright pixels)`);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results', 'dashboard-charging.png'), fullPage: true });
    assert.match(await page.textContent('#frames') ?? '', /StartTransaction/);
  } finally {
    await browser.close();
    demo.kill('SIGINT');
    await new Promise((r) => demo.once('exit', r));
  }
});
