/**
 * Fault injection in the fleet view (issue 16 item 6, docs/fault-injection.md): a form that adds a rule
 * to the selected station's wire (or to every station of the list shown, at most one page), the rules in
 * force with the firings they have left and a remove button each, and "clear all". The API checks every
 * rule; when it refuses one, its message is shown under the form as it came.
 */
import { api, ApiError, stationPath } from './api.ts';
import { byId, esc, inputValue, setText } from './dom.ts';

/** OCPP 1.6 actions the central system sends (an incoming rule's action) and the station sends (outgoing). */
export const INCOMING_ACTIONS = ['CancelReservation', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'ClearChargingProfile', 'DataTransfer',
  'GetCompositeSchedule', 'GetConfiguration', 'GetDiagnostics', 'GetLocalListVersion', 'RemoteStartTransaction', 'RemoteStopTransaction', 'ReserveNow',
  'Reset', 'SendLocalList', 'SetChargingProfile', 'TriggerMessage', 'UnlockConnector', 'UpdateFirmware'];
export const OUTGOING_ACTIONS = ['Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat',
  'MeterValues', 'StartTransaction', 'StatusNotification', 'StopTransaction'];
const MODES: Record<'incoming' | 'outgoing', string[]> = {
  incoming: ['answer-status', 'callerror', 'delay', 'drop', 'duplicate'],
  outgoing: ['delay', 'drop', 'duplicate'],
};
const CALLERROR_CODES = ['NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError'];
/** Which field wrappers each kind of rule shows (the others are hidden and not sent). */
const SHOWN: Record<string, string[]> = {
  'answer-status': ['payload'], callerror: ['code', 'description'], delay: ['ms'], drop: [], duplicate: [],
  link: ['latencyMs', 'jitterMs', 'lossRate', 'seed'],
};

export interface FaultRule {
  id: string; direction: string; action?: string; mode?: string; payload?: unknown; code?: string; description?: string;
  ms?: number; latencyMs?: number; jitterMs?: number; lossRate?: number; seed?: number; remaining: number | 'always'; fired: number;
}

/** What a rule does, in a few words (the times column says how often). */
export function faultRuleText(r: FaultRule): string {
  if (r.direction === 'link') {
    return ['link', r.latencyMs !== undefined ? `latency ${r.latencyMs} ms` : '', r.jitterMs !== undefined ? `jitter ${r.jitterMs} ms` : '',
      r.lossRate !== undefined ? `loss ${r.lossRate}` : '', r.seed !== undefined ? `seed ${r.seed}` : ''].filter(Boolean).join(' ');
  }
  const detail = r.mode === 'answer-status' ? JSON.stringify(r.payload) : r.mode === 'callerror' ? `${r.code ?? ''}${r.description ? ` "${r.description}"` : ''}` : r.mode === 'delay' ? `${r.ms ?? ''} ms` : '';
  return `${r.direction} ${r.action ?? 'every action'} ${r.mode ?? ''} ${detail}`.trim();
}

const field = (key: string, label: string, control: string): string => `<label class="fi-field" data-fi-field="${key}">${label} ${control}</label>`;
const num = (id: string, attrs: string): string => `<input id="${id}" type="number" ${attrs} style="width:7em">`;

export class FaultPanel {
  /** The station whose rules are shown and changed. */
  station: string | undefined;
  /** The stations of the list shown (the "every station listed" target), set by the fleet view. */
  listed: string[] = [];

