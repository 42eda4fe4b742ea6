/**
 * A form generated from an OCPP 1.6 request schema (the subset the official schemas use: objects with
 * properties and required, strings with enum, maxLength or format date-time, integers, numbers, booleans,
 * arrays of scalars or of objects) and the payload read back from it. The form does not check anything
 * itself: what a person typed goes into the payload as typed (a number field holding "1.5x" stays a
 * string), so the schema check on the server (POST /api/ocpp/check) refuses it with the schema's message
 * (decision D21). Empty fields are left out of the payload.
 */
import { esc } from './dom.ts';

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Array<string | number>;
  format?: string;
  maxLength?: number;
  multipleOf?: number;
  minimum?: number;
  maximum?: number;
}

/** The element id of a field: `cf-` and its path with dashes (csChargingProfiles.stackLevel → cf-csChargingProfiles-stackLevel). */
export const fieldId = (field: string): string => `cf-${esc(field.replaceAll('.', '-'))}`;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function hint(s: JsonSchema): string {
  if (s.enum) return s.enum.join(' | ');
  if (s.format === 'date-time') return 'date-time, e.g. 2026-01-01T00:00:00Z';
  const parts = [s.type ?? 'any'];
  if (s.maxLength !== undefined) parts.push(`≤ ${s.maxLength} chars`);
  if (s.multipleOf !== undefined) parts.push(`× ${s.multipleOf}`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  return parts.join(', ');
}

/** One input for a scalar; `field` is the dotted path (array indexes left out), `id` only outside arrays. */
function scalarHtml(s: JsonSchema, key: string | undefined, field: string, inArray: boolean): string {
  const attrs = `data-kind="scalar" data-type="${esc(s.type ?? 'string')}"${key !== undefined ? ` data-key="${esc(key)}"` : ''} data-field="${esc(field)}"${inArray ? '' : ` id="${fieldId(field)}"`} title="${esc(hint(s))}" aria-label="${esc(field)}"`;
  // Nothing is picked for the person (Reset's first value is Hard): an unpicked required enum is refused by the schema.
  if (s.enum) return `<select ${attrs}><option value="">—</option>${s.enum.map((v) => `<option value="${esc(String(v))}">${esc(String(v))}</option>`).join('')}</select>`;
  if (s.type === 'boolean') return `<select ${attrs}><option value="">—</option><option>true</option><option>false</option></select>`;
  const mode = s.type === 'integer' ? ' inputmode="numeric"' : s.type === 'number' ? ' inputmode="decimal"' : '';
  return `<input type="text" ${attrs}${mode} placeholder="${esc(hint(s))}" autocomplete="off">`;
}

function label(key: string, required: boolean): string {
  return `${esc(key)}${required ? ' <span class="req" title="required">*</span>' : ''}`;
}

/** The item schemas of the form's arrays, by field path (for "add a row"). */
export type ArrayItems = Map<string, JsonSchema>;

function rowHtml(item: JsonSchema, field: string): string {
  const cells = item.type === 'object'
    ? Object.entries(item.properties ?? {}).map(([k, p]) => `<td>${scalarHtml(p, k, `${field}.${k}`, true)}</td>`).join('')
    : `<td>${scalarHtml(item, undefined, field, true)}</td>`;
  return `<tr ${item.type === 'object' ? 'data-kind="object"' : ''}>${cells}<td><button type="button" data-cf-remove title="remove this row">✕</button></td></tr>`;
}

function fieldHtml(s: JsonSchema, key: string, field: string, required: boolean, arrays: ArrayItems): string {
  if (s.type === 'object') {
    const inner = Object.entries(s.properties ?? {}).map(([k, p]) => fieldHtml(p, k, `${field}.${k}`, (s.required ?? []).includes(k), arrays)).join('');
    // An optional object is sent only when ticked (a fieldset's first legend stays usable while it is disabled).
    const legend = required ? label(key, true) : `<label><input type="checkbox" data-cf-include id="${fieldId(field)}-include"> ${esc(key)} (include)</label>`;
    return `<fieldset data-kind="object" data-key="${esc(key)}"${required ? '' : ' disabled'}><legend>${legend}</legend>${inner}</fieldset>`;
  }
  if (s.type === 'array' && s.items) {
    arrays.set(field, s.items);
    const head = s.items.type === 'object' ? `<tr>${Object.keys(s.items.properties ?? {}).map((k) => `<th>${label(k, (s.items!.required ?? []).includes(k))}</th>`).join('')}<th></th></tr>` : '';
    return `<div class="cf-array" data-kind="array" data-key="${esc(key)}" data-field="${esc(field)}"><div>${label(key, required)} <button type="button" data-cf-add="${esc(field)}" id="${fieldId(field)}-add">Add row</button></div>`
      + `<table class="grid"><thead>${head}</thead><tbody>${required ? rowHtml(s.items, field) : ''}</tbody></table></div>`;
  }
  return `<label class="cf-field">${label(key, required)} ${scalarHtml(s, key, field, false)}</label>`;
}

/** The fields of a request schema, and the item schemas of its arrays. */
export function schemaFormHtml(schema: JsonSchema): { html: string; arrays: ArrayItems } {
  const arrays: ArrayItems = new Map();
  const html = Object.entries(schema.properties ?? {}).map(([k, p]) => fieldHtml(p, k, k, (schema.required ?? []).includes(k), arrays)).join('')
    || '<div class="dim">This request has no fields.</div>';
  return { html, arrays };
}

/** Handles the form's own buttons and ticks (add or remove a row, include an optional object); true when it did. */
export function schemaFormEvent(target: HTMLElement, arrays: ArrayItems): boolean {
  const add = target.closest<HTMLElement>('[data-cf-add]');
  if (add) {
    const field = add.dataset.cfAdd ?? '';
    const item = arrays.get(field);
    add.closest('[data-kind="array"]')?.querySelector('tbody')?.insertAdjacentHTML('beforeend', item ? rowHtml(item, field) : '');
    return true;
  }
  const remove = target.closest<HTMLElement>('[data-cf-remove]');
  if (remove) { remove.closest('tr')?.remove(); return true; }
  if (target instanceof HTMLInputElement && target.dataset.cfInclude !== undefined) {
    const set = target.closest('fieldset');
    if (set) set.disabled = !target.checked;
    return true;
  }
  return false;
}

/** The fields directly under `el` (not those of a nested object or array). */
function children(el: HTMLElement): HTMLElement[] {
  const owner = el.dataset.kind ? el : null;
  return Array.from(el.querySelectorAll<HTMLElement>('[data-kind]')).filter((c) => (c.parentElement?.closest('[data-kind]') ?? null) === owner);
}

function scalarValue(el: HTMLElement): unknown {
  const raw = (el as HTMLInputElement | HTMLSelectElement).value;
  const type = el.dataset.type;
  if (raw === '') return undefined;
  if (type === 'integer' || type === 'number') return NUMBER.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function valueOf(el: HTMLElement): unknown {
  const kind = el.dataset.kind;
  if (kind === 'scalar') return scalarValue(el);
  // An array without rows is left out; its rows' empty scalars are dropped.
  if (kind === 'array') return el.querySelector('tbody tr') ? children(el).map(valueOf).filter((v) => v !== undefined) : undefined;
  if (el instanceof HTMLFieldSetElement && el.disabled) return undefined;
  const out: Record<string, unknown> = {};
  for (const c of children(el)) {
    const v = valueOf(c);
    const key = c.dataset.key;
    if (key !== undefined && v !== undefined) out[key] = v;
  }
  return out;
}

/** The payload the form holds: typed values as typed, empty fields left out. */
export function schemaFormPayload(root: HTMLElement): Record<string, unknown> {
  return valueOf(root) as Record<string, unknown>;
}
