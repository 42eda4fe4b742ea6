/**
 * The ChargeTwin dashboard: every station, its connectors, the running transaction, live current /
 * power / energy charts, the charging limit and composite schedule, vendor faults, the OCPP frame log,
 * and buttons for every control of the API. Live through the API's Server-Sent Events.
 */
import { api } from './api.ts';
import { drawChart, type Series } from './chart.ts';

interface Connector { id: number; status: string; errorCode: string; vendorErrorCode?: string; info?: string; plugged?: boolean; evRequesting?: boolean; currentA?: number; powerW?: number; energyWh?: number; limitA?: number | null; transaction?: { transactionId: number | null; idTag: string } | null; faults?: string[] }
interface Station { id: string; model: string; registration: string; link: string; at: number; connectors: Connector[]; stationFaults?: string[]; ledIntensity?: number; firmwareVersion?: string }
interface Frame { seq: number; at: number; direction: 'in' | 'out'; text: string; type: number; action: string }

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
const VENDOR_CODES = ['1.0', '1.1', '2.0', '2.1', '3.0', '4.0', '5.0', '6.0', '6.1', '7.0', '8.0', '9.0', '10.0', '10.1', '10.2', '11.0', '12.0', '13.0', '14.0', '15.0', '16.0', '17.0', '18.0', '18.1'];

let selected: string | undefined;
let stations: Station[] = [];
const history = new Map<string, Array<{ at: number; currentA: number; powerW: number; energyWh: number; limitA: number }>>();
let composite: Array<[number, number]> = [];
let refreshTimer: number | undefined;

function record(s: Station): void {
  const c = s.connectors[1];
  if (!c) return;
  const h = history.get(s.id) ?? [];
  h.push({ at: s.at, currentA: c.currentA ?? 0, powerW: c.powerW ?? 0, energyWh: c.energyWh ?? 0, limitA: c.limitA ?? 32 });
  if (h.length > 600) h.shift();
  history.set(s.id, h);
}

async function refresh(): Promise<void> {
  stations = await api<Station[]>('GET', '/api/stations');
  for (const s of stations) record(s);
  if (!selected && stations[0]) selected = stations[0].id;
  renderList();
  await renderDetail();
}

function scheduleRefresh(): void {
  if (refreshTimer !== undefined) return;
  refreshTimer = window.setTimeout(() => { refreshTimer = undefined; void refresh(); }, 150);
}

function renderList(): void {
  $('#stations').innerHTML = stations.map((s) => `<button data-station="${esc(s.id)}">${esc(s.id)} <span class="status ${esc(s.connectors[1]?.status ?? '')}">${esc(s.connectors[1]?.status ?? '?')}</span></button>`).join('')
    + `<div class="row"><input id="new-id" placeholder="new station id" size="12"><button id="add">Add</button></div>`;
}

