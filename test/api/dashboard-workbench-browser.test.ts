/// <reference lib="dom" />
/**
 * Issue 16 items 2 and 6 in Debian's chromium (playwright-core): the central-system console (a call and
 * its answer; a SetChargingProfile built with the schedule editor; invalid input refused before sending
 * with the schema's message) and the fleet view with 1,000 twins (the counts shown match the fleet; the
 * list filtered and sorted; the session generator started and stopped; fault injection added, seen firing,
 * refused with the API's message and cleared from the view). Screenshots under test-results/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { skipWithoutChromium, launchChromium, openPage, screenshotPath, until } from '../support/headless-chromium.ts';

test('dashboard central-system console (issue 16 item 2): ChangeConfiguration answered Accepted beside the form; a schedule built in the editor; invalid input refused before sending with the schema\'s message; history of calls', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-CON' });
  const browser = await launchChromium();
  try {
    await until(() => fleet.get('EVB-CON').station.registration === 'Accepted', 'registration');
    const member = fleet.get('EVB-CON');
    const { page, pageErrors } = await openPage(browser);
    const calls: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/call')) calls.push(JSON.parse(r.postData() ?? '{}').action as string); });
    await page.goto(`${api.url}/`);
    await page.waitForSelector('#csms-console:not([hidden])', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#console-station')?.textContent === 'EVB-CON', undefined, { timeout: 10_000 });
    // SendLocalList is listed as the guide says: not supported, and cannot be picked.
    assert.match(await page.textContent('#console-action option[value="SendLocalList"]') ?? '', /Not supported/);
    assert.equal(await page.getAttribute('#console-action option[value="SendLocalList"]', 'disabled'), '');
    assert.equal(await page.$$eval('#console-action option:not([disabled])', (o) => o.length), 18);

    // ChangeConfiguration HeartbeatInterval → Accepted, shown beside the form; the station took it.
    await page.selectOption('#console-action', 'ChangeConfiguration');
    await page.fill('#cf-key', 'HeartbeatInterval');
    await page.fill('#cf-value', '120');
    await page.click('#console-send');
    await page.waitForFunction(() => document.querySelector('#console-answer')?.getAttribute('data-outcome') === 'result', undefined, { timeout: 10_000 });
    assert.match(await page.textContent('#console-answer') ?? '', /CALLRESULT[\s\S]*"status": "Accepted"/);
    assert.equal(member.station.context.config.int('HeartbeatInterval'), 120);
    const first = await page.$$eval('#console-history tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((c) => c.textContent)));
    assert.equal(first.length, 1);
    assert.deepEqual(first[0]!.slice(1, 5), ['EVB-CON', 'ChangeConfiguration', '{"key":"HeartbeatInterval","value":"120"}', '{"status":"Accepted"}']);
    assert.match(first[0]![5]!, /^\d+$/, 'the latency in ms');

    // SetChargingProfile through the schedule editor: two periods, the second added as a row.
    await page.selectOption('#console-action', 'SetChargingProfile');
    await page.fill('#cf-connectorId', '1');
    await page.fill('#cf-csChargingProfiles-chargingProfileId', '7');
    await page.fill('#cf-csChargingProfiles-stackLevel', '2');
    await page.selectOption('#cf-csChargingProfiles-chargingProfilePurpose', 'TxDefaultProfile');
    await page.selectOption('#cf-csChargingProfiles-chargingProfileKind', 'Absolute');
    await page.fill('#cf-csChargingProfiles-chargingSchedule-startSchedule', '2020-01-01T00:00:00Z');
    await page.selectOption('#cf-csChargingProfiles-chargingSchedule-chargingRateUnit', 'A');
    await page.click('#cf-csChargingProfiles-chargingSchedule-chargingSchedulePeriod-add');
    const period = (k: string) => page.locator(`[data-field="csChargingProfiles.chargingSchedule.chargingSchedulePeriod.${k}"]`);
    await period('startPeriod').nth(0).fill('0');
    await period('limit').nth(0).fill('16');
    await period('startPeriod').nth(1).fill('3600');
    await period('limit').nth(1).fill('10.5');
    await page.click('#console-send');
    await page.waitForFunction(() => document.querySelector('#console-history tbody tr')?.getAttribute('data-action') === 'SetChargingProfile', undefined, { timeout: 10_000 });
    assert.match(await page.textContent('#console-answer') ?? '', /"status": "Accepted"/);
    const sent = JSON.parse(await page.textContent('#console-history tbody tr:first-child td:nth-child(4)') ?? '') as unknown;
    assert.deepEqual(sent, { connectorId: 1, csChargingProfiles: { chargingProfileId: 7, stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: { startSchedule: '2020-01-01T00:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 3600, limit: 10.5 }] } } });

    // Invalid input is refused before sending, with the schema's message; the station receives nothing.
    const framesBefore = member.frames!.total;
    const csmsFramesBefore = csms.frames.length;
    await page.selectOption('#console-action', 'UnlockConnector');
    await page.fill('#cf-connectorId', '1.5');
    await page.click('#console-send');
    await page.waitForFunction(() => document.querySelector('#console-answer')?.getAttribute('data-outcome') === 'refused', undefined, { timeout: 10_000 });
    assert.equal(await page.textContent('#console-answer'), 'Not sent: payload of UnlockConnector: /connectorId must be integer');
    // Nothing is picked for the person: Reset without a type is refused (its first value would be Hard).
    await page.selectOption('#console-action', 'Reset');
    assert.equal(await page.inputValue('#cf-type'), '');
    await page.click('#console-send');
    await page.waitForFunction(() => /Reset: \(payload\) misses required property "type"/.test(document.querySelector('#console-answer')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.selectOption('#console-action', 'ChangeAvailability');
    await page.fill('#cf-connectorId', 'one');
    await page.selectOption('#cf-type', 'Operative');
    await page.click('#console-send');
    await page.waitForFunction(() => /ChangeAvailability: \/connectorId must be integer/.test(document.querySelector('#console-answer')?.textContent ?? ''), undefined, { timeout: 10_000 });
    // (The schedule panel asks GetCompositeSchedule through the same route.)
    assert.deepEqual(calls.filter((a) => a !== 'GetCompositeSchedule'), ['ChangeConfiguration', 'SetChargingProfile'], 'the page never posted the refused calls');
    // (Heartbeats and meter values of their own may pass meanwhile: only these two actions count.)
    const refusedActions = (a: string): boolean => a === 'UnlockConnector' || a === 'ChangeAvailability' || a === 'Reset';
    assert.deepEqual(member.frames!.list().filter((f) => f.seq > framesBefore && refusedActions(f.action)), [], 'the station received neither call');
    assert.deepEqual(csms.frames.slice(csmsFramesBefore).filter((f) => /"(UnlockConnector|ChangeAvailability|Reset)"/.test(f.text)), [], 'the central system sent neither call');
    const outcomes = await page.$$eval('#console-history tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-action')}:${r.getAttribute('data-outcome')}`));
    assert.deepEqual(outcomes, ['ChangeAvailability:refused', 'Reset:refused', 'UnlockConnector:refused', 'SetChargingProfile:result', 'ChangeConfiguration:result']);

    await page.locator('#csms-console').screenshot({ path: screenshotPath('dashboard-console.png') });
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('dashboard fleet view with 1,000 twins (issue 16 item 6): the counts shown match the fleet; the list filtered by status and sorted; a row selects its station; the session generator started and stopped from the view', { timeout: 150_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock, recordFrames: false, tags: { 'TAG-F': 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0' } }), framesPerStation: 20 });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  const n = 1000;
  const id = (i: number): string => `EVB-F${String(i).padStart(4, '0')}`;
  for (let i = 0; i < n; i++) fleet.add({ id: id(i) });
  const browser = await launchChromium();
  try {
    await until(() => fleet.list().every((m) => m.station.registration === 'Accepted'), `${n} registrations`, 90_000);
    // Two sessions, one cable in without a badge, one station off the network.
    for (const i of [10, 500]) {
      const m = fleet.get(id(i));
      m.station.context.controls.plugIn!(1);
      assert.equal((await m.station.context.controls.presentBadge!('TAG-F', 1)).accepted, true);
    }
    fleet.get(id(20)).station.context.controls.plugIn!(1);
    fleet.get(id(30)).runtime.cutNetwork();
    await until(() => [10, 500].every((i) => fleet.get(id(i)).station.context.status.get(1).status === 'Charging'), 'two sessions charging', 10_000);

    /** What the fleet holds, counted here from the twins themselves. */
    const expected = (): Record<string, number> => {
      const out: Record<string, number> = {};
      const bump = (k: string): void => { out[k] = (out[k] ?? 0) + 1; };
      for (const m of fleet.list()) {
        const snap = m.station.snapshot();
        bump(`registration:${snap.registration}`);
        bump(`link:${m.runtime.link}`);
        for (const c of snap.connectors.slice(1)) bump(`status:${c.status}`);
      }
      return out;
    };
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => document.querySelector('#fv-stations')?.textContent === '1000', undefined, { timeout: 15_000 });
    const shown = (): Promise<Record<string, number>> => page.$$eval('#fv-counts [data-count]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-count'), Number(/(\d+)$/.exec(e.textContent ?? '')?.[1])])));
    let last: Record<string, number> = {};
    await until(async () => { last = await shown(); return JSON.stringify(Object.entries(last).sort()) === JSON.stringify(Object.entries(expected()).sort()); },
      'the counts shown to match the fleet', 15_000).catch((e: unknown) => { throw new Error(`${String(e)}: shown ${JSON.stringify(last)}, fleet ${JSON.stringify(expected())}`); });
    assert.equal(last['registration:Accepted'], n);
    assert.equal(last['status:Charging'], 2);
    assert.equal(last['link:open'], n - 1);
    assert.equal(await page.textContent('#fv-sessions'), '2');
    await page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.querySelector('#fv-fps')?.textContent ?? ''), undefined, { timeout: 10_000 });

    // Filtered by connector status: exactly the charging stations.
    await page.selectOption('#fv-status', 'Charging');
    await page.waitForFunction(() => document.querySelector('#fv-table')?.getAttribute('data-query')?.includes('status=Charging') === true, undefined, { timeout: 10_000 });
    assert.deepEqual(await page.$$eval('#fv-rows tr', (rows) => rows.map((r) => r.getAttribute('data-station'))), [id(10), id(500)]);
    assert.equal(await page.textContent('#fv-shown'), '2 shown');
    // Any status, sorted by id descending (a second click on the column turns the order).
    await page.selectOption('#fv-status', '');
    await page.click('#fv-sort-id');
    await page.waitForFunction(() => document.querySelector('#fv-table')?.getAttribute('data-query')?.includes('sort=id&order=asc') === true, undefined, { timeout: 10_000 });
    await page.click('#fv-sort-id');
    await page.waitForFunction(() => document.querySelector('#fv-table')?.getAttribute('data-query')?.includes('sort=id&order=desc') === true, undefined, { timeout: 10_000 });
    assert.deepEqual(await page.$$eval('#fv-rows tr', (rows) => rows.slice(0, 3).map((r) => r.getAttribute('data-station'))), [id(999), id(998), id(997)]);
    assert.equal(await page.textContent('#fv-shown'), '100 of 1000 shown');
    // By link: the station off the network sorts apart from the 999 open ones.
    await page.click('#fv-sort-link');
    await page.waitForFunction(() => document.querySelector('#fv-table')?.getAttribute('data-query')?.includes('sort=link&order=asc') === true, undefined, { timeout: 10_000 });
    const linkOrder = await page.$$eval('#fv-rows tr td:nth-child(3)', (cells) => cells.map((c) => c.textContent ?? ''));
    assert.deepEqual(linkOrder, [...linkOrder].sort());
    // A row selects its station (the console follows the selection).
    await page.click('#fv-sort-id');
    await page.waitForFunction(() => document.querySelector('#fv-table')?.getAttribute('data-query')?.includes('sort=id&order=asc') === true, undefined, { timeout: 10_000 });
    await page.click(`#fv-rows tr[data-station="${id(42)}"]`);
    await page.waitForFunction((s) => document.querySelector('#console-station')?.textContent === s, id(42), { timeout: 10_000 });
    await page.locator('#fleet-view').screenshot({ path: screenshotPath('dashboard-fleet-view.png') });
    await page.screenshot({ path: screenshotPath('dashboard-workbench.png'), fullPage: false });

    // The session generator from the view: started on every station, then stopped.
    await page.click('#fv-generator-start');
    await until(async () => (await (await fetch(`${api.url}/api/sessions-generator`)).json() as { running: number }).running === n, 'the generator running on every station', 15_000);
    await page.waitForFunction((k) => (document.querySelector('#fv-generator')?.textContent ?? '').startsWith(`${k} of ${k} running`), n, { timeout: 10_000 });
    await page.click('#fv-generator-stop');
    await until(async () => (await (await fetch(`${api.url}/api/sessions-generator`)).json() as { running: number }).running === 0, 'the generator stopped', 15_000);
    await page.waitForFunction((k) => (document.querySelector('#fv-generator')?.textContent ?? '').startsWith(`0 of ${k} running`), n, { timeout: 10_000 });
    assert.doesNotMatch(await page.textContent('#notice') ?? '', /TWIN_ERR/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});

