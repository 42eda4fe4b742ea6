/**
 * The control API's bearer token in the dashboard (docs/control-api.md, "Who may call"). It arrives in
 * the address's fragment, `/#token=<token>` (a fragment is never sent to the server, so no request line
 * or log holds it), or through the prompt shown when the API answers 401. It is kept in sessionStorage
 * (this tab only, gone when the tab closes), removed from the address bar, and sent as
 * `Authorization: Bearer` on every API request, the event stream included.
 */
import { byId } from './dom.ts';

const KEY = 'chargetwin.apiToken';

function stored(): string | undefined {
  try { return sessionStorage.getItem(KEY) ?? undefined; } catch { return undefined; }
}

let token = stored();
/** Settles when a token is entered; one for every caller that waits (a 401 happened), made on demand. */
let entered: { promise: Promise<void>; resolve: () => void } | undefined;
const changeListeners: Array<() => void> = [];

export function setToken(value: string): void {
  token = value;
  try { sessionStorage.setItem(KEY, value); } catch { /* storage off: kept in memory for this page */ }
  const form = byId<HTMLFormElement>('token-form');
  if (form) form.hidden = true;
  const waiting = entered;
  entered = undefined;
  waiting?.resolve();
  for (const l of changeListeners) l();
}

function forgetToken(): void {
  token = undefined;
  try { sessionStorage.removeItem(KEY); } catch { /* nothing kept */ }
}

/** Runs fn whenever a new token is set (to read the state again with it). */
export function onTokenChange(fn: () => void): void { changeListeners.push(fn); }

/** The headers that carry the token, none without one. */
export function authHeaders(): Record<string, string> {
  return token !== undefined ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Takes `token=` out of the address's fragment, keeps it, and rewrites the address without it
 * (history.replaceState: no reload, no request, no history entry). Other fragment parts stay.
 */
export function takeTokenFromAddress(): void {
  const hash = location.hash.replace(/^#/, '');
  if (hash === '') return;
  const parts = hash.split('&');
  const at = parts.findIndex((p) => p.startsWith('token='));
  if (at === -1) return;
  const raw = parts[at]!.slice('token='.length);
  parts.splice(at, 1);
  history.replaceState(history.state, '', `${location.pathname}${location.search}${parts.length > 0 ? `#${parts.join('&')}` : ''}`);
  let value = raw;
  try { value = decodeURIComponent(raw); } catch { /* not percent-encoded: taken as written */ }
  if (value.trim() !== '') setToken(value.trim());
}

/**
 * The API answered 401 to a request sent with `sent` (its headers). A token that was refused is
 * forgotten, and the prompt is shown; resolves once a token is entered (at once when the token changed
 * since that request was sent: the new one is worth a try).
 */
export function tokenRefused(sent: Record<string, string>): Promise<void> {
  const used = /^Bearer (.*)$/.exec(sent.authorization ?? '')?.[1];
  if (used !== token) return Promise.resolve();
  if (used !== undefined) forgetToken();
  showPrompt(used !== undefined);
  if (!entered) {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => { resolve = r; });
    entered = { promise, resolve };
  }
  return entered.promise;
}

function showPrompt(wrong: boolean): void {
  const form = byId<HTMLFormElement>('token-form');
  if (!form) return;
  const message = byId('token-message');
  // Once shown, the prompt keeps saying why (the calls refused after a wrong token go out without one).
  if (message && (wrong || form.hidden)) message.textContent = wrong ? 'The API refused that token; enter the right one.' : 'This control API needs its token (--api-token or CHARGETWIN_API_TOKEN).';
  if (!form.hidden) return;
  form.hidden = false;
  byId<HTMLInputElement>('token-input')?.focus();
}

/** Wires the prompt's form; call once at start. */
export function setUpTokenPrompt(): void {
  const form = byId<HTMLFormElement>('token-form');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('token-input');
    const value = input?.value.trim() ?? '';
    if (value === '') return;
    if (input) input.value = '';
    setToken(value);
  });
  window.addEventListener('hashchange', takeTokenFromAddress);
  takeTokenFromAddress();
}
