/// <reference lib="dom" />
/**
 * The dashboard as a CSMS engineer's workbench (issue 16 items 3, 4, 5 and 7), in Debian's chromium
 * driven by playwright-core: the configuration table and a change through ChangeConfiguration with the
 * station's answer; firmware update statuses and the last diagnostics upload; the frame log expanded,
 * paired with latency, copied and exported, and 10,000 frames virtualised; the 700 px layout with
 * labelled controls and nothing cut off. Screenshots go to test-results/ (gitignored).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startCsms } from '../../src/csms/index.ts';
import { startHttpFileServer } from '../../src/csms/file-server/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { skipWithoutChromium, launchChromium, openPage, screenshotPath, until } from '../support/headless-chromium.ts';
import { buildFirmwareImage } from '../../src/station/firmware/firmware-image.ts';

/**
 * What a person cannot use: controls without an accessible name, visible placeholders wider than their
 * field, and the page wider than the window.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const controls = Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea'));
    for (const el of controls) {
      if (el.offsetParent === null) continue; // hidden
      const named = (el.getAttribute('aria-label') ?? '').trim() !== '' || (el.title ?? '').trim() !== ''
        || (el instanceof HTMLButtonElement && (el.textContent ?? '').trim() !== '')
        || ((el as HTMLInputElement).labels?.length ?? 0) > 0;
      if (!named) problems.push(`no label: ${el.outerHTML.slice(0, 80)}`);
      const ph = el.getAttribute('placeholder');
      if (ph) {
        const cs = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        if (ctx.measureText(ph).width > room + 0.5) problems.push(`placeholder cut: "${ph}" needs ${Math.ceil(ctx.measureText(ph).width)} px, has ${room}`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
    return problems;
  });
}

test('dashboard workbench: configuration table and a change through ChangeConfiguration; firmware statuses and the last diagnostics upload; a frame expanded, paired with its answer, copied and exported; 10,000 frames virtualised; the 700 px layout', { timeout: 120_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-WB': 'Accepted' } });
  const files = await startHttpFileServer({ now: () => clock.now() });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } }), framesPerStation: 10_000, rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  const member = fleet.add({ id: 'EVB-WB' });
  const browser = await launchChromium();
  try {
    await until(() => member.station.registration === 'Accepted', 'registration');
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
    const { page, pageErrors } = await openPage(context);
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Available');

    // --- Configuration: every key with its metadata; AuthorizationKey never shows a value. ---
    const interval = member.station.context.config.str('HeartbeatInterval'); // set by BootNotification.conf
    await page.waitForFunction((v) => document.querySelector('#cfg-value-HeartbeatInterval')?.textContent === v, interval);
    const heartbeatRow = await page.$$eval('#cfg-rows tr[data-key="HeartbeatInterval"] td', (tds) => tds.slice(0, 6).map((td) => td.textContent));
    assert.deepEqual(heartbeatRow, ['HeartbeatInterval', interval, 's', '≥ 0', 'RW', 'no']);
    assert.deepEqual(await page.$$eval('#cfg-rows tr[data-key="PhasesConnection"] td', (tds) => [tds[4]!.textContent, tds[5]!.textContent]), ['RW', 'yes']);
    assert.equal(await page.textContent('#cfg-value-AuthorizationKey'), '(write-only)');
    assert.equal(await page.$('#cfg-input-GetConfigurationMaxKeys'), null, 'a read-only key has no editor');
    assert.match(await page.textContent('#cfg-mode') ?? '', /ChangeConfiguration from the embedded central system/);

    // A change goes out as ChangeConfiguration; the station's answer is shown and the value follows.
    await page.fill('#cfg-input-HeartbeatInterval', '300');
    await page.click('button[data-act="cfg-set"][data-key="HeartbeatInterval"]');
    await page.waitForFunction(() => document.querySelector('#cfg-answer-HeartbeatInterval')?.textContent === 'Accepted (ChangeConfiguration)');
    await page.waitForFunction(() => document.querySelector('#cfg-value-HeartbeatInterval')?.textContent === '300');
    assert.equal(member.station.context.config.str('HeartbeatInterval'), '300');
    assert.ok(csms.frames.some((f) => f.direction === 'out' && /"ChangeConfiguration",\{"key":"HeartbeatInterval","value":"300"\}/.test(f.text)), 'sent by the central system');
    await page.fill('#cfg-input-LedIntensity', '150');
    await page.press('#cfg-input-LedIntensity', 'Enter');
    await page.waitForFunction(() => document.querySelector('#cfg-answer-LedIntensity')?.textContent === 'Rejected (ChangeConfiguration)');
    assert.equal(await page.textContent('#cfg-value-LedIntensity'), '100');
    await page.fill('#cfg-input-PhasesConnection', '3');
    await page.click('button[data-act="cfg-set"][data-key="PhasesConnection"]');
    await page.waitForFunction(() => !['', '…'].includes(document.querySelector('#cfg-answer-PhasesConnection')?.textContent ?? ''));
    assert.equal(await page.textContent('#cfg-answer-PhasesConnection'), 'RebootRequired (ChangeConfiguration)');
    await page.waitForFunction(() => document.querySelector('#cfg-value-PhasesConnection')?.textContent === '1 → 3 after reboot');
    assert.equal(await page.getAttribute('#cfg-input-AuthorizationKey', 'type'), 'password');

    // --- Firmware: a charging car holds the install, so Downloaded shows with the pending version. ---
    const seen: string[] = [];
    await page.exposeFunction('recordFirmware', (text: string) => { if (seen.at(-1) !== text) seen.push(text); });
    await page.evaluate(() => {
      const el = document.querySelector('#st-firmware')!;
      new MutationObserver(() => (window as unknown as { recordFirmware(t: string): void }).recordFirmware(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    member.station.context.controls.plugIn!(1);
    assert.equal((await member.station.context.controls.presentBadge!('TAG-WB', 1)).accepted, true);
    await until(() => member.station.context.status.get(1).status === 'Charging', 'charging');
    const image = await buildFirmwareImage({ version: '3.8.0', models: ['EVB3S22N4'], payload: new TextEncoder().encode('firmware 3.8.0 '.repeat(4000)) });
    const call = (action: string, payload: unknown) => fetch(`${api.url}/api/csms/stations/EVB-WB/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }) }).then((r) => r.json() as Promise<{ confirmation: Record<string, unknown> }>);
    await call('UpdateFirmware', { location: files.host('fw-3.8.0.bin', image), retrieveDate: new Date(clock.now()).toISOString() });
    const kb = (image.length / 1024).toFixed(1);
    await page.waitForFunction((k) => (document.querySelector('#st-firmware')?.textContent ?? '').startsWith(`running 3.4.0.12 · Downloaded · pending 3.8.0 · ${k} kB of ${k} kB (100 %) · from http://`), kb);
    const diag = await call('GetDiagnostics', { location: `${files.url}/diagnostics/` });
    const fileName = diag.confirmation.fileName as string;
    await page.waitForFunction((name) => new RegExp(`^Idle · last: ${name.replace(/[.]/g, '\\.')} \\([\\d.]+ k?B\\) Uploaded → http://`).test(document.querySelector('#st-diagnostics')?.textContent ?? ''), fileName);
    member.station.context.controls.pressStop!(1);
    member.station.context.controls.unplug!(1);
    await page.waitForFunction(() => /^running 3\.8\.0 · Idle/.test(document.querySelector('#st-firmware')?.textContent ?? ''), undefined, { timeout: 20_000 });
    const statuses = seen.map((s) => s.split(' · ')[1]?.split(' ')[0]);
    assert.ok(statuses.indexOf('Downloaded') >= 0 && statuses.indexOf('Installing') > statuses.indexOf('Downloaded'), `Downloaded then Installing shown (${JSON.stringify(seen)})`);
    assert.match(seen.at(-1) ?? '', /^running 3\.8\.0 · Idle/);

    // --- Frames: the ChangeConfiguration CALL expands to pretty JSON and is paired with its answer. ---
    await page.selectOption('#frames-action', 'ChangeConfiguration');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-filter') === 'action=ChangeConfiguration&limit=100');
    const calls = await page.$$eval('#frames .frame[data-type="2"]', (rows) => rows.map((r) => ({ seq: Number(r.getAttribute('data-seq')), pair: Number(r.getAttribute('data-pair')) })));
    assert.equal(calls.length, 3, 'three changes sent');
    const oldest = calls.at(-1)!; // HeartbeatInterval = 300
    assert.ok(oldest.pair > oldest.seq, 'the CALL is paired with a later answer');
    await page.click(`#frames .frame[data-seq="${oldest.seq}"] .frame-toggle`);
    const detail = await page.textContent(`#frames .frame[data-seq="${oldest.seq}"] .frame-json`) ?? '';
    assert.match(detail, /^\[\n {2}2,\n/);
    assert.match(detail, /\n {4}"key": "HeartbeatInterval",\n {4}"value": "300"\n/);
    const info = await page.textContent(`#frames .frame[data-seq="${oldest.seq}"] .frame-tools`) ?? '';
    assert.match(info, new RegExp(`pair #${oldest.pair} \\(RESULT\\) · latency \\d+ ms`));
    assert.match(await page.textContent(`#frames .frame[data-seq="${oldest.pair}"] .pair`) ?? '', new RegExp(`↩ #${oldest.seq} · \\d+ ms`));
    assert.equal(await page.getAttribute(`#frames .frame[data-seq="${oldest.seq}"] .frame-toggle`, 'aria-expanded'), 'true');
    await page.screenshot({ path: screenshotPath('dashboard-frame-expanded.png'), fullPage: true });
    // Copy as JSON: the pair with its latency.
    await page.click(`#frames .frame[data-seq="${oldest.seq}"] button[data-act="frame-copy"]`);
    await page.waitForFunction(() => /copied as JSON/.test(document.querySelector('#notice')?.textContent ?? ''));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { call: { seq: number; message: unknown[] }; answer: { seq: number; message: unknown[] }; latencyMs: number };
    assert.equal(copied.call.seq, oldest.seq);
    assert.equal(copied.answer.seq, oldest.pair);
    assert.deepEqual(copied.answer.message, [3, copied.call.message[1], { status: 'Accepted' }]);
    assert.equal(typeof copied.latencyMs, 'number');
    // Text and type filters on the page; export gives exactly the frames shown, oldest first.
    await page.fill('#frames-text', 'LedIntensity');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-count') === '1');
    await page.selectOption('#frames-type', '3');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-count') === '0');
    await page.selectOption('#frames-type', '2');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-count') === '1');
    await page.fill('#frames-text', '');
    await page.selectOption('#frames-type', '');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-count') === '6');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-act="frames-export"]')]);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string; message: unknown });
    const fromApi = await (await fetch(`${api.url}/api/stations/EVB-WB/frames?action=ChangeConfiguration`)).json() as Array<{ seq: number; text: string }>;
    assert.deepEqual(lines.map((l) => l.seq), fromApi.map((f) => f.seq));
    assert.deepEqual(lines.map((l) => l.message), fromApi.map((f) => JSON.parse(f.text) as unknown));
    assert.match(download.suggestedFilename(), /^frames-EVB-WB-.*\.jsonl$/);

    // --- 10,000 frames: only the rows in view are in the DOM; scrolling to the end shows the oldest. ---
    const at = clock.now();
    for (let i = 0; i < 5000; i++) {
      member.frames!.push(at + i, 'out', `[2,"bulk-${i}","Heartbeat",{}]`);
      member.frames!.push(at + i + 1, 'in', `[3,"bulk-${i}",{"currentTime":"2026-01-01T00:00:00Z"}]`);
    }
    await page.selectOption('#frames-action', '');
    await page.fill('#frames-limit', '10000');
    await page.dispatchEvent('#frames-limit', 'change');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-count') === '10000', undefined, { timeout: 20_000 });
    const rendered = await page.$$eval('#frames .frame', (rows) => rows.length);
    assert.ok(rendered > 5 && rendered < 100, `only the rows in view are drawn (${rendered})`);
    const newest = await page.$$eval('#frames .frame', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.match(newest[0]!, /RESULT Heartbeat ↩ #\d+ · 1 ms/, 'the newest first, paired');
    await page.$eval('#frames', (el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction(() => { const rows = document.querySelectorAll('#frames .frame'); return Number(document.querySelector('#frames')?.getAttribute('data-first')) > 9000 && rows.length < 100; });
    const tail = await page.$$eval('#frames .frame', (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    const oldestRead = await (await fetch(`${api.url}/api/stations/EVB-WB/frames?limit=10000`)).json() as Array<{ seq: number }>;
    assert.ok(tail.includes(oldestRead[0]!.seq), 'the oldest frame read is drawn at the bottom');
    assert.equal(await page.$eval('#frames-spacer', (el) => el.getBoundingClientRect().height), 10_000 * 20, 'the spacer is as tall as every row');
    // Scrolled into older frames, the row at the top stays put when new frames arrive above it.
    await page.$eval('#frames', (el) => { el.scrollTop = 50_000; });
    await page.waitForFunction(() => document.querySelector('#frames .frame[style^="top:50000px"]') !== null);
    const anchorSeq = Number(await page.getAttribute('#frames .frame[style^="top:50000px"]', 'data-seq'));
    for (let i = 0; i < 10; i++) {
      member.frames!.push(at + 20_000 + i, 'out', `[2,"late-${i}","Heartbeat",{}]`);
      member.frames!.push(at + 20_001 + i, 'in', `[3,"late-${i}",{"currentTime":"2026-01-01T00:00:00Z"}]`);
    }
    await page.dispatchEvent('#frames-limit', 'change');
    await page.waitForFunction((seq) => (document.querySelector(`#frames .frame[data-seq="${seq}"]`) as HTMLElement | null)?.style.top === '50400px', anchorSeq);
    assert.deepEqual(await page.$eval('#frames', (el, seq) => [el.scrollTop, (el.querySelector(`.frame[data-seq="${seq}"]`) as HTMLElement | null)?.style.top], anchorSeq), [50_400, '50400px']);

    // A station that keeps the full log all along: no notice above the frames.
    assert.equal(await page.isHidden('#frames-notice'), true);

    // --- Laptop and 700 px: labelled controls, no placeholder cut, no horizontal overflow. ---
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: screenshotPath('dashboard-workbench-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    assert.deepEqual(await layoutProblems(page), []);
    await page.setViewportSize({ width: 700, height: 900 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 700);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 700);
    assert.deepEqual(await layoutProblems(page), []);
    assert.ok(await page.$eval('#station-panel', (el) => el.getBoundingClientRect().width) > 600, 'one column at 700 px');
    await page.screenshot({ path: screenshotPath('dashboard-workbench-700.png'), fullPage: true });

    // A badge longer than 20 characters is refused with a message, never cut.
    await page.fill('#badge-1', 'A-BADGE-OF-25-CHARACTERS!');
    await page.click('button[data-act="badge"][data-connector="1"]');
    await page.waitForFunction(() => /is 25 characters; OCPP 1\.6 allows at most 20/.test(document.querySelector('#notice')?.textContent ?? ''));
    assert.equal(await page.inputValue('#badge-1'), 'A-BADGE-OF-25-CHARACTERS!', 'the field keeps all of it');

    // Last (the station then reconnects with the new key): a write-only key set from the table is never shown.
    await page.fill('#cfg-input-AuthorizationKey', 'fedcba9876543210');
    await page.click('button[data-act="cfg-set"][data-key="AuthorizationKey"]');
    await page.waitForFunction(() => document.querySelector('#cfg-answer-AuthorizationKey')?.textContent === 'Accepted (ChangeConfiguration)');
    assert.equal(await page.textContent('#cfg-value-AuthorizationKey'), '(write-only)');
    assert.equal((await page.content()).includes('fedcba9876543210'), false, 'the key is nowhere on the page');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); files.release(); await files.close(); clock.dispose();
  }
});
