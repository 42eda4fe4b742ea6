/**
 * The OCPP frame log of the selected station, newest first. Action and direction filter through the
 * API's query (GET /api/stations/{id}/frames?action=&direction=&limit=); message type and text filter
 * on the page. Each CALL is paired with its answer (same message id, the other direction) and the
 * latency between them (station clock) is shown. A row expands to pretty-printed JSON with a copy
 * button; the frames that pass the filters can be exported as JSON lines.
 *
 * The list is virtualised: only the rows inside the viewport (plus a margin) exist in the DOM, placed
 * over a spacer as tall as the whole list, so 10,000 frames scroll like 10. Rows have a fixed height;
 * an expanded row is taller by its JSON's line count, and the offsets are prefix sums.
 */
import { api, stationPath } from './api.ts';
import { byId, esc, inputValue, notice, time } from './dom.ts';
import type { Frame } from './types.ts';
import { frameLogNotice, type FrameLogRecording } from './frame-log-notice.ts';

const ACTIONS = ['Authorize', 'BootNotification', 'CancelReservation', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache',
  'ClearChargingProfile', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'GetCompositeSchedule',
  'GetConfiguration', 'GetDiagnostics', 'GetLocalListVersion', 'Heartbeat', 'MeterValues', 'RemoteStartTransaction',
  'RemoteStopTransaction', 'ReserveNow', 'Reset', 'SendLocalList', 'SetChargingProfile', 'StartTransaction', 'StatusNotification',
  'StopTransaction', 'TriggerMessage', 'UnlockConnector', 'UpdateFirmware'];
const TYPES: Record<number, string> = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR' };
/** Height of a collapsed row and of one line of expanded JSON, px (the CSS uses the same). */
export const ROW_HEIGHT = 20;
const LINE_HEIGHT = 16;
/** Rows drawn beyond the viewport on each side, so a fast scroll shows no blank band. */
const MARGIN_ROWS = 10;
/** The longest JSON an expanded row shows whole; longer ones are capped (the copy has all of it). */
const MAX_LINES = 400;

interface Row {
  frame: Frame;
  messageId: string;
  parsed: unknown;
  /** The other half of a CALL / answer pair, when it is among the frames read. */
  partner: Row | undefined;
  latencyMs: number | undefined;
}

function parse(f: Frame): { id: string; parsed: unknown } {
  try {
    const v = JSON.parse(f.text) as unknown;
    return { id: Array.isArray(v) ? String(v[1]) : '', parsed: v };
  } catch { return { id: '', parsed: f.text }; }
}

/** Pairs each CALL with its CALLRESULT/CALLERROR: same message id, opposite direction, after it. */
export function pairFrames(frames: Frame[]): Row[] {
  const rows = frames.map((frame) => { const p = parse(frame); return { frame, messageId: p.id, parsed: p.parsed, partner: undefined, latencyMs: undefined } as Row; });
  const open = new Map<string, Row>();
  for (const r of rows) { // oldest first
    if (r.frame.type === 2) { open.set(`${r.frame.direction}\n${r.messageId}`, r); continue; }
    const key = `${r.frame.direction === 'in' ? 'out' : 'in'}\n${r.messageId}`;
    const call = open.get(key);
    if (!call) continue;
    open.delete(key);
    call.partner = r; r.partner = call;
    call.latencyMs = r.latencyMs = r.frame.at - call.frame.at;
  }
  return rows;
}

const pretty = (r: Row): string => JSON.stringify(r.parsed, null, 2);

/** What "copy" and "export" give for a frame: its fields and the parsed message. */
function exported(r: Row): Record<string, unknown> {
  return { seq: r.frame.seq, at: new Date(r.frame.at).toISOString(), direction: r.frame.direction, type: TYPES[r.frame.type] ?? r.frame.type, action: r.frame.action, messageId: r.messageId, message: r.parsed };
}

export class FramesPanel {
  #generation = 0;
  #stationId = '';
  /** Every frame read, newest first, paired. */
  #all: Row[] = [];
  /** Those passing the page's filters (type, text), newest first. */
  #visible: Row[] = [];
  #expanded = new Set<number>();
  /** #offsets[i] = top of visible row i; one more entry for the total height. */
  #offsets: number[] = [0];
  #frame = 0;

  html(): string {
    return `
  <div class="panel wide" id="frames-panel"><h2>OCPP frames</h2>
    <div class="row">
      <label>action <select id="frames-action"><option value="">(all)</option>${ACTIONS.map((a) => `<option>${a}</option>`).join('')}</select></label>
      <label>direction <select id="frames-direction"><option value="">(both)</option><option value="out">→ sent by the station</option><option value="in">← received by the station</option></select></label>
      <label>type <select id="frames-type"><option value="">(all)</option><option value="2">CALL</option><option value="3">RESULT</option><option value="4">ERROR</option></select></label>
      <label>text <input id="frames-text" type="search" size="14"></label>
      <label>last <input id="frames-limit" type="number" min="1" max="10000" value="100" style="width:6.5em"> frames</label>
    </div>
    <div class="row"><button data-act="frames-export">Export shown (JSON lines)</button><span id="frames-count" class="dim"></span></div>
    <p id="frames-notice" class="dim" hidden></p>
    <div id="frames" tabindex="0" aria-label="OCPP frames, newest first"><div id="frames-spacer"></div></div></div>`;
  }

