import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
const p = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0'], { cwd: '/work/main' });
let err = '';
const url = await new Promise((r) => p.stderr.on('data', (d) => { err += d; const m = /dashboard and control API on (http:\/\/[0-9.:]+)\//.exec(err); if (m) r(m[1]); }));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const page = await b.newPage({ viewport: { width: 700, height: 900 } });
await page.goto(url + '/');
await page.waitForTimeout(4000);
const res = await page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > 701 && r.width > 0) out.push(`${el.tagName}#${el.id}.${[...el.classList].join('.')} right=${Math.round(r.right)} w=${Math.round(r.width)}`);
  }
  return { sw: document.documentElement.scrollWidth, out: out.slice(0, 25) };
});
console.log(JSON.stringify(res, null, 1));
await page.screenshot({ path: '/tmp/700.png', fullPage: false });
await b.close(); p.kill('SIGTERM');