async function renderDetail(): Promise<void> {
  const s = stations.find((x) => x.id === selected);
  const el = $('#detail');
  if (!s) return;
  const c = s.connectors[1];
  const clock = await api<{ now: number; scale: number; paused: boolean }>('GET', '/api/clock').catch(() => undefined);
  if (clock) $('#clock').textContent = `${new Date(clock.now).toISOString().replace('T', ' ').slice(0, 19)} UTC · ×${clock.scale}${clock.paused ? ' · paused' : ''}`;
  const frames = await api<Frame[]>('GET', `/api/stations/${encodeURIComponent(s.id)}/frames?limit=60`);
  const focus = document.activeElement?.id;
  el.innerHTML = `
  <div class="panel">
    <h2>Station ${esc(s.id)}</h2>
    <dl><dt>Model</dt><dd>${esc(s.model)} · firmware ${esc(s.firmwareVersion ?? '')}</dd><dt>Registration</dt><dd id="registration">${esc(s.registration)}</dd>
    <dt>Link</dt><dd>${esc(s.link)}</dd><dt>Connector 0</dt><dd><span class="status ${esc(s.connectors[0]?.status ?? '')}">${esc(s.connectors[0]?.status ?? '')}</span></dd>
    <dt>LED intensity</dt><dd>${s.ledIntensity ?? ''} %</dd><dt>Station faults</dt><dd>${esc((s.stationFaults ?? []).join(', ') || 'none')}</dd></dl>
    <div class="row"><button data-act="network-off">Cut network</button><button data-act="network-on">Restore network</button>
    <button data-act="power-off">Cut power</button><button data-act="power-on">Restore power</button><button data-act="reboot">Reboot</button></div>
  </div>
  <div class="panel">
    <h2>Connector 1</h2>
    <dl><dt>Status</dt><dd><span class="status ${esc(c?.status ?? '')}" id="connector-status">${esc(c?.status ?? '')}</span> ${esc(c?.errorCode && c.errorCode !== 'NoError' ? `${c.errorCode} ${c.vendorErrorCode ?? ''} ${c.info ?? ''}` : '')}</dd>
    <dt>Transaction</dt><dd id="transaction">${c?.transaction ? `#${c.transaction.transactionId ?? '(pending)'} · ${esc(c.transaction.idTag)}` : 'none'}</dd>
    <dt>Current / power</dt><dd>${c?.currentA ?? 0} A · ${((c?.powerW ?? 0) / 1000).toFixed(2)} kW</dd><dt>Energy</dt><dd>${((c?.energyWh ?? 0) / 1000).toFixed(3)} kWh</dd>
    <dt>Limit</dt><dd>${c?.limitA ?? '—'} A</dd><dt>Faults</dt><dd>${esc((c?.faults ?? []).join(', ') || 'none')}</dd></dl>
    <div class="row"><button data-act="plug">Plug in</button><button data-act="unplug">Unplug</button><button data-act="ev-on">EV requests energy</button><button data-act="ev-off">EV full/idle</button><button data-act="stop">Stop button</button></div>
    <div class="row"><input id="badge" placeholder="idTag" value="TAG-0001" size="10"><button data-act="badge">Present badge</button>
    <button data-act="unavailable">Make unavailable</button><button data-act="available">Make available</button></div>
    <div class="row"><select id="vendor-code">${VENDOR_CODES.map((v) => `<option>${v}</option>`).join('')}</select><button data-act="raise">Raise error</button><button data-act="clear">Clear error</button></div>
  </div>
  <div class="panel wide"><h2>Live current, power and energy</h2><canvas id="chart"></canvas></div>
  <div class="panel wide"><h2>Charging limit and composite schedule (next 24 h)</h2><canvas id="schedule"></canvas>
    <div class="row"><button data-act="schedule">Refresh composite schedule</button><span class="dim">Clock:</span><button data-act="pause">Pause</button><button data-act="resume">Resume</button>
    <button data-act="x60">×60</button><button data-act="x1">×1</button><button data-act="ff">+1 h</button></div></div>
  <div class="panel wide"><h2>OCPP frames</h2><div id="frames">${frames.slice().reverse().map((f) => `<div class="${f.type === 4 ? 'err' : f.direction}">${new Date(f.at).toISOString().slice(11, 19)} ${f.direction === 'out' ? '→' : '←'} ${['', '', 'CALL', 'RESULT', 'ERROR'][f.type] ?? '?'} ${esc(f.action)} ${esc(f.text.slice(0, 220))}</div>`).join('')}</div></div>`;
  if (focus) document.getElementById(focus)?.focus();
  const h = history.get(s.id) ?? [];
  const series: Series[] = [
    { label: 'current A', color: '#4aa3ff', points: h.map((p) => [p.at, p.currentA]) },
    { label: 'power W', color: '#3ecf8e', points: h.map((p) => [p.at, p.powerW]) },
    { label: 'energy Wh', color: '#f5b14c', points: h.map((p) => [p.at, p.energyWh]) },
  ];
  drawChart($('#chart') as HTMLCanvasElement, series, 'connector 1');
  drawChart($('#schedule') as HTMLCanvasElement, [{ label: 'limit A', color: '#ef5b5b', points: composite, step: true }, { label: 'applied limit A', color: '#8aa0b5', points: h.map((p) => [p.at, p.limitA]) }], 'GetCompositeSchedule, connector 1');
}

async function loadComposite(id: string): Promise<void> {
  const r = await api<{ confirmation: { chargingSchedule?: { startSchedule?: string; duration?: number; chargingSchedulePeriod: Array<{ startPeriod: number; limit: number }> } } }>('POST', `/api/csms/stations/${encodeURIComponent(id)}/call`, { action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: 86400, chargingRateUnit: 'A' } }).catch(() => undefined);
  const sch = r?.confirmation.chargingSchedule;
  if (!sch) { composite = []; return; }
  const start = Date.parse(sch.startSchedule ?? new Date().toISOString());
  composite = sch.chargingSchedulePeriod.map((p) => [start + p.startPeriod * 1000, p.limit] as [number, number]);
  composite.push([start + (sch.duration ?? 86400) * 1000, composite[composite.length - 1]?.[1] ?? 0]);
}

async function act(name: string): Promise<void> {
  const id = selected;
  if (!id) return;
  const base = `/api/stations/${encodeURIComponent(id)}`;
  const code = ($('#vendor-code') as HTMLSelectElement | null)?.value ?? '1.0';
  const calls: Record<string, () => Promise<unknown>> = {
    plug: () => api('POST', `${base}/connectors/1/plug`), unplug: () => api('POST', `${base}/connectors/1/unplug`),
    'ev-on': () => api('POST', `${base}/connectors/1/ev-requesting`, { requesting: true }), 'ev-off': () => api('POST', `${base}/connectors/1/ev-requesting`, { requesting: false }),
    stop: () => api('POST', `${base}/connectors/1/stop`), badge: () => api('POST', `${base}/badge`, { idTag: ($('#badge') as HTMLInputElement).value, connectorId: 1 }),
    unavailable: () => api('POST', `${base}/connectors/1/availability`, { operative: false }), available: () => api('POST', `${base}/connectors/1/availability`, { operative: true }),
    raise: () => api('POST', `${base}/errors`, { code, connectorId: 1 }), clear: () => api('DELETE', `${base}/errors/${code}?connectorId=1`),
    'network-off': () => api('POST', `${base}/network`, { connected: false }), 'network-on': () => api('POST', `${base}/network`, { connected: true }),
    'power-off': () => api('POST', `${base}/power`, { on: false }), 'power-on': () => api('POST', `${base}/power`, { on: true }),
    reboot: () => api('POST', `${base}/reboot`, { kind: 'Soft' }), schedule: () => loadComposite(id),
    pause: () => api('POST', '/api/clock', { action: 'pause' }), resume: () => api('POST', '/api/clock', { action: 'resume' }),
    x60: () => api('POST', '/api/clock', { action: 'scale', scale: 60 }), x1: () => api('POST', '/api/clock', { action: 'scale', scale: 1 }),
    ff: () => api('POST', '/api/clock', { action: 'fast-forward', seconds: 3600 }),
  };
  try { await calls[name]?.(); } catch (e) { alert(String(e)); }
  await refresh();
}

document.addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  const station = t.closest('[data-station]')?.getAttribute('data-station');
  if (station) { selected = station; composite = []; void refresh(); return; }
  const a = t.closest('[data-act]')?.getAttribute('data-act');
  if (a) { void act(a); return; }
  if (t.id === 'add') { const id = ($('#new-id') as HTMLInputElement).value.trim(); if (id) void api('POST', '/api/stations', { id }).then(refresh, (x: unknown) => alert(String(x))); }
});

const events = new EventSource('/api/events');
events.onmessage = (m) => { const e = JSON.parse(m.data as string) as { stationId?: string }; if (!selected || e.stationId === selected || !e.stationId) scheduleRefresh(); };
window.setInterval(() => void refresh(), 2000);
void refresh().then(() => { if (selected) void loadComposite(selected).then(refresh); });
