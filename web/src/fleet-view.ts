/**
 * The fleet view (issue 16 item 6): stations by registration and link, connectors by status, running
 * sessions, energy delivered and frames per second (GET /api/fleet/summary); a page of the station list
 * sorted by a column and filtered by connector status (GET /api/fleet?sort=&order=&status=); the session
 * generator's counters with start and stop; fault injection on the selected station's wire, or on every
 * station listed (fault-panel.ts). Clicking a station selects it in the dashboard.
 */
import { api } from './api.ts';
import { byId, esc, setText } from './dom.ts';
import { FaultPanel } from './fault-panel.ts';
import type { FleetPage } from './types.ts';

export interface FleetSummary {
  stations: number; byRegistration: Record<string, number>; byLink: Record<string, number>;
  connectors: number; byConnectorStatus: Record<string, number>; activeSessions: number; energyWh: number;
  framesPerSecond: number | null; csms: boolean;
}
interface GeneratorsSummary {
  running: number; stations: number;
  totals: { started: number; refused: { valid: number; invalid: number; blocked: number }; ended: { evFull: number; unplug: number; stopButton: number; remoteStop: number } };
}

/** Stations of the fleet view's list at once. */
export const FLEET_VIEW_LIMIT = 100;
const COLUMNS = [['id', 'station'], ['registration', 'registration'], ['link', 'link'], ['status', 'connectors']] as const;
const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];

const counts = (id: string, c: Record<string, number>): string => Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([k, n]) => `<span class="fv-count" data-count="${esc(id)}:${esc(k)}"><span class="status ${esc(k)}">${esc(k)}</span> ${n}</span>`).join(' ') || '<span class="dim">none</span>';

export class FleetView {
  sort = 'added';
  order: 'asc' | 'desc' = 'asc';
  status = '';
  summary: FleetSummary | undefined;
  readonly faults = new FaultPanel();
  #inFlight = false;

  /** Follows the dashboard's selection: the fault rules shown and changed are that station's. */
  setStation(id: string | undefined): void {
    if (this.faults.station === id) return;
    this.faults.station = id;
    setText('fi-error', '');
    setText('fi-result', '');
    void this.faults.refresh();
  }

  html(): string {
    const head = COLUMNS.map(([key, text]) => `<th><button type="button" class="fv-sort" data-fv-sort="${key}" id="fv-sort-${key}">${text}</button></th>`).join('');
    return '<dl id="fv-counts">'
      + '<dt>stations</dt><dd id="fv-stations">—</dd><dt>registration</dt><dd id="fv-registration"></dd><dt>link</dt><dd id="fv-link"></dd>'
      + '<dt>connectors</dt><dd><span id="fv-connectors"></span> · <span id="fv-connector-status"></span></dd>'
      + '<dt>active sessions</dt><dd id="fv-sessions">—</dd><dt>energy delivered</dt><dd id="fv-energy">—</dd><dt>frames/s</dt><dd id="fv-fps">—</dd>'
      + '</dl>'
      + '<div class="row">Session generator: <span id="fv-generator" class="dim">—</span> <button type="button" id="fv-generator-start">Start on every station</button><button type="button" id="fv-generator-stop">Stop</button></div>'
      + this.faults.html()
      + `<div class="row">Connector status <select id="fv-status" aria-label="filter by connector status"><option value="">any</option>${STATUSES.map((s) => `<option>${s}</option>`).join('')}</select> <span id="fv-shown" class="dim"></span></div>`
      + `<div class="fv-scroll"><table class="grid" id="fv-table"><thead><tr>${head}</tr></thead><tbody id="fv-rows"></tbody></table></div>`;
  }

