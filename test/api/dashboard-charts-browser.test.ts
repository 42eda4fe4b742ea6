/// <reference lib="dom" />
/**
 * The dashboard's charts (issue 16 item 1), in Debian's chromium driven by playwright-core: after a
 * 30-minute fast-forward the connector charts show the station's own readings on its clock, with units
 * on the axes and, under the cursor, exactly the values GET …/history serves; drag zooms, a double click
 * shows everything again; the composite schedule is a step chart beside each profile's own limit.
 * Screenshots go to test-results/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { skipWithoutChromium, launchChromium, openPage, screenshotPath } from '../support/headless-chromium.ts';

interface History { at: number[]; currentA: number[]; offeredA: number[]; limitA: Array<number | null>; powerKW: number[]; energyKWh: Array<number | null>; socPercent: Array<number | null> }
interface Axes { x: { unit: string; ticks: string[] }; [scale: string]: { unit: string; ticks: string[] } }

const axesOf = async (page: Page, id: string): Promise<Axes> => JSON.parse(await page.getAttribute(id, 'data-axes') ?? '{}') as Axes;
/** The legend rows of a chart: label → value. */
const legendOf = (page: Page, id: string): Promise<Record<string, string>> => page.$$eval(`${id} .u-legend .u-series`, (rows) =>
  Object.fromEntries(rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? ''])));
/** A time tick: "HH:MM", or "MM-DD" at midnight (the axis names the new day there). */
const TIME_TICK = /^(\d\d:\d\d|\d\d-\d\d)$/;
/** Minutes since midnight UTC of a time tick (a day's "MM-DD" tick is midnight). */
const minuteOf = (tick: string): number => (tick.includes('-') ? 0 : Number(tick.slice(0, 2)) * 60 + Number(tick.slice(3, 5)));

