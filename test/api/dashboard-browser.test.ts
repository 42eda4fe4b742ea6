/// <reference lib="dom" />
/**
 * The dashboard as a person uses it, in Debian's chromium driven by playwright-core: the demo of
 * `npm start`, then a process without an embedded central system (`chargetwin station`'s setup).
 * Every control is checked through its real effect on the control API, not only on the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { skipWithoutChromium, launchChromium, openPage, collectPageErrors, screenshotPath, until } from '../support/headless-chromium.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the live charts of connector 1 plotted (their data-series attributes) and how much of the current is drawn. */
async function chartOf(page: Page): Promise<{ current: number; energyFirst: number; energyLast: number; raisedCurrentPixels: number }> {
  return page.evaluate(() => {
    const series = (id: string) => JSON.parse((document.querySelector(id) as HTMLElement | null)?.dataset.series ?? '[]') as Array<{ label: string; max: number | null; first: number | null; last: number | null }>;
    const current = series('#chart-1').find((s) => s.label === 'current A');
    const energy = series('#chart-1-energy').find((s) => s.label === 'energy this session kWh');
    // Pixels of the current's colour (#4aa3ff) on uPlot's canvas
    // (no named functions in here: tsx would wrap them in a helper the page does not have).
    const c = document.querySelector('#chart-1 canvas') as HTMLCanvasElement | null;
    let raised = 0;
    if (c) {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 74) + Math.abs(d[i + 1]! - 163) + Math.abs(d[i + 2]! - 255) < 60) raised++;
    }
    return { current: current?.max ?? 0, energyFirst: energy?.first ?? 0, energyLast: energy?.last ?? 0, raisedCurrentPixels: raised };
  });
}
const chartShowsCharging = (c: { current: number; raisedCurrentPixels: number }): boolean => c.current > 0 && c.raisedCurrentPixels > 60;