  /** Wires the view's controls inside `host`. */
  attach(host: HTMLElement, onError: (what: string, e: unknown) => void): void {
    host.addEventListener('click', (e) => {
      const t = e.target as HTMLElement;
      const sort = t.closest<HTMLElement>('[data-fv-sort]')?.dataset.fvSort;
      if (sort) {
        if (sort === this.sort) this.order = this.order === 'asc' ? 'desc' : 'asc';
        else { this.sort = sort; this.order = 'asc'; }
        void this.refresh().catch((x: unknown) => onError('fleet', x));
        return;
      }
      const remove = t.closest<HTMLElement>('[data-fi-remove]')?.dataset.fiRemove;
      if (remove) { void this.faults.remove(remove).catch((x: unknown) => onError('remove the fault rule', x)); return; }
      if (t.id === 'fi-add') { void this.faults.add().catch((x: unknown) => onError('add the fault rule', x)); return; }
      if (t.id === 'fi-clear') { void this.faults.clear().catch((x: unknown) => onError('clear the fault rules', x)); return; }
      if (t.id === 'fv-generator-start') void api('POST', '/api/sessions-generator', {}).then(() => this.refresh(), (x: unknown) => onError('start the session generator', x));
      if (t.id === 'fv-generator-stop') void api('DELETE', '/api/sessions-generator').then(() => this.refresh(), (x: unknown) => onError('stop the session generator', x));
    });
    host.addEventListener('change', (e) => {
      const t = e.target as HTMLElement;
      if (t.id === 'fi-direction' || t.id === 'fi-mode') { this.faults.sync(); return; }
      if (t.id === 'fv-status') { this.status = (t as HTMLSelectElement).value; void this.refresh().catch((x: unknown) => onError('fleet', x)); }
    });
  }

  /** Reads the summary, the list's page and the generator, then shows them. */
  async refresh(): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    try {
      const q = new URLSearchParams({ limit: String(FLEET_VIEW_LIMIT), sort: this.sort, order: this.order });
      if (this.status) q.set('status', this.status);
      const [summary, page, generator] = await Promise.all([
        api<FleetSummary>('GET', '/api/fleet/summary'),
        api<FleetPage>('GET', `/api/fleet?${q.toString()}`),
        api<GeneratorsSummary>('GET', '/api/sessions-generator').catch(() => undefined),
        this.faults.refresh(),
      ]);
      this.faults.listed = page.stations.map((st) => st.id);
      this.summary = summary;
      this.#show(summary, page, generator, q.toString());
    } finally {
      this.#inFlight = false;
    }
  }

  #show(s: FleetSummary, page: FleetPage, g: GeneratorsSummary | undefined, query: string): void {
    setText('fv-stations', String(s.stations));
    const html = (id: string, v: string): void => { const el = byId(id); if (el && el.innerHTML !== v) el.innerHTML = v; };
    html('fv-registration', counts('registration', s.byRegistration));
    html('fv-link', counts('link', s.byLink));
    setText('fv-connectors', String(s.connectors));
    html('fv-connector-status', counts('status', s.byConnectorStatus));
    setText('fv-sessions', String(s.activeSessions));
    setText('fv-energy', s.energyWh >= 10_000 ? `${(s.energyWh / 1000).toFixed(1)} kWh` : `${s.energyWh} Wh`);
    setText('fv-fps', s.framesPerSecond === null ? 'measuring…' : String(s.framesPerSecond));
    if (g) {
      const t = g.totals;
      const ended = t.ended.evFull + t.ended.unplug + t.ended.stopButton + t.ended.remoteStop;
      const refused = t.refused.valid + t.refused.invalid + t.refused.blocked;
      setText('fv-generator', `${g.running} of ${g.stations} running · ${t.started} started · ${ended} ended · ${refused} refused`);
    }
    for (const [key] of COLUMNS) {
      const b = byId(`fv-sort-${key}`);
      if (b) b.dataset.active = key === this.sort ? this.order : '';
    }
    setText('fv-shown', page.total > page.stations.length ? `${page.stations.length} of ${page.total} shown` : `${page.total} shown`);
    html('fv-rows', page.stations.map((st) => `<tr data-station="${esc(st.id)}" class="fv-row"><td>${esc(st.id)}</td><td>${esc(st.registration)}</td><td>${esc(st.link)}</td>`
      + `<td>${st.connectors.filter((c) => c.id > 0).map((c) => `<span class="status ${esc(c.status)}">${esc(c.status)}</span>`).join(' ')}</td></tr>`).join(''));
    const table = byId('fv-table');
    if (table) table.dataset.query = query;
  }
}
