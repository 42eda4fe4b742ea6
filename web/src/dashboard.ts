/**
 * The dashboard's state and rendering. The detail of a station is built once when it is selected (or
 * when its number of connectors changes); live updates then patch only text, classes and charts, so
 * inputs keep what a person typed, their focus and their selection. Side panels (frames, schedule,
 * transactions, local list) reload on the events that concern them.
 */
import { api, ApiError } from './api.ts';
import { byId, dateTime, esc, notice, setText } from './dom.ts';
import { LiveCharts } from './live-charts.ts';
import { connectorPanelHtml, updateConnectorPanel } from './connector-panel.ts';
import { stationPanelHtml, updateStationPanel } from './station-panel.ts';
import { SchedulePanel, SCHEDULE_ACTIONS } from './schedule-panel.ts';
import { FramesPanel } from './frames-panel.ts';
import { ConfigPanel } from './config-panel.ts';
import { LocalListPanel } from './local-list-panel.ts';
import { TransactionsPanel, TRANSACTION_ACTIONS } from './transactions-panel.ts';
import type { ClockState, FleetEvent, FleetPage, Station, StationSummary } from './types.ts';

/** Stations the list shows at once; a filter narrows a larger fleet (the API pages it: GET /api/fleet). */
export const NAV_LIMIT = 500;

export class Dashboard {
  /** The list: one page of the fleet at a glance (GET /api/fleet), not every station's full state. */
  stations: StationSummary[] = [];
  /** Stations matching the filter, shown or not. */
  total = 0;
  /** Text the station ids must contain. */
  filter = '';
  selected: string | undefined;
  /** Called when the selected station changes (the event stream follows it). */
  onSelect: ((id: string | undefined) => void) | undefined;
  /** Full state of the selected station (GET /api/stations/{id}). */
  #detail: Station | undefined;
  readonly charts = new LiveCharts();
  readonly schedule = new SchedulePanel();
  readonly frames = new FramesPanel();
  readonly config = new ConfigPanel();
  readonly localList = new LocalListPanel();
  readonly transactions = new TransactionsPanel();
  #builtFor: string | undefined;
  #navIds = '';
  #inFlight = false;
  #again = false;
  #clockShown = false;
  #link = '';
  #updates = 0;
  readonly #timers = new Map<string, number>();

