/**
 * The central-system console (issue 16 item 2): every operation the EVlink Pro AC accepts from a central
 * system, as a form generated from its official request schema, sent to the selected station by the
 * embedded central system (POST /api/csms/stations/{id}/call); the answer beside the form and a history
 * of calls. Input the schema refuses is refused before sending, with the schema's message (a dry run:
 * POST /api/ocpp/check; decision D21). Shown only when an embedded central system runs in the process.
 */
import { api, isNoCsms } from './api.ts';
import { byId, esc, time } from './dom.ts';
import { schemaFormEvent, schemaFormHtml, schemaFormPayload, type ArrayItems, type JsonSchema } from './schema-form.ts';

interface ConsoleAction { action: string; supported: boolean; reason?: string; schema: JsonSchema }
interface HistoryEntry { at: number; station: string; action: string; payload: unknown; outcome: 'result' | 'error' | 'refused'; answer: string; latencyMs: number | null }

const HISTORY_MAX = 50;
const FIRST_ACTION = 'ChangeConfiguration';

export class CsmsConsole {
  #actions: ConsoleAction[] = [];
  #arrays: ArrayItems = new Map();
  #history: HistoryEntry[] = [];
  #station: string | undefined;
  #busy = false;

  /** Asks the API for the operations; builds the panel into `host` when an embedded central system is there. */
  async start(host: HTMLElement): Promise<boolean> {
    try {
      this.#actions = (await api<{ actions: ConsoleAction[] }>('GET', '/api/csms/console')).actions;
    } catch (e) {
      if (isNoCsms(e)) return false;
      throw e;
    }
    host.innerHTML = this.#html();
    this.#showForm(FIRST_ACTION);
    host.addEventListener('change', (e) => {
      const t = e.target as HTMLElement;
      if (t.id === 'console-action') this.#showForm((t as HTMLSelectElement).value);
      else schemaFormEvent(t, this.#arrays);
    });
    host.addEventListener('click', (e) => { schemaFormEvent(e.target as HTMLElement, this.#arrays); });
    host.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    this.setStation(this.#station);
    return true;
  }

  /** The station the console sends to (the dashboard's selection). */
  setStation(id: string | undefined): void {
    this.#station = id;
    const el = byId('console-station');
    if (el) el.textContent = id ?? '(no station selected)';
  }

  #html(): string {
    const options = this.#actions.map((a) => `<option value="${esc(a.action)}"${a.supported ? '' : ` disabled title="${esc(a.reason ?? 'not supported')}"`}>${esc(a.action)}${a.supported ? '' : ` — ${esc(a.reason ?? 'not supported')}`}</option>`).join('');
    return '<div class="row">To station <strong id="console-station"></strong> <select id="console-action" aria-label="operation">' + options + '</select></div>'
      + '<div class="console-grid"><form id="console-form" data-form="console"><div id="console-fields"></div><div class="row"><button type="submit" id="console-send">Send</button></div></form>'
      + '<div><div class="dim">Answer</div><pre id="console-answer" class="console-answer" data-outcome="">—</pre></div></div>'
      + '<div class="dim">History (newest first)</div><table class="grid" id="console-history"><thead><tr><th>time</th><th>station</th><th>action</th><th>payload</th><th>answer</th><th>ms</th></tr></thead><tbody></tbody></table>';
  }

  #showForm(action: string): void {
    const a = this.#actions.find((x) => x.action === action && x.supported);
    const fields = byId('console-fields');
    if (!a || !fields) return;
    const select = byId<HTMLSelectElement>('console-action');
    if (select && select.value !== action) select.value = action;
    const form = schemaFormHtml(a.schema);
    this.#arrays = form.arrays;
    fields.innerHTML = form.html;
    fields.dataset.action = action;
  }

  #answer(outcome: HistoryEntry['outcome'] | '', text: string): void {
    const el = byId('console-answer');
    if (!el) return;
    el.textContent = text;
    el.dataset.outcome = outcome;
  }

  /** Checks the form's payload against the schema, then sends it; the answer and a history line either way. */
  async send(): Promise<void> {
    const fields = byId('console-fields');
    const action = fields?.dataset.action;
    const station = this.#station;
    if (!fields || !action || this.#busy) return;
    if (!station) { this.#answer('refused', 'Select a station first.'); return; }
    const payload = schemaFormPayload(fields);
    this.#busy = true;
    this.#answer('', `${action}…`);
    try {
      const check = await api<{ valid: boolean; message?: string }>('POST', '/api/ocpp/check', { action, payload });
      if (!check.valid) {
        const text = `Not sent: ${check.message ?? 'the schema refuses this payload'}`;
        this.#answer('refused', text);
        this.#record({ at: Date.now(), station, action, payload, outcome: 'refused', answer: text, latencyMs: null });
        return;
      }
      const started = performance.now();
      try {
        const r = await api<{ confirmation: unknown }>('POST', `/api/csms/stations/${encodeURIComponent(station)}/call`, { action, payload });
        const text = `CALLRESULT ${JSON.stringify(r.confirmation, null, 2)}`;
        this.#answer('result', text);
        this.#record({ at: Date.now(), station, action, payload, outcome: 'result', answer: JSON.stringify(r.confirmation), latencyMs: Math.round(performance.now() - started) });
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        this.#answer('error', text);
        this.#record({ at: Date.now(), station, action, payload, outcome: 'error', answer: text, latencyMs: Math.round(performance.now() - started) });
      }
    } catch (e) {
      this.#answer('error', `the schema check failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.#busy = false;
    }
  }

  #record(h: HistoryEntry): void {
    this.#history.unshift(h);
    this.#history.length = Math.min(this.#history.length, HISTORY_MAX);
    const body = byId('console-history')?.querySelector('tbody');
    if (!body) return;
    body.innerHTML = this.#history.map((x) => `<tr data-outcome="${x.outcome}" data-action="${esc(x.action)}"><td>${time(x.at)}</td><td>${esc(x.station)}</td><td>${esc(x.action)}</td>`
      + `<td><code>${esc(JSON.stringify(x.payload))}</code></td><td class="${x.outcome}">${esc(x.answer)}</td><td>${x.latencyMs ?? '—'}</td></tr>`).join('');
  }
}