test('dashboard charts: after a 30-minute fast-forward, station-time axes with units, the values under the cursor are the API\'s history, zoom; the composite schedule steps with each profile\'s own limit', { timeout: 90_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-CH': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation() });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-CH' });
  const browser = await launchChromium();
  try {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Available', undefined, { timeout: 15_000 });

    // A session by clicking, then half an hour of station time at once (the header's fast-forward).
    await page.fill('#badge-1', 'TAG-CH');
    await page.click('button[data-act="plug"][data-connector="1"]');
    await page.click('button[data-act="badge"][data-connector="1"]');
    await page.waitForFunction(() => document.querySelector('#conn-1-status')?.textContent === 'Charging', undefined, { timeout: 10_000 });
    const started = clock.now();
    await page.fill('#ff-amount', '30');
    await page.selectOption('#ff-unit', 'min');
    await page.click('button[data-act="fast-forward"]');
    await page.waitForFunction(() => {
      const e = JSON.parse((document.querySelector('#chart-1-energy') as HTMLElement).dataset.series ?? '[]') as Array<{ label: string; last: number | null }>;
      return (e.find((s) => s.label === 'energy this session kWh')?.last ?? 0) > 10;
    }, undefined, { timeout: 15_000 });

    // Axes: time ticks on the station clock (the jumped half hour), a unit on each y axis.
    const electrics = await axesOf(page, '#chart-1');
    const energy = await axesOf(page, '#chart-1-energy');
    assert.deepEqual([electrics.A?.unit, electrics.kW?.unit, energy.kWh?.unit, energy['%']?.unit], ['A', 'kW', 'kWh', '%']);
    assert.equal(electrics.x.unit, 'UTC (station clock)');
    assert.ok(electrics.x.ticks.length >= 3 && electrics.x.ticks.every((tick) => TIME_TICK.test(tick)), `time ticks ${JSON.stringify(electrics.x.ticks)}`);
    const startMinute = Math.floor((started % 86_400_000) / 60_000);
    const lastTick = minuteOf(electrics.x.ticks.at(-1)!);
    assert.ok((lastTick - startMinute + 1440) % 1440 >= 20, `the time axis runs into the fast-forwarded half hour (ticks ${JSON.stringify(electrics.x.ticks)}, start ${startMinute} min)`);
    assert.ok(electrics.A!.ticks.length >= 2 && energy.kWh!.ticks.some((v) => Number(v) >= 10), 'value ticks up to the energy delivered');

    // The cursor in the middle of each chart: the legend shows the reading there, as the API serves it.
    const history = await (await fetch(`${api.url}/api/stations/EVB-CH/connectors/1/history`)).json() as History;
    for (const id of ['#chart-1', '#chart-1-energy']) {
      const over = page.locator(`${id} .u-over`);
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 3 });
      await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement).dataset.cursorAt !== undefined, id, { timeout: 5_000 });
      const at = Number(await page.getAttribute(id, 'data-cursor-at'));
      const i = history.at.indexOf(at);
      assert.ok(i >= 0, `the reading under the cursor (${at}) is one the API serves`);
      assert.ok(at > started + 5 * 60_000, 'the middle of the chart is inside the fast-forwarded half hour');
      const legend = await legendOf(page, id);
      assert.equal(legend['station time'], `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
      if (id === '#chart-1') {
        assert.deepEqual([legend['current (A)'], legend['offered (A)'], legend['limit (A)'], legend['power (kW)']],
          [`${history.currentA[i]!.toFixed(1)} A`, `${history.offeredA[i]!.toFixed(1)} A`, `${history.limitA[i]!.toFixed(1)} A`, `${history.powerKW[i]!.toFixed(2)} kW`]);
        assert.equal(legend['current (A)'], '32.0 A');
      } else {
        assert.deepEqual([legend['energy this session (kWh)'], legend['state of charge (%)']], [`${history.energyKWh[i]!.toFixed(3)} kWh`, `${history.socPercent[i]!.toFixed(1)} %`]);
        assert.ok(history.energyKWh[i]! > 0.5 && history.energyKWh[i]! < history.energyKWh.at(-1)!, 'energy delivered so far in the session');
      }
    }
    await page.locator('#live-panel').screenshot({ path: screenshotPath('dashboard-charts.png') });

    // Drag across the middle third: the time axis narrows; a double click shows everything again.
    await page.locator('#chart-1 .u-over').scrollIntoViewIfNeeded();
    const box = (await page.locator('#chart-1 .u-over').boundingBox())!;
    const span = (ticks: string[]): number => (minuteOf(ticks.at(-1)!) - minuteOf(ticks[0]!) + 1440) % 1440;
    const before = span(electrics.x.ticks);
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((n) => {
      const ticks = (JSON.parse((document.querySelector('#chart-1') as HTMLElement).dataset.axes ?? '{}') as Axes).x.ticks;
      const m = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
      return ticks.length >= 2 && ((m(ticks.at(-1)!) - m(ticks[0]!) + 1440) % 1440) < n / 2;
    }, before, { timeout: 5_000 });
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction((n) => {
      const ticks = (JSON.parse((document.querySelector('#chart-1') as HTMLElement).dataset.axes ?? '{}') as Axes).x.ticks;
      const m = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
      return ((m(ticks.at(-1)!) - m(ticks[0]!) + 1440) % 1440) >= n;
    }, before, { timeout: 5_000 });

    // A TxDefaultProfile from the embedded central system: 16 A in an hour, 8 A an hour later.
    const from = new Date(clock.now() + 3_600_000).toISOString();
    const set = await fetch(`${api.url}/api/csms/stations/EVB-CH/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'SetChargingProfile', payload: {
      connectorId: 1, csChargingProfiles: { chargingProfileId: 9, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { startSchedule: from, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 3600, limit: 8 }] } } } }) });
    assert.deepEqual(await set.json(), { confirmation: { status: 'Accepted' } });
    await page.waitForFunction(() => {
      const s = JSON.parse((document.querySelector('#schedule') as HTMLElement).dataset.series ?? '[]') as Array<{ label: string; max: number | null; last: number | null }>;
      return s[0]?.label === 'composite A' && s[0].max === 32 && s[0].last === 8 && s.some((x) => /^profile 9 /.test(x.label));
    }, undefined, { timeout: 10_000 });
    const schedule = JSON.parse(await page.getAttribute('#schedule', 'data-series') ?? '[]') as Array<{ label: string; points: number; first: number | null; last: number | null }>;
    assert.deepEqual(schedule.map((s) => [s.label, s.first, s.last]), [['composite A', 32, 8], ['profile 9 (TxDefaultProfile, stack 1) A', 32, 8]]);
    assert.ok(schedule[0]!.points >= 3, 'the composite steps: 32 A, 16 A, 8 A');
    const scheduleAxes = await axesOf(page, '#schedule');
    assert.equal(scheduleAxes.A?.unit, 'A');
    assert.ok(scheduleAxes.x.ticks.length >= 3);
    const legend = await legendOf(page, '#schedule');
    assert.ok('composite (A)' in legend && 'profile 9 (TxDefaultProfile, stack 1) (A)' in legend, JSON.stringify(legend));
    await page.locator('#schedule-panel').screenshot({ path: screenshotPath('dashboard-schedule.png') });
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('dashboard charts: the notice above them says when a station records only since its charts were opened (viewed) or keeps nothing (off)', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, tags: { 'TAG-VW': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), history: 'viewed' });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-VW' });
  fleet.add({ id: 'EVB-OFF', history: 'off' });
  const browser = await launchChromium();
  try {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${api.url}/`);
    await page.click('button[data-station="EVB-VW"]');
    await page.waitForFunction(() => document.querySelector('#history-notice')?.getAttribute('data-mode') === 'viewed', undefined, { timeout: 15_000 });
    const since = fleet.get('EVB-VW').historyRecording().since!;
    assert.ok(since !== null, 'opening the charts started the recording');
    assert.equal(await page.isVisible('#history-notice'), true);
    assert.match(await page.textContent('#history-notice') ?? '', new RegExp(`History recorded since ${new Date(since).toISOString().replace('T', ' ').slice(0, 19)} UTC \\(station time\\)`));
    await page.screenshot({ path: screenshotPath('dashboard-history-viewed.png'), fullPage: true });

    await page.click('button[data-station="EVB-OFF"]');
    await page.waitForFunction(() => document.querySelector('#history-notice')?.getAttribute('data-mode') === 'off', undefined, { timeout: 15_000 });
    assert.match(await page.textContent('#history-notice') ?? '', /keeps no chart history \(history mode "off"\)/);
    assert.equal(fleet.get('EVB-OFF').historyRecording().recording, false);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
