/**
 * The configuration table of the selected station (GET /api/stations/{id}/configuration): every key
 * with its value, unit, range, access and whether a change needs a reboot; a write-only key
 * (AuthorizationKey) never shows a value. A read-write key can be changed: through ChangeConfiguration
 * from the embedded central system when the process has one (the answer is the station's), otherwise
 * as a local change at the wallbox (POST /api/stations/{id}/configuration, checked the same way).
 * The table is built once per station; reloads patch the value cells, so typed new values survive.
 */
import { api, isNoCsms, stationPath } from './api.ts';
import { byId, esc, setText } from './dom.ts';
import type { ConfigRow } from './types.ts';

type Mode = 'csms' | 'local';

function range(r: ConfigRow): string {
  if (r.type === 'boolean') return 'true / false';
  if (r.type === 'integer') {
    if (r.labels) return Object.entries(r.labels).map(([v, l]) => `${v} = ${l}`).join(', ');
    if (r.min !== undefined && r.max !== undefined) return `${r.min} … ${r.max}`;
    if (r.min !== undefined) return `≥ ${r.min}`;
    if (r.max !== undefined) return `≤ ${r.max}`;
    return 'integer';
  }
  if (r.type === 'csl') return r.members ? `comma-separated list of: ${r.members.join(', ')}` : 'comma-separated list';
  return r.maxLength !== undefined ? `text, ≤ ${r.maxLength} characters` : 'text';
}

function shown(r: ConfigRow): string {
  if (r.writeOnly) return '(write-only)';
  const v = r.value === '' ? '(empty)' : r.value ?? '';
  return r.pending !== undefined ? `${v} → ${r.pending === '' ? '(empty)' : r.pending} after reboot` : v;
}

function editor(r: ConfigRow): string {
  if (r.access !== 'RW') return '<span class="dim">read-only</span>';
  const label = `aria-label="new value of ${esc(r.key)}"`;
  const id = `cfg-input-${esc(r.key)}`;
  if (r.type === 'boolean') return `<select id="${id}" ${label}><option></option><option>true</option><option>false</option></select>`;
  if (r.type === 'integer') return `<input id="${id}" ${label} type="number" step="1"${r.min !== undefined ? ` min="${r.min}"` : ''}${r.max !== undefined ? ` max="${r.max}"` : ''}>`;
  return `<input id="${id}" ${label} type="${r.writeOnly ? 'password' : 'text'}" autocomplete="off">`;
}

export class ConfigPanel {
  #mode: Mode | undefined;
  #builtFor = '';
  #generation = 0;

  html(): string {
    return `
  <div class="panel wide" id="config-panel"><h2>Configuration</h2>
    <div class="row"><span id="cfg-mode" class="dim"></span>
      <label>key filter <input id="cfg-filter" type="search" size="16"></label>
      <button data-act="cfg-reload">Reload</button></div>
    <div class="table-scroll"><table class="grid" id="cfg-table"><thead><tr><th>key</th><th>value</th><th>unit</th><th>range</th><th>access</th><th>reboot</th><th>new value</th><th></th><th>answer</th></tr></thead>
    <tbody id="cfg-rows"></tbody></table></div></div>`;
  }

