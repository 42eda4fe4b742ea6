/**
 * A typed client of the control API (fetch), used by `chargetwin ctl` and usable from any test suite
 * that drives twins running in another process.
 */
import { TwinError } from '../shared/errors.ts';
import type { StationSummary, StationView } from '../fleet/station-view.ts';
import type { LocalListEntry } from '../station/control-surface.ts';
import type { StationTransaction } from '../api/station-transactions.ts';

export interface ControlApiClientOptions {
  /** The bearer token of an API started with --api-token / CHARGETWIN_API_TOKEN (docs/control-api.md). */
  token?: string;
}

export class ControlApiClient {
  readonly #token: string | undefined;
  constructor(readonly baseUrl = 'http://127.0.0.1:9230', options: ControlApiClientOptions = {}) { this.#token = options.token; }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, { method, headers: { 'content-type': 'application/json', ...(this.#token !== undefined ? { authorization: `Bearer ${this.#token}` } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      throw new TwinError('TWIN_ERR_API_UNREACHABLE', `cannot reach the control API at ${this.baseUrl}: ${(e as Error).message}`);
    }
    const json = await res.json().catch(() => ({})) as T & { error?: { code: string; message: string } };
    if (!res.ok) throw new TwinError(json.error?.code ?? 'TWIN_ERR_API_HTTP', json.error?.message ?? `HTTP ${res.status}`, { details: { status: res.status } });
    return json;
  }

  stations(): Promise<StationView[]> { return this.request('GET', '/api/stations'); }
  /** One page of the fleet at a glance (GET /api/fleet). */
  fleetPage(o: { offset?: number; limit?: number; match?: string } = {}): Promise<{ total: number; offset: number; stations: StationSummary[] }> {
    const q = new URLSearchParams();
    if (o.offset !== undefined) q.set('offset', String(o.offset));
    if (o.limit !== undefined) q.set('limit', String(o.limit));
    if (o.match !== undefined) q.set('match', o.match);
    return this.request('GET', `/api/fleet${q.size ? `?${q.toString()}` : ''}`);
  }
  /** Every station at a glance (whose id contains `match`), read page by page. */
  async summaries(match?: string): Promise<StationSummary[]> {
    const out: StationSummary[] = [];
    for (;;) {
      const page = await this.fleetPage({ offset: out.length, limit: 10_000, ...(match !== undefined ? { match } : {}) });
      out.push(...page.stations);
      if (page.stations.length === 0 || out.length >= page.total) return out;
    }
  }
  station(id: string): Promise<StationView> { return this.request('GET', `/api/stations/${encodeURIComponent(id)}`); }
  /** Plugs in an EV; `requesting` false plugs one that does not ask for energy yet (default: the station's EV default). */
  plug(id: string, connectorId = 1, requesting?: boolean): Promise<unknown> {
    return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/plug`, requesting === undefined ? undefined : { requesting });
  }
  unplug(id: string, connectorId = 1): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/unplug`); }
  evRequesting(id: string, connectorId: number, requesting: boolean): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/ev-requesting`, { requesting }); }
  badge(id: string, idTag: string, connectorId?: number): Promise<{ accepted: boolean; reason?: string }> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/badge`, { idTag, ...(connectorId !== undefined ? { connectorId } : {}) }); }
  stop(id: string, connectorId = 1): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/stop`); }
  raiseError(id: string, code: string, connectorId = 1): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/errors`, { code, connectorId }); }
  clearError(id: string, code: string, connectorId = 1): Promise<unknown> { return this.request('DELETE', `/api/stations/${encodeURIComponent(id)}/errors/${encodeURIComponent(code)}?connectorId=${connectorId}`); }
  network(id: string, connected: boolean): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/network`, { connected }); }
  power(id: string, on: boolean): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/power`, { on }); }
  reboot(id: string, kind: 'Soft' | 'Hard' = 'Soft'): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/reboot`, { kind }); }
  frames(id: string, q: { action?: string; direction?: string; limit?: number } = {}): Promise<unknown[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.request('GET', `/api/stations/${encodeURIComponent(id)}/frames${qs ? `?${qs}` : ''}`);
  }
  setEv(id: string, connectorId: number, ev: { maxCurrentA?: number; phases?: 1 | 3; capacityKWh?: number; socPercent?: number }): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/ev`, ev); }
  availability(id: string, connectorId: number, operative: boolean): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/connectors/${connectorId}/availability`, { operative }); }
  localList(id: string): Promise<{ version: number; entries: LocalListEntry[] }> { return this.request('GET', `/api/stations/${encodeURIComponent(id)}/local-list`); }
  setLocalList(id: string, entries: LocalListEntry[], version?: number): Promise<{ version: number; entries: LocalListEntry[] }> { return this.request('PUT', `/api/stations/${encodeURIComponent(id)}/local-list`, { entries, ...(version !== undefined ? { version } : {}) }); }
  /** The station's own record of its transactions (served by every process that runs twins). */
  transactions(id: string): Promise<StationTransaction[]> { return this.request('GET', `/api/stations/${encodeURIComponent(id)}/transactions`); }
  /** The embedded central system's ledger (only where one runs: `chargetwin demo`, the SDK's startCsms). */
  csmsTransactions(): Promise<{ transactions: unknown[]; orphans: unknown }> { return this.request('GET', '/api/csms/transactions'); }
  /** Adds a station, with presets if given (POST /api/stations; docs/fleet.md). */
  addStation(id: string, model?: string, presets?: { connectors?: 1 | 2; config?: Record<string, string | number | boolean>; csms?: string; authorizationKey?: string }): Promise<StationView> {
    return this.request('POST', '/api/stations', { id, ...(model !== undefined ? { model } : {}), ...presets });
  }
  removeStation(id: string): Promise<unknown> { return this.request('DELETE', `/api/stations/${encodeURIComponent(id)}`); }
  clock(body?: { action: string; scale?: number; seconds?: number }): Promise<unknown> { return body ? this.request('POST', '/api/clock', body) : this.request('GET', '/api/clock'); }
  /** The fault rules in force on a station's wire; add one; remove one (by id) or all (docs/fault-injection.md). */
  faults(id: string): Promise<unknown[]> { return this.request('GET', `/api/stations/${encodeURIComponent(id)}/faults`); }
  injectFault(id: string, rule: object): Promise<unknown> { return this.request('POST', `/api/stations/${encodeURIComponent(id)}/faults`, rule); }
  clearFaults(id: string, faultId?: string): Promise<unknown> { return this.request('DELETE', `/api/stations/${encodeURIComponent(id)}/faults${faultId !== undefined ? `/${encodeURIComponent(faultId)}` : ''}`); }
  csmsCall(id: string, action: string, payload: unknown): Promise<{ confirmation: unknown }> { return this.request('POST', `/api/csms/stations/${encodeURIComponent(id)}/call`, { action, payload }); }
  /** The session generators: summary (no argument), start (settings, optional station ids), or stop (`false`). */
  sessionsGenerator(settings?: Record<string, unknown> | false, stations?: string[]): Promise<unknown> {
    if (settings === undefined) return this.request('GET', '/api/sessions-generator');
    if (settings === false) return this.request('DELETE', '/api/sessions-generator');
    return this.request('POST', '/api/sessions-generator', { settings, ...(stations ? { stations } : {}) });
  }
}