  /** Runs fn once, ms after the last of a burst of calls with the same key. */
  debounce(key: string, ms: number, fn: () => Promise<void> | void): void {
    if (this.#timers.has(key)) return;
    this.#timers.set(key, window.setTimeout(() => {
      this.#timers.delete(key);
      Promise.resolve(fn()).catch((e: unknown) => notice(String(e instanceof Error ? e.message : e), 'error'));
    }, ms));
  }

  /**
   * Reads one page of the fleet, the selected station's full state and the clock, then patches what is
   * on screen. Overlapping calls coalesce. A fleet of thousands costs one page and one station per poll.
   */
  async refresh(): Promise<void> {
    if (this.#inFlight) { this.#again = true; return; }
    this.#inFlight = true;
    try {
      do {
        this.#again = false;
        const query = `?limit=${NAV_LIMIT}${this.filter ? `&match=${encodeURIComponent(this.filter)}` : ''}`;
        const [page, clock] = await Promise.all([
          api<FleetPage>('GET', `/api/fleet${query}`),
          api<ClockState>('GET', '/api/clock').catch(() => undefined),
        ]);
        this.stations = page.stations;
        this.total = page.total;
        if (clock) this.#showClock(clock);
        const before = this.selected;
        if (!this.selected) this.selected = page.stations[0]?.id;
        this.#detail = this.selected ? await this.#loadDetail(this.selected) : undefined;
        if (!this.#detail && this.selected) {
          this.selected = page.stations[0]?.id; // the selected station is gone
          this.#detail = this.selected ? await this.#loadDetail(this.selected) : undefined;
        }
        if (this.selected !== before) this.onSelect?.(this.selected);
        this.#renderNav();
        this.#renderDetail();
        this.#watchLink();
      } while (this.#again);
    } catch (e) {
      notice(`cannot reach the control API: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      this.#inFlight = false;
    }
  }

  select(id: string): void {
    if (id === this.selected) return;
    this.selected = id;
    this.onSelect?.(id);
    this.#renderNav();
    void this.refresh();
  }

  /** Shows the stations whose id contains `text`. */
  setFilter(text: string): void {
    if (text === this.filter) return;
    this.filter = text;
    this.debounce('filter', 200, () => this.refresh());
  }

  /** The full state of a station, or undefined when it no longer exists. */
  async #loadDetail(id: string): Promise<Station | undefined> {
    try {
      return await api<Station>('GET', `/api/stations/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** An event of the API's stream: reload what it concerns. */
  onEvent(e: FleetEvent): void {
    this.debounce('state', 150, () => this.refresh());
    if (e.stationId !== this.selected) return;
    const id = e.stationId;
    if (e.type === 'frame') {
      this.debounce('frames', 250, () => this.frames.load(id));
      if (SCHEDULE_ACTIONS.has(e.frame.action)) this.debounce('schedule', 400, () => this.loadSchedule());
      if (TRANSACTION_ACTIONS.has(e.frame.action)) this.debounce('transactions', 400, () => this.transactions.load(id));
      if (e.frame.action === 'SendLocalList') this.debounce('local-list', 400, () => this.localList.load(id));
      if (e.frame.action === 'ChangeConfiguration' || e.frame.action === 'BootNotification') this.debounce('config', 400, () => this.config.load(id));
    } else if (e.type === 'changed' && e.what === 'registration') {
      this.debounce('schedule', 400, () => this.loadSchedule());
    }
  }

  async loadSchedule(): Promise<void> {
    const s = this.current();
    if (s) await this.schedule.load(s.id, s.at);
  }

  current(): Station | undefined { return this.#detail?.id === this.selected ? this.#detail : undefined; }

  /** Reloads the side panels of the selected station (after a control that may have changed them). */
  async reloadPanels(): Promise<void> {
    const s = this.current();
    if (!s) return;
    await Promise.all([this.frames.load(s.id), this.transactions.load(s.id), this.loadSchedule(), this.config.load(s.id)]);
  }

  /** When the selected station's link comes back, what it could not answer while offline is asked again. */
  #watchLink(): void {
    const s = this.current();
    const link = s ? `${s.id}\n${s.link}` : '';
    if (link === this.#link) return;
    const sameStation = this.#link.split('\n')[0] === s?.id;
    this.#link = link;
    if (s && sameStation && s.link === 'open') this.debounce('schedule', 400, () => this.loadSchedule());
  }

  #showClock(c: ClockState): void {
    setText('clock', `${dateTime(c.now)} UTC · ×${c.scale}${c.paused ? ' · paused' : ''}`);
    if (!this.#clockShown) {
      this.#clockShown = true;
      const input = byId<HTMLInputElement>('clock-scale');
      if (input) input.value = String(c.scale);
    }
  }

  #renderNav(): void {
    const list = byId('station-list');
    if (!list) return;
    const ids = this.stations.map((s) => s.id).join('\n');
    if (ids !== this.#navIds) {
      this.#navIds = ids;
      list.innerHTML = this.stations.map((s, i) => `<button class="station" data-station="${esc(s.id)}">${esc(s.id)} <span id="nav-${i}"></span></button>`).join('')
        || '<div class="dim">no stations</div>';
    }
    setText('station-count', this.total > this.stations.length ? `${this.stations.length} of ${this.total} shown; filter by id to find others` : '');
    this.stations.forEach((s, i) => {
      const pills = byId(`nav-${i}`);
      const html = s.connectors.filter((c) => c.id > 0).map((c) => `<span class="status ${esc(c.status)}" title="connector ${c.id}">${esc(c.status)}</span>`).join(' ');
      if (pills && pills.innerHTML !== html) pills.innerHTML = html;
      pills?.parentElement?.classList.toggle('selected', s.id === this.selected);
    });
  }

  #renderDetail(): void {
    const s = this.current();
    const detail = byId('detail');
    if (!detail) return;
    if (!s) {
      if (this.#builtFor !== '') { detail.innerHTML = '<div class="panel wide dim">No station. Add one with the form on the left.</div>'; this.#builtFor = ''; }
      return;
    }
    const key = `${s.id}\n${s.connectors.length}`;
    if (key !== this.#builtFor) {
      const fresh = this.#builtFor?.split('\n')[0] !== s.id;
      this.#builtFor = key;
      this.#build(s, fresh);
    }
    updateStationPanel(s);
    this.frames.showRecording(s.frameLog);
    for (const c of s.connectors) if (c.id > 0) updateConnectorPanel(c);
    const ids = s.connectors.filter((c) => c.id > 0).map((c) => c.id);
    this.debounce('charts', 250, () => this.charts.load(s.id, ids));
    document.body.dataset.updates = String(++this.#updates);
  }

  #build(s: Station, fresh: boolean): void {
    const connectors = s.connectors.filter((c) => c.id > 0);
    byId('detail')!.innerHTML = stationPanelHtml(s)
      + connectors.map(connectorPanelHtml).join('')
      + this.charts.html(connectors.map((c) => c.id))
      + this.schedule.html(connectors.length) + this.localList.html() + this.transactions.html() + this.config.html() + this.frames.html();
    this.config.reset();
    if (fresh) {
      this.localList.reset();
      void this.localList.load(s.id, true).catch((e: unknown) => notice(`local list: ${e instanceof Error ? e.message : String(e)}`, 'error'));
    } else {
      this.localList.show();
    }
    void this.reloadPanels().catch((e: unknown) => notice(String(e instanceof Error ? e.message : e), 'error'));
  }

  /** The outcome of a control, as a line at the top of the page. */
  report(what: string, e?: unknown): void {
    if (e === undefined) { notice(`${what}: done`); return; }
    notice(`${what}: ${e instanceof ApiError || e instanceof Error ? e.message : String(e)}`, 'error');
  }
}
