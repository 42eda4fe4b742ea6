/**
 * Subset matching of OCPP payloads against scenario patterns.
 *
 *  - an object matches when every key it names matches (other keys of the payload are ignored);
 *  - an array matches when each of its elements matches a different element of the payload's array;
 *  - "*" matches any value that is present; "/re/flags" a string (or number) the regular expression finds;
 *  - "$name" captures the value into variable `name` when it is unset, and must equal it when set;
 *    "$$text" is the literal string "$text";
 *  - anything else must be equal (1 is not "1").
 * Captures are kept only when the whole pattern matches.
 */

export type Vars = Record<string, unknown>;

export interface MatchResult {
  ok: boolean;
  /** When not ok: where and why, e.g. `.status: expected "Charging", got "Preparing"`. */
  reason?: string;
  /** Variables captured by this match (not yet in `vars`). */
  captured: Vars;
}

const VAR = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;
const REGEX = /^\/(.*)\/([dgimsuy]*)$/s;

/** A compact one-line JSON of a value for messages (long values cut). */
export function show(value: unknown, max = 160): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function matchPattern(pattern: unknown, actual: unknown, vars: Vars): MatchResult {
  const captured: Vars = {};
  const reason = walk(pattern, actual, vars, captured, '');
  return reason === undefined ? { ok: true, captured } : { ok: false, reason, captured: {} };
}

/** Returns undefined on a match, else the reason. */
function walk(p: unknown, a: unknown, vars: Vars, captured: Vars, at: string): string | undefined {
  const where = at === '' ? '' : `${at}: `;
  if (typeof p === 'string') {
    if (p === '*') return a === undefined ? `${where}expected a value, got nothing` : undefined;
    const v = VAR.exec(p);
    if (v) {
      const name = v[1]!;
      const known = name in captured ? captured[name] : vars[name];
      if (known === undefined) {
        if (a === undefined) return `${where}expected a value to capture into $${name}, got nothing`;
        captured[name] = a;
        return undefined;
      }
      return deepEqual(known, a) ? undefined : `${where}expected $${name} = ${show(known)}, got ${show(a)}`;
    }
    const r = REGEX.exec(p);
    if (r) {
      let re: RegExp;
      try { re = new RegExp(r[1]!, r[2]!.replace('g', '')); } catch { return `${where}bad regular expression ${p}`; }
      return (typeof a === 'string' || typeof a === 'number') && re.test(String(a)) ? undefined : `${where}expected to match ${p}, got ${show(a)}`;
    }
    const literal = p.startsWith('$$') ? p.slice(1) : p;
    return a === literal ? undefined : `${where}expected ${show(literal)}, got ${show(a)}`;
  }
  if (Array.isArray(p)) {
    if (!Array.isArray(a)) return `${where}expected an array, got ${show(a)}`;
    const used = new Set<number>();
    for (const [i, item] of p.entries()) {
      let found = false;
      let firstReason: string | undefined;
      for (const [j, candidate] of a.entries()) {
        if (used.has(j)) continue;
        const trial: Vars = { ...captured };
        const why = walk(item, candidate, vars, trial, `${at}[${j}]`);
        if (why === undefined) { used.add(j); Object.assign(captured, trial); found = true; break; }
        firstReason ??= why;
      }
      if (!found) return `${where}no element matches pattern [${i}] ${show(item)}${firstReason ? ` (e.g. ${firstReason})` : ''}`;
    }
    return undefined;
  }
  if (p !== null && typeof p === 'object') {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return `${where}expected an object, got ${show(a)}`;
    for (const [k, sub] of Object.entries(p)) {
      const why = walk(sub, (a as Record<string, unknown>)[k], vars, captured, `${at}.${k}`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  return a === p ? undefined : `${where}expected ${show(p)}, got ${show(a)}`;
}

export function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => deepEqual((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}

/**
 * Replaces "$name" strings (anywhere in `value`) with the variables' values, for payloads the scenario
 * sends and arguments of controls. An unset variable is an error naming it.
 */
export function substitute(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const v = VAR.exec(value);
    if (v) {
      if (vars[v[1]!] === undefined) throw new Error(`variable $${v[1]} is not set (capture it from a frame first, or give it with vars: or --var)`);
      return vars[v[1]!];
    }
    return value.startsWith('$$') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((x) => substitute(x, vars));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, substitute(x, vars)]));
  return value;
}