test('dashboard, as a person uses it: typed inputs survive live updates; EV settings, clock scale, local list, frame filters; charging shows on the chart; the schedule follows a new profile', { timeout: 90_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const demo = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  demo.stdout.on('data', (d) => { log += String(d); });
  demo.stderr.on('data', (d) => { log += String(d); });
  const browser = await launchChromium().catch((e: unknown) => { demo.kill('SIGKILL'); throw e; });
  try {
    const deadline = Date.now() + 30_000;
    while (!/dashboard and control API on (\S+)\//.test(log) || !/BootNotification Accepted/.test(log)) {
      if (Date.now() > deadline || demo.exitCode !== null) throw new Error(`demo did not start (exit ${demo.exitCode}):\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /dashboard and control API on (\S+)\//.exec(log)![1]!;
    const get = async <T>(path: string): Promise<T> => (await fetch(`${url}${path}`)).json() as Promise<T>;
    const station = () => get<{ connectors: Array<{ status: string; ev: Record<string, number> }> }>('/api/stations/EVB-0001');
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Available' && document.querySelector('#conn-0-status')?.textContent === 'Available');

    // The fleet clock's free scale input: ×60 on the real clock.
    await page.fill('#clock-scale', '60');
    await page.click('button[data-act="scale"]');
    await until(async () => (await get<{ scale: number }>('/api/clock')).scale === 60, 'clock scale 60');

    // Typed text and a picked vendor code survive several live updates, and the badge field keeps focus.
    await page.selectOption('#vendor-code-1', '5.0');
    await page.fill('#badge-1', '');
    await page.click('#badge-1');
    await page.keyboard.type('TAG-0002');
    const before = Number(await page.evaluate(() => document.body.dataset.updates));
    await page.waitForFunction((n) => Number(document.body.dataset.updates) >= n + 3, before, { timeout: 10_000 });
    assert.equal(await page.inputValue('#badge-1'), 'TAG-0002', 'the badge field kept what was typed');
    assert.equal(await page.inputValue('#vendor-code-1'), '5.0', 'the vendor-code picker kept its choice');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'badge-1', 'the badge field kept focus');

    // EV settings form → the simulated EV of the station changes.
    await page.fill('#ev-max-1', '16');
    await page.selectOption('#ev-phases-1', '1');
    await page.fill('#ev-capacity-1', '50');
    await page.fill('#ev-soc-1', '40');
    await page.click('#ev-set-1');
    await until(async () => (await station()).connectors[1]!.ev.maxCurrentA === 16, 'EV max current 16 A');
    assert.deepEqual((await station()).connectors[1]!.ev, { maxCurrentA: 16, phases: 1, capacityKWh: 50, socPercent: 40 });
    await page.waitForFunction(() => /^16 A · 1 phase · 50 kWh/.test(document.querySelector('#conn-1-ev')?.textContent ?? ''));

    // Local list: add an entry and save → the station's list holds it.
    await page.click('button[data-act="ll-add"]');
    await page.fill('#ll-idTag-0', 'LOCAL-1');
    await page.selectOption('#ll-status-0', 'Blocked');
    await page.click('button[data-act="ll-save"]');
    await until(async () => (await get<{ entries: unknown[] }>('/api/stations/EVB-0001/local-list')).entries.length === 1, 'local list saved');
    assert.deepEqual(await get('/api/stations/EVB-0001/local-list'), { version: 1, entries: [{ idTag: 'LOCAL-1', status: 'Blocked' }] });

    // The chart check can fail: while idle, it does not report charging.
    const idle = await chartOf(page);
    assert.equal(chartShowsCharging(idle), false, `an idle chart does not look like charging (${JSON.stringify(idle)})`);

    // Plug in an EV (it asks for energy: one action), present the typed badge → Charging, a transaction, current on the chart.
    await page.click('button[data-act="plug"][data-connector="1"]');
    await page.click('button[data-act="badge"][data-connector="1"]');
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Charging', undefined, { timeout: 10_000 });
    await page.waitForFunction(() => /^#\d+ · TAG-0002$/.test(document.querySelector('#conn-1-tx')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => {
      const s = JSON.parse((document.querySelector('#chart-1') as HTMLElement).dataset.series ?? '[]') as Array<{ label: string; max: number; last: number }>;
      const e = JSON.parse((document.querySelector('#chart-1-energy') as HTMLElement).dataset.series ?? '[]') as Array<{ label: string; max: number; last: number }>;
      return s.find((x) => x.label === 'current A')?.max === 16 && (e.find((x) => x.label === 'energy this session kWh')?.last ?? 0) > 0;
    }, undefined, { timeout: 15_000 });
    const charging = await chartOf(page);
    assert.ok(chartShowsCharging(charging), `the chart plots the charging current (${JSON.stringify(charging)})`);
    assert.ok(charging.energyLast > charging.energyFirst, 'energy rises on the chart');
    await page.waitForFunction(() => document.querySelector('#tx-rows tr[data-transaction]') !== null, undefined, { timeout: 5_000 });

    // A profile set by the central system shows in the composite schedule without pressing Refresh.
    const set = await fetch(`${url}/api/csms/stations/EVB-0001/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'SetChargingProfile', payload: {
      connectorId: 1, csChargingProfiles: { chargingProfileId: 7, stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { startSchedule: '2020-01-01T00:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } } }) });
    assert.deepEqual(await set.json(), { confirmation: { status: 'Accepted' } });
    await page.waitForFunction(() => {
      const s = JSON.parse((document.querySelector('#schedule') as HTMLElement).dataset.series ?? '[]') as Array<{ max: number | null }>;
      return s[0]?.max === 10;
    }, undefined, { timeout: 10_000 });

    // Frame filters: the list shows exactly what the API returns for the same filter.
    await page.selectOption('#frames-action', 'StartTransaction');
    await page.selectOption('#frames-direction', 'out');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-filter') === 'action=StartTransaction&direction=out&limit=100');
    const shown = await page.$$eval('#frames .frame', (rows) => rows.map((r) => [r.getAttribute('data-action'), r.getAttribute('data-direction'), r.getAttribute('data-seq')]));
    const fromApi = await get<Array<{ seq: number; action: string; direction: string }>>('/api/stations/EVB-0001/frames?action=StartTransaction&direction=out&limit=100');
    assert.equal(fromApi.length, 1);
    assert.deepEqual(shown, fromApi.reverse().map((f) => [f.action, f.direction, String(f.seq)]));
    await page.selectOption('#frames-direction', 'in');
    await page.waitForFunction(() => document.querySelector('#frames')?.getAttribute('data-filter') === 'action=StartTransaction&direction=in&limit=100');
    assert.deepEqual(await page.$$eval('#frames .frame', (rows) => rows.map((r) => r.getAttribute('data-direction'))), ['in']);
    assert.match(await page.textContent('#frames') ?? '', /RESULT StartTransaction/);

    await page.screenshot({ path: screenshotPath('dashboard-charging.png'), fullPage: true });
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    if (demo.exitCode === null && demo.signalCode === null) {
      const exited = new Promise((r) => demo.once('exit', r));
      demo.kill('SIGINT');
      await exited;
    }
  }
});

test('dashboard without an embedded central system: the schedule says why it is absent; a configuration key changes locally with its answer; the station\'s own transaction record and station availability still work', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-EXT': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, clock, port: 0 });
  fleet.add({ id: 'EVB-EXT' });
  const browser = await launchChromium();
  try {
    await until(() => fleet.get('EVB-EXT').station.registration === 'Accepted', 'registration');
    const { page } = await openPage(browser);
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => /no embedded central system/.test(document.querySelector('#schedule-message')?.textContent ?? ''), undefined, { timeout: 10_000 });
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/, 'no error line for an absent central system');

    // The configuration table changes a key locally (no central system to send ChangeConfiguration), with its answer.
    await page.waitForFunction(() => /made locally at the station/.test(document.querySelector('#cfg-mode')?.textContent ?? ''), undefined, { timeout: 5_000 });
    await page.fill('#cfg-input-LedIntensity', '40');
    await page.click('button[data-act="cfg-set"][data-key="LedIntensity"]');
    await page.waitForFunction(() => document.querySelector('#cfg-answer-LedIntensity')?.textContent === 'Accepted (local change)', undefined, { timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('#cfg-value-LedIntensity')?.textContent === '40', undefined, { timeout: 5_000 });
    assert.equal(fleet.get('EVB-EXT').station.context.config.str('LedIntensity'), '40');
    await page.fill('#cfg-input-ConnectionTimeOut', '5');
    await page.click('button[data-act="cfg-set"][data-key="ConnectionTimeOut"]');
    await page.waitForFunction(() => document.querySelector('#cfg-answer-ConnectionTimeOut')?.textContent === 'Rejected (local change)', undefined, { timeout: 5_000 });

    // A session by clicking: the transactions panel shows the station's own record of it.
    await page.fill('#badge-1', 'TAG-EXT');
    await page.click('button[data-act="plug"][data-connector="1"]');
    await page.click('button[data-act="badge"][data-connector="1"]');
    const record = async () => (await (await fetch(`${api.url}/api/stations/EVB-EXT/transactions`)).json()) as Array<{ transactionId: number | null; state: string }>;
    await until(async () => typeof (await record())[0]?.transactionId === 'number', 'a transaction with its id in the station\'s record');
    const [tx] = await record();
    await page.waitForFunction((id) => document.querySelector(`#tx-rows tr[data-transaction="${id}"][data-state="running"]`) !== null, tx!.transactionId, { timeout: 5_000 });
    await page.click('button[data-act="stop"][data-connector="1"]');
    await page.waitForFunction((id) => document.querySelector(`#tx-rows tr[data-transaction="${id}"][data-state="stopped"]`) !== null, tx!.transactionId, { timeout: 5_000 });

    // "Plug in (EV idle)": the cable goes in with an EV that does not ask for energy yet.
    await page.click('button[data-act="unplug"][data-connector="1"]');
    await until(() => fleet.get('EVB-EXT').station.context.status.get(1).status === 'Available', 'unplugged');
    await page.click('button[data-act="plug-idle"][data-connector="1"]');
    const plugged = () => (fleet.get('EVB-EXT').station.context.controls.state!() as { connectors: Array<{ plugged: boolean; evRequesting: boolean }> }).connectors[0]!;
    await until(() => plugged().plugged, 'plugged by the dashboard');
    assert.equal(plugged().evRequesting, false, 'an idle EV');

    // Station-level availability (connector 0) through its own button.
    await page.click('button[data-act="unavailable"][data-connector="0"]');
    await until(() => fleet.get('EVB-EXT').station.context.status.get(0).status === 'Unavailable', 'station Unavailable');
    await page.waitForFunction(() => document.querySelector('#conn-0-status')?.textContent === 'Unavailable', undefined, { timeout: 5_000 });
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('dashboard with a fleet larger than its list: one page of stations, a count of the rest, the filter finds any station; selecting one shows its detail', { timeout: 90_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, recordFrames: false });
  // Frame-log mode "viewed", as a large fleet of `station --count` has by default: the panel says so.
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } }), framesPerStation: 20, frameLog: 'viewed' });
  const api = await startControlApi({ fleet, clock, port: 0 });
  const n = 520; // above the list's page of 500
  for (let i = 0; i < n; i++) fleet.add({ id: `EVB-L${String(i).padStart(4, '0')}` });
  const browser = await launchChromium();
  try {
    await until(() => fleet.list().every((m) => m.station.registration === 'Accepted'), `${n} registrations`, 30_000);
    const { page } = await openPage(browser);
    const apiCalls: string[] = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/')) apiCalls.push(`${u.pathname}${u.search}`); });
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => document.querySelectorAll('#station-list button.station').length === 500, undefined, { timeout: 10_000 });
    assert.match(await page.textContent('#station-count') ?? '', /500 of 520 shown/);
    assert.ok(!apiCalls.includes('/api/stations'), 'the dashboard never asks for every station\'s full state');
    await page.fill('#station-filter', 'L0517');
    await page.waitForFunction(() => document.querySelectorAll('#station-list button.station').length === 1, undefined, { timeout: 5_000 });
    assert.equal(await page.textContent('#station-count'), '');
    await page.click('button[data-station="EVB-L0517"]');
    await page.waitForFunction(() => document.querySelector('button.station.selected')?.getAttribute('data-station') === 'EVB-L0517', undefined, { timeout: 5_000 });
    await until(() => apiCalls.some((c) => c === '/api/stations/EVB-L0517') && apiCalls.some((c) => c === '/api/events?station=EVB-L0517'), 'the selected station\'s state and its event stream');
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Available', undefined, { timeout: 5_000 });

    // A frame caused outside the page reaches its frame log: only the (named) events of the stream reload that panel.
    const member = fleet.get('EVB-L0517');
    const seqBefore = member.frames!.list().at(-1)!.seq;
    member.station.context.controls.plugIn!(1);
    await until(() => member.frames!.list().some((f) => f.seq > seqBefore && f.action === 'StatusNotification' && f.direction === 'in'), 'the StatusNotification of the plug answered');
    const seqAfter = member.frames!.list().at(-1)!.seq;
    await page.waitForFunction((seq) => Array.from(document.querySelectorAll('#frames .frame')).some((r) => Number(r.getAttribute('data-seq')) >= seq), seqAfter, { timeout: 5_000 });
    // The frame log's notice: this station keeps its full log since it was viewed, and says from when.
    await page.waitForFunction(() => /^Full frame log since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(station time\)/.test(document.querySelector('#frames-notice')?.textContent ?? ''), undefined, { timeout: 5_000 });
    assert.equal(await page.isHidden('#frames-notice'), false);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('dashboard with an API token (issue 12 item 3; the Docker image needs one): /#token= works and leaves the address, every call carries the token and no URL does; without it the page asks for it, refuses a wrong one, works with the right one', { timeout: 90_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const TOKEN = 'dash-token-4f1c9a7e2b';
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-0001': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, csms, clock, port: 0, token: TOKEN });
  fleet.add({ id: 'EVB-TOK' });
  const browser = await launchChromium();
  try {
    await until(() => fleet.get('EVB-TOK').station.registration === 'Accepted', 'registration');
    const member = fleet.get('EVB-TOK');
    /** A frame caused outside the page; resolves with its seq once the station logged the answer. */
    const frameFromOutside = async (act: () => void, what: string): Promise<number> => {
      const before = member.frames!.list().at(-1)!.seq;
      act();
      await until(() => member.frames!.list().some((f) => f.seq > before && f.action === 'StatusNotification' && f.direction === 'in'), what);
      return member.frames!.list().at(-1)!.seq;
    };
    const frameShown = (page: Page, seq: number) => page.waitForFunction((s) => Array.from(document.querySelectorAll('#frames .frame')).some((r) => Number(r.getAttribute('data-seq')) >= s), seq, { timeout: 10_000 });
    const requests: Array<{ url: string; authorization: string | undefined }> = [];
    const watch = (page: Page): void => { page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization })); };

    // 1. Opened with the token in the fragment.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const { page, pageErrors } = await openPage(context);
    watch(page);
    await page.goto(`${api.url}/#token=${TOKEN}`);
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Available', undefined, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => location.href), `${api.url}/`, 'the token is gone from the address bar');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('chargetwin.apiToken')), TOKEN, 'kept for this tab');
    assert.equal(await page.isHidden('#token-form'), true, 'no prompt when the token came with the address');
    // Live frames come through the event stream (only its events reload the frame log).
    await frameShown(page, await frameFromOutside(() => member.station.context.controls.plugIn!(1, { requesting: false }), 'a plug from outside answered'));
    await page.click('button[data-act="unplug"][data-connector="1"]');
    await until(() => member.station.context.status.get(1).status === 'Available', 'unplugged by the page');
    // Controls work: plug in, badge → Charging.
    await page.fill('#badge-1', 'TAG-0001');
    await page.click('button[data-act="plug"][data-connector="1"]');
    await page.click('button[data-act="badge"][data-connector="1"]');
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Charging', undefined, { timeout: 10_000 });
    assert.equal(member.station.context.status.get(1).status, 'Charging');
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/);
    await page.close();

    // 2. Opened without it (a new tab: nothing stored): the prompt; a wrong token is refused; the right one works.
    const bare = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page2 = await bare.newPage();
    watch(page2);
    collectPageErrors(page2, pageErrors);
    await page2.goto(`${api.url}/`);
    await page2.waitForSelector('#token-form:not([hidden])', { timeout: 10_000 });
    assert.match(await page2.textContent('#token-message') ?? '', /needs its token/);
    assert.equal(await page2.$$eval('#station-list button.station', (b) => b.length), 0, 'nothing shown without the token');
    await page2.fill('#token-input', 'not-the-token-000000');
    await page2.click('#token-submit');
    await page2.waitForFunction(() => /refused that token/.test(document.querySelector('#token-message')?.textContent ?? '') && !(document.querySelector('#token-form') as HTMLFormElement).hidden, undefined, { timeout: 10_000 });
    assert.equal(await page2.evaluate(() => sessionStorage.getItem('chargetwin.apiToken')), null, 'a refused token is not kept');
    await page2.fill('#token-input', TOKEN);
    await page2.click('#token-submit');
    await page2.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Charging', undefined, { timeout: 10_000 });
    assert.equal(await page2.isHidden('#token-form'), true);
    await frameShown(page2, await frameFromOutside(() => member.station.context.controls.evRequestsEnergy!(1, false), 'the EV pausing answered'));
    await page2.click('button[data-act="stop"][data-connector="1"]');
    await page2.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Finishing', undefined, { timeout: 10_000 });

    // No URL the server saw holds the token; every API call after it was known carried it.
    assert.ok(requests.length > 10);
    for (const r of requests) assert.ok(!r.url.includes(TOKEN) && !r.url.includes('token='), `no token in ${r.url}`);
    const apiCalls = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
    assert.ok(apiCalls.some((r) => new URL(r.url).pathname === '/api/events' && r.authorization === `Bearer ${TOKEN}`), 'the event stream carries the token');
    assert.ok(apiCalls.filter((r) => r.authorization === `Bearer ${TOKEN}`).length > 5);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