  html(): string {
    const options = (values: string[]): string => values.map((v) => `<option>${esc(v)}</option>`).join('');
    return '<div id="fault-panel"><div class="row">Fault injection on <strong id="fi-station" class="dim">no station selected</strong></div>'
      + '<div class="row" id="fi-form">'
      + field('direction', 'direction', `<select id="fi-direction">${options(['incoming', 'outgoing', 'link'])}</select>`)
      + field('action', 'action', '<select id="fi-action"></select>')
      + field('mode', 'mode', '<select id="fi-mode"></select>')
      + field('payload', 'answer (JSON)', '<input id="fi-payload" value=\'{"status":"Rejected"}\' size="22" spellcheck="false">')
      + field('code', 'error code', `<select id="fi-code">${options(CALLERROR_CODES)}</select>`)
      + field('description', 'error text', '<input id="fi-description" size="16" maxlength="255">')
      + field('ms', 'delay (ms)', num('fi-ms', 'min="0" max="600000" value="1000"'))
      + field('latencyMs', 'latency (ms)', num('fi-latency', 'min="0" max="600000"'))
      + field('jitterMs', 'jitter (ms)', num('fi-jitter', 'min="0" max="600000"'))
      + field('lossRate', 'loss rate (0 … 1)', num('fi-loss', 'min="0" max="1" step="any"'))
      + field('seed', 'seed', num('fi-seed', 'min="0" step="1"'))
      + field('times', 'times (empty: default, 0: until removed)', num('fi-times', 'min="0" max="1000000" value="1"'))
      + '<label class="fi-field"><input type="checkbox" id="fi-all"> to every station listed below (at most 100)</label>'
      + '<button type="button" id="fi-add">Add rule</button></div>'
      + '<div id="fi-error" class="fi-error" role="alert"></div><div id="fi-result" class="dim" role="status"></div>'
      + '<div class="fv-scroll"><table class="grid" id="fi-rules" aria-label="fault rules in force"><thead><tr><th>rule</th><th>left</th><th>fired</th><th></th></tr></thead><tbody id="fi-rows"></tbody></table></div>'
      + '<div class="row"><button type="button" id="fi-clear">Clear all</button></div></div>';
  }

  /** Fills the selects for the chosen direction and shows only the fields its mode takes. */
  sync(): void {
    const direction = inputValue('fi-direction');
    const action = byId<HTMLSelectElement>('fi-action');
    const mode = byId<HTMLSelectElement>('fi-mode');
    if (!action || !mode) return;
    if (direction !== 'link' && action.dataset.direction !== direction) {
      const actions = direction === 'incoming' ? INCOMING_ACTIONS : OUTGOING_ACTIONS;
      action.innerHTML = `<option value="">every action</option>${actions.map((a) => `<option>${a}</option>`).join('')}`;
      action.dataset.direction = direction;
      const modes = MODES[direction as 'incoming' | 'outgoing'];
      const keep = modes.includes(mode.value) ? mode.value : modes[0]!;
      mode.innerHTML = modes.map((m) => `<option>${m}</option>`).join('');
      mode.value = keep;
    }
    const shown = new Set(direction === 'link' ? SHOWN.link : ['action', 'mode', ...(SHOWN[mode.value] ?? [])]);
    for (const el of document.querySelectorAll<HTMLElement>('#fi-form [data-fi-field]')) {
      const key = el.dataset.fiField!;
      if (key === 'direction' || key === 'times') continue;
      el.hidden = !shown.has(key);
    }
    const times = byId<HTMLInputElement>('fi-times');
    // A link rule lasts until removed by default; a call rule fires once.
    if (times && times.dataset.direction !== direction) { times.value = direction === 'link' ? '' : '1'; times.dataset.direction = direction; }
  }