test('dashboard fleet view fault injection (issue 16 item 6): a rule added from the form is listed, fires on the central system\'s RemoteStartTransaction (Rejected, ⚡ in the frames panel) and goes; an invalid rule shows the API\'s message; every station listed and clear all; labelled and no overflow at 700 px', { timeout: 90_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const clock = new ScaledClock();
  const csms = await startCsms({ clock });
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation(), rebootDelayMs: 50, backoff: { initialMs: 20, maxMs: 50 } });
  const api = await startControlApi({ fleet, csms, clock, port: 0 });
  fleet.add({ id: 'EVB-FI1' });
  fleet.add({ id: 'EVB-FI2' });
  const browser = await launchChromium();
  const post = async (path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() as Record<string, unknown> };
  };
  try {
    await until(() => fleet.list().every((m) => m.station.registration === 'Accepted'), 'registrations');
    const { page, pageErrors } = await openPage(browser, { width: 700, height: 1000 });
    await page.goto(`${api.url}/`);
    await page.waitForSelector('#fv-rows tr[data-station="EVB-FI1"]', { timeout: 15_000 });
    await page.click('#fv-rows tr[data-station="EVB-FI1"]');
    await page.waitForFunction(() => document.querySelector('#fi-station')?.textContent === 'EVB-FI1', undefined, { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#fi-rows')?.textContent === 'no rule in force', undefined, { timeout: 10_000 });

    // The action select holds the actions of the direction chosen, as the OCPP 1.6 catalogue says.
    const { ACTIONS } = await import('../../src/ocpp/index.ts');
    const sentBy = (who: string): string[] => Object.entries(ACTIONS).filter(([, a]) => (a.direction === who || a.direction === 'Both') && a.profile !== 'Security').map(([name]) => name).sort();
    const actionOptions = (): Promise<string[]> => page.$$eval('#fi-action option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean).sort());
    assert.deepEqual(await actionOptions(), sentBy('CentralSystem'));
    await page.selectOption('#fi-direction', 'outgoing');
    assert.deepEqual(await actionOptions(), sentBy('ChargePoint'));
    assert.deepEqual(await page.$$eval('#fi-mode option', (os) => os.map((o) => o.textContent)), ['delay', 'drop', 'duplicate']);
    await page.selectOption('#fi-direction', 'incoming');

    // incoming RemoteStartTransaction answer-status Rejected, once: listed with one firing left.
    await page.selectOption('#fi-action', 'RemoteStartTransaction');
    await page.selectOption('#fi-mode', 'answer-status');
    assert.equal(await page.inputValue('#fi-payload'), '{"status":"Rejected"}');
    assert.equal(await page.inputValue('#fi-times'), '1');
    assert.equal(await page.isVisible('#fi-ms'), false, 'only the fields of the mode show');
    await page.click('#fi-add');
    await page.waitForSelector('#fi-rows tr[data-fault]', { timeout: 10_000 });
    const listed = await page.$$eval('#fi-rows tr[data-fault] td', (cells) => cells.slice(0, 3).map((c) => c.textContent));
    assert.deepEqual(listed, ['incoming RemoteStartTransaction answer-status {"status":"Rejected"}', '1', '0']);
    const rules = await (await fetch(`${api.url}/api/stations/EVB-FI1/faults`)).json() as Array<{ action: string; remaining: number }>;
    assert.deepEqual(rules.map((r) => [r.action, r.remaining]), [['RemoteStartTransaction', 1]]);
    assert.deepEqual(await (await fetch(`${api.url}/api/stations/EVB-FI2/faults`)).json(), [], 'only the selected station');

    // The central system sends RemoteStartTransaction: the station answers Rejected; the frame carries ⚡; the rule is spent.
    const call = await post('/api/csms/stations/EVB-FI1/call', { action: 'RemoteStartTransaction', payload: { idTag: 'TAG-FI', connectorId: 1 } });
    assert.equal(call.status, 200);
    assert.deepEqual(call.json.confirmation, { status: 'Rejected' });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#frames .frame-line')).some((l) => /RemoteStartTransaction/.test(l.textContent ?? '') && l.querySelector('.badge.injected')?.textContent?.startsWith('⚡') === true),
      undefined, { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#fi-rows')?.textContent === 'no rule in force', undefined, { timeout: 10_000 });
    assert.equal(fleet.get('EVB-FI1').station.context.status.get(1).status, 'Available', 'no session started');

    // An answer that breaks the action's schema: refused by the API, its message shown as it came.
    const bad = { direction: 'incoming', action: 'RemoteStartTransaction', mode: 'answer-status', payload: { status: 'Maybe' }, times: 1 };
    const refused = await post('/api/stations/EVB-FI2/faults', bad);
    assert.equal(refused.status, 400);
    const error = refused.json.error as { code: string; message: string };
    assert.equal(error.code, 'TWIN_ERR_FAULT_INVALID');
    await page.fill('#fi-payload', '{"status":"Maybe"}');
    await page.click('#fi-add');
    await page.waitForFunction(() => (document.querySelector('#fi-error')?.textContent ?? '') !== '', undefined, { timeout: 10_000 });
    assert.equal(await page.textContent('#fi-error'), `TWIN_ERR_FAULT_INVALID: ${error.message}`);
    assert.deepEqual(await (await fetch(`${api.url}/api/stations/EVB-FI1/faults`)).json(), [], 'nothing added');
    // Not JSON at all: said before sending.
    await page.fill('#fi-payload', '{status');
    await page.click('#fi-add');
    await page.waitForFunction(() => /must be JSON/.test(document.querySelector('#fi-error')?.textContent ?? ''), undefined, { timeout: 10_000 });

    // A rule until removed on every station listed (both), then removed one by one and with "clear all".
    await page.selectOption('#fi-direction', 'outgoing');
    await page.selectOption('#fi-action', 'Heartbeat');
    await page.selectOption('#fi-mode', 'delay');
    await page.fill('#fi-ms', '500');
    await page.fill('#fi-times', '0');
    await page.check('#fi-all');
    await page.click('#fi-add');
    await page.waitForFunction(() => /rule added on 2 stations/.test(document.querySelector('#fi-result')?.textContent ?? ''), undefined, { timeout: 10_000 });
    assert.equal(await page.textContent('#fi-error'), '');
    for (const id of ['EVB-FI1', 'EVB-FI2']) {
      const r = await (await fetch(`${api.url}/api/stations/${id}/faults`)).json() as Array<{ action: string; mode: string; ms: number; remaining: unknown }>;
      assert.deepEqual(r.map((x) => [x.action, x.mode, x.ms, x.remaining]), [['Heartbeat', 'delay', 500, 'always']], id);
    }
    await page.waitForFunction(() => document.querySelector('#fi-rows tr[data-fault] .fi-left')?.textContent === 'always', undefined, { timeout: 10_000 });
    await page.uncheck('#fi-all');
    await page.click('#fi-rows tr[data-fault] button[data-fi-remove]');
    await page.waitForFunction(() => document.querySelector('#fi-rows')?.textContent === 'no rule in force', undefined, { timeout: 10_000 });
    assert.equal((await (await fetch(`${api.url}/api/stations/EVB-FI2/faults`)).json() as unknown[]).length, 1, 'the other station keeps its rule');
    await page.check('#fi-all');
    await page.click('#fi-clear');
    await page.waitForFunction(() => /rules cleared on 2 stations/.test(document.querySelector('#fi-result')?.textContent ?? ''), undefined, { timeout: 10_000 });
    for (const id of ['EVB-FI1', 'EVB-FI2']) assert.deepEqual(await (await fetch(`${api.url}/api/stations/${id}/faults`)).json(), [], id);

    // Every control of the panel has a label; nothing wider than the 700 px window, whatever the direction.
    for (const direction of ['incoming', 'link']) {
      await page.selectOption('#fi-direction', direction);
      const unlabelled = await page.$$eval('#fault-panel input, #fault-panel select, #fault-panel button', (els) => els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .filter((e) => !(e.closest('label') || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent?.trim())))
        .map((e) => e.id));
      assert.deepEqual(unlabelled, [], direction);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 700, `no horizontal overflow (${direction})`);
    }
    await page.locator('#fault-panel').screenshot({ path: screenshotPath('dashboard-fault-injection-700.png') });
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await api.close(); await fleet.stop(); await csms.close(); clock.dispose();
  }
});
