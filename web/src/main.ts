/**
 * The ChargeTwin dashboard: every station with its connectors (and connector 0), the running
 * transactions, live current / power / energy / limit charts, the composite schedule, vendor faults,
 * the local authorization list, the central system's transactions, the filterable OCPP frame log, and
 * a button or form for every control of the API. Live through the API's Server-Sent Events (read with
 * fetch, so they carry the API token like every other call), with a slow poll as a safety net.
 */
import { api, stationPath } from './api.ts';
import { authHeaders, onTokenChange, setUpTokenPrompt, tokenRefused } from './api-token.ts';
import { readEventStream, type EventStreamReader } from './event-stream-reader.ts';
import { CLOCK_CONTROLS, CONTROLS } from './controls.ts';
import { Dashboard } from './dashboard.ts';
import { byId, inputValue, notice } from './dom.ts';
import { modelOptions } from './product-data.ts';
import type { FleetEvent } from './types.ts';
import { startWorkbench } from './workbench.ts';

const EVENT_TYPES = new Set<string>(['frame', 'changed', 'added', 'removed'] satisfies Array<FleetEvent['type']>);

// First of all: a token in the address (`/#token=…`) is taken and removed from the address bar.
setUpTokenPrompt();
const app = new Dashboard();
const models = byId('models');
if (models) models.innerHTML = modelOptions();

async function runControl(name: string, el: HTMLElement): Promise<void> {
  const connectorId = Number(el.dataset.connector ?? 1);
  const text = name === 'remove' ? `Remove station ${app.selected ?? ''}` : el.textContent?.trim() || name;
  const label = `${text}${el.dataset.connector !== undefined ? ` (connector ${connectorId})` : ''}`;
  if (name === 'remove' && !el.dataset.armed) {
    el.dataset.armed = '1';
    el.textContent = 'Click again to remove';
    window.setTimeout(() => { delete el.dataset.armed; el.textContent = 'Remove station'; }, 4000);
    return;
  }
  const id = app.selected;
  const control = CONTROLS[name];
  if (!control || (!id && !CLOCK_CONTROLS.has(name))) return;
  notice(`${label}…`);
  try {
    await control(stationPath(id ?? ''), connectorId);
    app.report(label);
  } catch (e) {
    app.report(label, e);
  }
  if (name === 'remove' && id) app.selected = undefined;
  await app.refresh();
  if (CLOCK_CONTROLS.has(name) || name.startsWith('reboot') || name.startsWith('power')) void app.reloadPanels().catch(() => undefined);
}

document.addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  const station = t.closest<HTMLElement>('[data-station]')?.dataset.station;
  if (station) { app.select(station); return; }
  // A click on a frame's line (not on its JSON, which stays selectable) expands or collapses it.
  const line = t.closest<HTMLElement>('.frame-line');
  if (line) { app.frames.toggle(Number(line.closest<HTMLElement>('.frame')?.dataset.seq)); return; }
  const button = t.closest<HTMLElement>('[data-act]');
  const act = button?.dataset.act;
  if (!button || !act) return;
  const id = app.selected;
  if (act === 'schedule') { void app.loadSchedule(); return; }
  if (act === 'll-add') { app.localList.add(); return; }
  if (act === 'll-remove') { app.localList.remove(Number(button.dataset.llIndex)); return; }
  if (act === 'll-reload' && id) { void app.localList.load(id, true).then(() => notice('local list reloaded'), (x: unknown) => app.report('local list', x)); return; }
  if (act === 'll-save' && id) { void app.localList.save(id).catch((x: unknown) => app.report('save local list', x)); return; }
  if (act === 'cfg-set' && id && button.dataset.key) { void app.config.set(id, button.dataset.key); return; }
  if (act === 'cfg-reload' && id) { void app.config.load(id).then(() => notice('configuration reloaded'), (x: unknown) => app.report('configuration', x)); return; }
  if (act === 'frame-toggle') { app.frames.toggle(Number(button.dataset.seq)); return; }
  if (act === 'frame-copy') { void app.frames.copy(Number(button.dataset.seq)); return; }
  if (act === 'frames-export') { app.frames.export(); return; }
  void runControl(act, button);
});

