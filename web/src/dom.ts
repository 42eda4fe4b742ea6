/**
 * Small DOM helpers for incremental rendering: panels are built once (with their inputs), and later
 * updates only patch text, classes and attributes, so what a person types is never thrown away.
 */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** Sets an element's text only when it differs (no needless layout, no lost selection). */
export function setText(id: string, text: string): void {
  const el = byId(id);
  if (el && el.textContent !== text) el.textContent = text;
}

/** A status pill: text plus a class named after the OCPP status. */
export function setStatus(id: string, status: string): void {
  const el = byId(id);
  if (!el) return;
  if (el.textContent !== status) el.textContent = status;
  const cls = `status ${status}`;
  if (el.className !== cls) el.className = cls;
}

export function setAttr(id: string, name: string, value: string): void {
  const el = byId(id);
  if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function inputValue(id: string): string {
  return byId<HTMLInputElement | HTMLSelectElement>(id)?.value ?? '';
}

/** A short line at the top of the page: what the last control did, or why it failed. */
export function notice(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = byId('notice');
  if (!el) return;
  el.textContent = text;
  el.className = kind;
}

export const time = (at: number): string => new Date(at).toISOString().slice(11, 19);
export const dateTime = (at: number): string => new Date(at).toISOString().replace('T', ' ').slice(0, 19);