  /** Says above the list what the station's frame log holds (frame-log-notice.ts); hidden when it keeps it all. */
  showRecording(r: FrameLogRecording | undefined): void {
    const el = byId('frames-notice');
    if (!el) return;
    const text = frameLogNotice(r);
    if (el.textContent !== text) el.textContent = text;
    el.hidden = text === '';
  }

  /** Reads the frames from the API (action, direction, limit) and shows them. */
  async load(stationId: string): Promise<void> {
    const generation = ++this.#generation;
    const q = new URLSearchParams();
    const action = inputValue('frames-action'), direction = inputValue('frames-direction');
    const limit = Math.max(1, Math.min(10_000, Math.floor(Number(inputValue('frames-limit'))) || 100));
    if (action) q.set('action', action);
    if (direction) q.set('direction', direction);
    q.set('limit', String(limit));
    const frames = await api<Frame[]>('GET', `${stationPath(stationId)}/frames?${q}`);
    if (generation !== this.#generation) return;
    const list = byId('frames');
    if (!list) return;
    const sameStation = stationId === this.#stationId;
    if (!sameStation) { this.#expanded.clear(); this.#stationId = stationId; }
    // Scrolled down into older frames: the row at the top of the view stays there as new frames arrive above it.
    const anchor = sameStation && list.scrollTop > 0 && this.#visible.length ? this.#rowAt(list.scrollTop) : -1;
    const anchorSeq = anchor >= 0 ? this.#visible[anchor]!.frame.seq : undefined;
    const anchorDelta = anchor >= 0 ? list.scrollTop - this.#offsets[anchor]! : 0;
    this.#all = pairFrames(frames).reverse();
    list.dataset.filter = q.toString();
    this.#applyFilters();
    if (anchorSeq !== undefined) {
      const i = this.#visible.findIndex((r) => r.frame.seq === anchorSeq);
      if (i >= 0 && this.#offsets[i]! + anchorDelta !== list.scrollTop) { list.scrollTop = this.#offsets[i]! + anchorDelta; this.#draw(); }
    }
    if (!list.dataset.watched) {
      list.dataset.watched = '1';
      list.addEventListener('scroll', () => this.#schedule(), { passive: true });
    }
  }

  /** The page's own filters (type, text) changed: no new read. */
  refilter(): void { this.#applyFilters(); }

  #applyFilters(): void {
    const type = Number(inputValue('frames-type')) || 0;
    const text = inputValue('frames-text').toLowerCase();
    this.#visible = this.#all.filter((r) => (!type || r.frame.type === type) && (!text || r.frame.text.toLowerCase().includes(text) || r.frame.action.toLowerCase().includes(text)));
    this.#layout();
    const list = byId('frames');
    if (list) list.dataset.count = String(this.#visible.length);
    const count = byId('frames-count');
    if (count) count.textContent = `${this.#visible.length} shown${this.#visible.length !== this.#all.length ? ` of ${this.#all.length} read` : ''}`;
  }

  #height(r: Row): number {
    if (!this.#expanded.has(r.frame.seq)) return ROW_HEIGHT;
    const lines = Math.min(MAX_LINES, pretty(r).split('\n').length);
    // The line, the tools row (two lines), the JSON and one line of slack for borders and rounding.
    return ROW_HEIGHT + 2 * LINE_HEIGHT + (lines + 1) * LINE_HEIGHT + 8;
  }

  #layout(): void {
    const offsets = new Array<number>(this.#visible.length + 1);
    offsets[0] = 0;
    for (let i = 0; i < this.#visible.length; i++) offsets[i + 1] = offsets[i]! + this.#height(this.#visible[i]!);
    this.#offsets = offsets;
    const spacer = byId('frames-spacer');
    if (spacer) spacer.style.height = `${offsets[offsets.length - 1]}px`;
    this.#draw();
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); });
  }

  /** The first row whose bottom is below y (binary search over the offsets). */
  #rowAt(y: number): number {
    let lo = 0, hi = this.#visible.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#offsets[mid + 1]! <= y) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo);
  }

  /** Draws the rows inside the viewport (and a margin); nothing else is in the DOM. */
  #draw(): void {
    const list = byId('frames');
    const spacer = byId('frames-spacer');
    if (!list || !spacer) return;
    if (this.#visible.length === 0) { spacer.innerHTML = '<div class="dim frame-empty">no frames match</div>'; return; }
    const first = Math.max(0, this.#rowAt(list.scrollTop) - MARGIN_ROWS);
    const bottom = list.scrollTop + (list.clientHeight || 300);
    let last = this.#rowAt(bottom) + MARGIN_ROWS;
    last = Math.min(this.#visible.length - 1, last);
    let html = '';
    for (let i = first; i <= last; i++) html += this.#rowHtml(this.#visible[i]!, this.#offsets[i]!);
    spacer.innerHTML = html;
    list.dataset.first = String(first);
    list.dataset.rendered = String(last - first + 1);
  }

  #rowHtml(r: Row, top: number): string {
    const f = r.frame;
    const open = this.#expanded.has(f.seq);
    const arrow = f.direction === 'out' ? '→' : '←';
    const pair = r.partner
      ? (f.type === 2 ? `answered in ${r.latencyMs} ms` : `↩ #${r.partner.frame.seq} · ${r.latencyMs} ms`)
      : (f.type === 2 ? 'no answer yet' : '');
    const head = `<button class="frame-toggle" data-act="frame-toggle" data-seq="${f.seq}" aria-expanded="${open}" aria-label="${open ? 'collapse' : 'expand'} frame ${f.seq}">${open ? '▾' : '▸'}</button>`
      + `<span class="frame-line">${time(f.at)} ${arrow} ${TYPES[f.type] ?? '?'} ${esc(f.action)} ${f.injected ? `<span class="badge injected" title="injected fault">⚡${esc(f.injected)}</span> ` : ''}<span class="pair" data-latency="${r.latencyMs ?? ''}">${esc(pair)}</span> ${esc(f.text.slice(0, 300))}</span>`;
    let body = '';
    if (open) {
      const text = pretty(r).split('\n');
      const shown = text.length > MAX_LINES ? [...text.slice(0, MAX_LINES - 1), `… ${text.length - MAX_LINES + 1} more lines (copy has all)`] : text;
      body = `<div class="frame-detail"><div class="row frame-tools"><span class="dim">seq ${f.seq} · message id ${esc(r.messageId)}${r.partner ? ` · pair #${r.partner.frame.seq} (${TYPES[r.partner.frame.type] ?? '?'}) · latency ${r.latencyMs} ms (station clock)` : ''}</span>`
        + `<button data-act="frame-copy" data-seq="${f.seq}">Copy as JSON</button></div><pre class="frame-json">${esc(shown.join('\n'))}</pre></div>`;
    }
    return `<div class="frame ${f.type === 4 ? 'err' : f.direction}${open ? ' open' : ''}" style="top:${top}px;height:${this.#height(r)}px" data-action="${esc(f.action)}" data-direction="${f.direction}" data-seq="${f.seq}" data-type="${f.type}"${r.partner ? ` data-pair="${r.partner.frame.seq}"` : ''}>${head}${body}</div>`;
  }

  toggle(seq: number): void {
    if (this.#expanded.has(seq)) this.#expanded.delete(seq); else this.#expanded.add(seq);
    this.#layout();
    byId(`frames`)?.querySelector<HTMLButtonElement>(`.frame[data-seq="${seq}"] .frame-toggle`)?.focus();
  }

  /** The frame and, when paired, its partner with the latency, as JSON for the clipboard. */
  copyText(seq: number): string | undefined {
    const r = this.#all.find((x) => x.frame.seq === seq);
    if (!r) return undefined;
    const [call, answer] = r.frame.type === 2 ? [r, r.partner] : [r.partner, r];
    return JSON.stringify(r.partner ? { call: exported(call!), answer: exported(answer!), latencyMs: r.latencyMs } : exported(r), null, 2);
  }

  async copy(seq: number): Promise<void> {
    const text = this.copyText(seq);
    if (text === undefined) return;
    try {
      await navigator.clipboard.writeText(text);
      notice(`frame ${seq} copied as JSON`);
    } catch {
      // No clipboard API (plain http from another host, or denied): the older way through a selection.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed'; area.style.opacity = '0';
      document.body.append(area);
      area.select();
      const done = document.execCommand('copy');
      area.remove();
      notice(done ? `frame ${seq} copied as JSON` : 'this browser allows no copying here: expand the frame and select its JSON', done ? 'ok' : 'error');
    }
  }

  /** The frames passing the filters, oldest first, one JSON object a line. */
  exportText(): string {
    return this.#visible.slice().reverse().map((r) => JSON.stringify(exported(r))).join('\n') + (this.#visible.length ? '\n' : '');
  }

  export(): void {
    const blob = new Blob([this.exportText()], { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `frames-${this.#stationId.replace(/[^\w.-]/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    notice(`${this.#visible.length} frames exported`);
  }
}