  /** A station whose panel was rebuilt from scratch: the rows are built again on the next load. */
  reset(): void { this.#builtFor = ''; }

  async #whichMode(stationId: string): Promise<Mode> {
    if (this.#mode) return this.#mode;
    try {
      await api('GET', `/api/csms/stations/${encodeURIComponent(stationId)}/transactions`);
      this.#mode = 'csms';
    } catch (e) {
      if (!isNoCsms(e)) throw e;
      this.#mode = 'local';
    }
    return this.#mode;
  }

  async load(stationId: string): Promise<void> {
    const generation = ++this.#generation;
    const [rows, mode] = await Promise.all([api<ConfigRow[]>('GET', `${stationPath(stationId)}/configuration`), this.#whichMode(stationId)]);
    if (generation !== this.#generation) return;
    const body = byId('cfg-rows');
    if (!body) return;
    setText('cfg-mode', mode === 'csms'
      ? 'Changes go to the station as ChangeConfiguration from the embedded central system; the answer is the station\'s.'
      : 'No embedded central system: changes are made locally at the station (as an installer would), checked as ChangeConfiguration is.');
    const key = `${stationId}\n${rows.map((r) => r.key).join(',')}`;
    if (key !== this.#builtFor || !byId('cfg-table')?.querySelector('tr[data-key]')) {
      this.#builtFor = key;
      body.innerHTML = rows.map((r) => `<tr data-key="${esc(r.key)}" data-access="${r.access}">
        <td data-label="key" title="${esc(r.description)}" class="cfg-key">${esc(r.key)}</td><td data-label="value" id="cfg-value-${esc(r.key)}" class="cfg-value"></td><td data-label="unit">${esc(r.unit ?? '')}</td>
        <td data-label="range">${esc(range(r))}</td><td data-label="access">${r.access}</td><td data-label="reboot">${r.rebootRequired ? 'yes' : 'no'}</td><td data-label="new value">${editor(r)}</td>
        <td data-label="">${r.access === 'RW' ? `<button data-act="cfg-set" data-key="${esc(r.key)}" aria-label="set ${esc(r.key)}">Set</button>` : ''}</td>
        <td data-label="answer" id="cfg-answer-${esc(r.key)}" class="cfg-answer"></td></tr>`).join('');
      this.filter();
    }
    // A list wraps after its commas (a zero-width space; copying the text gives the value plus those spaces).
    for (const r of rows) setText(`cfg-value-${r.key}`, r.type === 'csl' ? shown(r).replace(/,/g, ',\u200b') : shown(r));
    body.dataset.loaded = String(generation);
  }

  /** Shows only the rows whose key contains the filter text. */
  filter(): void {
    const text = (byId<HTMLInputElement>('cfg-filter')?.value ?? '').trim().toLowerCase();
    for (const tr of Array.from(document.querySelectorAll<HTMLElement>('#cfg-rows tr[data-key]'))) tr.hidden = text !== '' && !(tr.dataset.key ?? '').toLowerCase().includes(text);
  }

  /** Sends the typed value of a key and shows the answer beside it; then reads the values again. */
  async set(stationId: string, key: string): Promise<string> {
    const input = byId<HTMLInputElement | HTMLSelectElement>(`cfg-input-${key}`);
    const value = input?.value ?? '';
    const answerCell = byId(`cfg-answer-${key}`);
    if (input instanceof HTMLSelectElement && value === '') { this.#answer(key, 'pick a value first', 'error'); return 'none'; }
    if (answerCell) { answerCell.textContent = '…'; answerCell.className = 'cfg-answer'; }
    let status: string;
    let via: string;
    try {
      if (await this.#whichMode(stationId) === 'csms') {
        const r = await api<{ confirmation: { status: string } }>('POST', `/api/csms/stations/${encodeURIComponent(stationId)}/call`, { action: 'ChangeConfiguration', payload: { key, value } });
        status = r.confirmation.status;
        via = 'ChangeConfiguration';
      } else {
        status = (await api<{ status: string }>('POST', `${stationPath(stationId)}/configuration`, { key, value })).status;
        via = 'local change';
      }
    } catch (e) {
      this.#answer(key, e instanceof Error ? e.message : String(e), 'error');
      return 'error';
    }
    this.#answer(key, `${status} (${via})`, status === 'Accepted' || status === 'RebootRequired' ? 'ok' : 'error');
    if (status === 'Accepted' || status === 'RebootRequired') if (input) input.value = '';
    await this.load(stationId);
    return status;
  }

  #answer(key: string, text: string, kind: 'ok' | 'error'): void {
    const cell = byId(`cfg-answer-${key}`);
    if (!cell) return;
    cell.textContent = text;
    cell.className = `cfg-answer ${kind}`;
    cell.dataset.answer = text.split(' ')[0] ?? '';
  }
}