  /** The rule the form describes, or a sentence saying what is wrong with the form itself. */
  rule(): Record<string, unknown> | string {
    const direction = inputValue('fi-direction');
    const out: Record<string, unknown> = { direction };
    const numbers = (pairs: Array<[string, string]>): string | undefined => {
      for (const [key, id] of pairs) {
        const text = inputValue(id).trim();
        if (text === '') continue;
        const n = Number(text);
        if (!Number.isFinite(n)) return `${key} must be a number`;
        out[key] = n;
      }
      return undefined;
    };
    let wrong: string | undefined;
    if (direction === 'link') wrong = numbers([['latencyMs', 'fi-latency'], ['jitterMs', 'fi-jitter'], ['lossRate', 'fi-loss'], ['seed', 'fi-seed']]);
    else {
      const action = inputValue('fi-action');
      const mode = inputValue('fi-mode');
      if (action) out.action = action;
      out.mode = mode;
      if (mode === 'answer-status') {
        try { out.payload = JSON.parse(inputValue('fi-payload')); } catch { return 'the answer must be JSON, e.g. {"status":"Rejected"}'; }
      }
      if (mode === 'callerror') {
        out.code = inputValue('fi-code');
        const text = inputValue('fi-description').trim();
        if (text) out.description = text;
      }
      if (mode === 'delay') wrong = numbers([['ms', 'fi-ms']]);
    }
    wrong ??= numbers([['times', 'fi-times']]);
    return wrong ?? out;
  }

  /** Adds the form's rule to the selected station, or to every station listed. */
  async add(): Promise<void> {
    setText('fi-error', '');
    setText('fi-result', '');
    const rule = this.rule();
    if (typeof rule === 'string') { setText('fi-error', rule); return; }
    const targets = this.#targets();
    if (targets.length === 0) { setText('fi-error', 'select a station first (click a row of the list)'); return; }
    const refusals: Array<[string, string]> = [];
    // One after the other: a page is at most 100 stations, and a refusal is usually the same for all.
    for (const id of targets) {
      try { await api('POST', `${stationPath(id)}/faults`, rule); } catch (e) { refusals.push([id, message(e)]); }
    }
    const [first] = refusals;
    if (first) setText('fi-error', targets.length === 1 ? first[1] : `${refusals.length} of ${targets.length} refused; ${first[0]}: ${first[1]}`);
    if (refusals.length < targets.length) setText('fi-result', `rule added on ${targets.length - refusals.length} station${targets.length - refusals.length === 1 ? '' : 's'}`);
    await this.refresh();
  }

  /** Removes one rule of the selected station. */
  async remove(faultId: string): Promise<void> {
    if (!this.station) return;
    setText('fi-error', '');
    await api('DELETE', `${stationPath(this.station)}/faults/${encodeURIComponent(faultId)}`).catch((e: unknown) => setText('fi-error', message(e)));
    await this.refresh();
  }

  /** Removes every rule of the selected station (or of every station listed). */
  async clear(): Promise<void> {
    setText('fi-error', '');
    const targets = this.#targets();
    for (const id of targets) await api('DELETE', `${stationPath(id)}/faults`).catch((e: unknown) => setText('fi-error', `${id}: ${message(e)}`));
    if (targets.length > 0) setText('fi-result', `rules cleared on ${targets.length} station${targets.length === 1 ? '' : 's'}`);
    await this.refresh();
  }

  /** Reads the selected station's rules and shows them. */
  async refresh(): Promise<void> {
    const id = this.station;
    setText('fi-station', id ?? 'no station selected');
    const rows = byId('fi-rows');
    if (!rows) return;
    const rules = id ? await api<FaultRule[]>('GET', `${stationPath(id)}/faults`).catch(() => undefined) : [];
    if (!rules || id !== this.station) return;
    const html = rules.length === 0 ? '<tr><td colspan="4" class="dim">no rule in force</td></tr>'
      : rules.map((r) => `<tr data-fault="${esc(r.id)}"><td><code>${esc(faultRuleText(r))}</code></td><td class="fi-left">${esc(String(r.remaining))}</td><td>${r.fired}</td>`
        + `<td><button type="button" data-fi-remove="${esc(r.id)}" aria-label="remove rule ${esc(r.id)}">Remove</button></td></tr>`).join('');
    if (rows.innerHTML !== html) rows.innerHTML = html;
  }

  #targets(): string[] {
    if ((byId<HTMLInputElement>('fi-all'))?.checked) return this.listed.slice(0, 100);
    return this.station ? [this.station] : [];
  }
}

const message = (e: unknown): string => (e instanceof ApiError ? e.message : String(e));