document.addEventListener('input', (e) => {
  const t = e.target as HTMLElement;
  if (t.id === 'station-filter') {
    const text = inputValue('station-filter').trim();
    // Refused with a message, not cut: a station id is at most 48 characters, so a longer filter matches nothing.
    if (text.length > 48) { notice(`the filter is ${text.length} characters; station ids have at most 48`, 'error'); return; }
    app.setFilter(text);
    return;
  }
  if (t.id === 'frames-text') { app.debounce('frames-text', 150, () => app.frames.refilter()); return; }
  if (t.id === 'cfg-filter') { app.config.filter(); return; }
  app.localList.edit(t);
});

document.addEventListener('change', (e) => {
  const t = e.target as HTMLElement;
  const id = app.selected;
  if (!id) return;
  if (t.id === 'frames-action' || t.id === 'frames-direction' || t.id === 'frames-limit') void app.frames.load(id).catch((x: unknown) => app.report('frames', x));
  if (t.id === 'frames-type') app.frames.refilter();
  if (t.id === 'schedule-connector') void app.loadSchedule();
});

// Enter in a configuration value field sets it, as its Set button does.
document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  if (e.key !== 'Enter' || !t.id.startsWith('cfg-input-') || !app.selected) return;
  e.preventDefault();
  void app.config.set(app.selected, t.id.slice('cfg-input-'.length));
});

document.addEventListener('submit', (e) => {
  const form = e.target as HTMLFormElement;
  e.preventDefault();
  if (form.dataset.form === 'ev') { void runControl('ev', form.querySelector<HTMLElement>('button[type="submit"]') ?? form); return; }
  if (form.id === 'add-station') {
    const id = inputValue('new-id').trim();
    const model = inputValue('new-model').trim();
    if (!id) { notice('type a station id first', 'error'); return; }
    void api('POST', '/api/stations', { id, ...(model ? { model } : {}) })
      .then(() => { app.report(`add station ${id}`); app.selected = id; return app.refresh(); }, (x: unknown) => app.report(`add station ${id}`, x));
  }
});

// The event stream carries the frames of the selected station only (and every station's state changes),
// so a fleet of thousands does not stream every heartbeat to the browser. It follows the selection.
// It is read with fetch (event-stream-reader.ts), not EventSource, so it can carry the bearer token.
let events: EventStreamReader | undefined;
function followEvents(id: string | undefined): void {
  events?.close();
  events = readEventStream({
    url: `/api/events${id ? `?station=${encodeURIComponent(id)}` : ''}`,
    headers: authHeaders,
    onUnauthorized: tokenRefused,
    onEvent: (e) => {
      // Events lost while away (the server's resume buffer ran past them): read the whole state again.
      if (e.type === 'missed') { void app.refresh(); return; }
      // Events are named after their type (docs/control-api.md); unnamed `message` events are none of ours.
      if (!EVENT_TYPES.has(e.type)) return;
      try { app.onEvent(JSON.parse(e.data) as FleetEvent); } catch { /* a malformed event is ignored; the poll catches up */ }
    },
  });
}
// The fleet view and the central-system console above the station detail (workbench.ts).
const bench = startWorkbench((what, e) => app.report(what, e), app.selected);
app.onSelect = (id) => { followEvents(id); bench.console.setStation(id); bench.fleet.setStation(id); };
followEvents(app.selected);
// A token entered in the prompt (or a new `#token=`): read everything again with it.
onTokenChange(() => { void app.refresh(); void app.reloadPanels().catch(() => undefined); });
window.setInterval(() => void app.refresh(), 2000);
void app.refresh();
