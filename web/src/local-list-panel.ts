/**
 * The station's local authorization list as the installer manages it on the device (GET / PUT
 * /api/stations/{id}/local-list): view, edit entries, add, remove, save with a version. While the
 * list has unsaved edits, live reloads (after a SendLocalList from the central system) leave it alone.
 */
import { api, stationPath } from './api.ts';
import { byId, esc, notice, setText } from './dom.ts';
import type { LocalList, LocalListEntry } from './types.ts';

const STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'];

export class LocalListPanel {
  #entries: LocalListEntry[] = [];
  #version = 0;
  #dirty = false;

  html(): string {
    return `
  <div class="panel" id="local-list-panel"><h2>Local authorization list</h2>
    <div class="row"><span>version <b id="ll-version-now">?</b></span><span id="ll-state" class="dim"></span></div>
    <table class="grid"><thead><tr><th>idTag</th><th>status</th><th>parent idTag</th><th>expiry (ISO)</th><th></th></tr></thead><tbody id="ll-rows"></tbody></table>
    <div class="row"><button data-act="ll-add">Add entry</button><label>save as version <input id="ll-version" type="number" min="1" style="width:6em"></label>
      <button data-act="ll-save">Save list</button><button data-act="ll-reload">Reload</button></div></div>`;
  }

  /** Reloads from the station unless the person is editing (force = the Reload button). */
  async load(stationId: string, force = false): Promise<void> {
    if (this.#dirty && !force) return;
    const list = await api<LocalList>('GET', `${stationPath(stationId)}/local-list`);
    if (this.#dirty && !force) return;
    this.#entries = list.entries.map((e) => ({ ...e }));
    this.#version = list.version;
    this.#dirty = false;
    this.#render(true);
  }

  add(): void { this.#entries.push({ idTag: '', status: 'Accepted' }); this.#dirty = true; this.#render(); byId<HTMLInputElement>(`ll-idTag-${this.#entries.length - 1}`)?.focus(); }

  remove(index: number): void { this.#entries.splice(index, 1); this.#dirty = true; this.#render(); }

  /** An edit in one of the row inputs. */
  edit(target: HTMLElement): boolean {
    const index = Number(target.dataset.llIndex), field = target.dataset.llField as keyof LocalListEntry | undefined;
    const entry = this.#entries[index];
    if (!entry || !field) return false;
    const value = (target as HTMLInputElement).value;
    if (field === 'idTag' || field === 'status') entry[field] = value;
    else if (value) entry[field] = value; else delete entry[field];
    this.#dirty = true;
    setText('ll-state', 'unsaved changes');
    return true;
  }

  async save(stationId: string): Promise<void> {
    const version = Number(byId<HTMLInputElement>('ll-version')?.value);
    const entries = this.#entries.map((e) => ({ idTag: e.idTag.trim(), status: e.status, ...(e.parentIdTag ? { parentIdTag: e.parentIdTag } : {}), ...(e.expiryDate ? { expiryDate: e.expiryDate } : {}) }));
    const saved = await api<LocalList>('PUT', `${stationPath(stationId)}/local-list`, { entries, ...(Number.isInteger(version) && version > 0 ? { version } : {}) });
    this.#dirty = false;
    this.#entries = saved.entries.map((e) => ({ ...e }));
    this.#version = saved.version;
    notice(`local list saved: version ${saved.version}, ${saved.entries.length} entr${saved.entries.length === 1 ? 'y' : 'ies'}`);
    this.#render(true);
  }

  reset(): void { this.#dirty = false; this.#entries = []; }

  /** Draws the entries held (edits included) into a freshly built panel. */
  show(): void { this.#render(); }

  /** Redraws the rows; the "save as version" field gets the next version when asked or when empty. */
  #render(nextVersion = false): void {
    const rows = byId('ll-rows');
    if (!rows) return;
    const v = byId<HTMLInputElement>('ll-version');
    if (v && (nextVersion || !v.value)) v.value = String(this.#version + 1);
    const input = (i: number, field: keyof LocalListEntry, value: string | undefined, size: number): string =>
      `<input id="ll-${field}-${i}" data-ll-index="${i}" data-ll-field="${field}" value="${esc(value ?? '')}" size="${size}" aria-label="${field} of entry ${i + 1}">`;
    rows.innerHTML = this.#entries.map((e, i) => `<tr data-ll-row="${i}"><td>${input(i, 'idTag', e.idTag, 12)}</td>
      <td><select id="ll-status-${i}" aria-label="status of entry ${i + 1}" data-ll-index="${i}" data-ll-field="status">${STATUSES.map((s) => `<option${s === e.status ? ' selected' : ''}>${s}</option>`).join('')}</select></td>
      <td>${input(i, 'parentIdTag', e.parentIdTag, 10)}</td><td>${input(i, 'expiryDate', e.expiryDate, 18)}</td>
      <td><button data-act="ll-remove" data-ll-index="${i}" aria-label="remove entry ${i + 1}">✕</button></td></tr>`).join('')
      || '<tr><td colspan="5" class="dim">empty</td></tr>';
    setText('ll-version-now', String(this.#version));
    setText('ll-state', this.#dirty ? 'unsaved changes' : `${this.#entries.length} entr${this.#entries.length === 1 ? 'y' : 'ies'}`);
  }
}
