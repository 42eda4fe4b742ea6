/**
 * Checks a request's body and query against the fields its route declares (the same declarations the
 * OpenAPI document shows): types, required fields, enums, ranges, lengths; unknown fields are refused
 * so a misspelt field is an error instead of being ignored. Failures are TWIN_ERR_API_BAD_REQUEST.
 */
import { TwinError } from '../shared/errors.ts';
import type { FieldSpec, Route } from './route.ts';

const bad = (message: string): TwinError => new TwinError('TWIN_ERR_API_BAD_REQUEST', message);

function checkValue(where: string, k: string, v: unknown, f: FieldSpec): void {
  const typeOk = f.type === 'integer' ? Number.isSafeInteger(v)
    : f.type === 'number' ? typeof v === 'number' && Number.isFinite(v)
      : f.type === 'array' ? Array.isArray(v)
        : f.type === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v)
          : typeof v === f.type;
  if (!typeOk) throw bad(`${where} "${k}" must be ${f.type === 'integer' ? 'an integer' : f.type === 'array' || f.type === 'object' ? `an ${f.type}` : `a ${f.type}`}`);
  if (f.type === 'string' && (v as string) === '') throw bad(`${where} "${k}" must not be empty`);
  if (f.enum && !f.enum.includes(v as string | number)) throw bad(`${where} "${k}" must be one of ${f.enum.join(', ')}`);
  if (f.maxLength !== undefined && (v as string).length > f.maxLength) throw bad(`${where} "${k}" must be at most ${f.maxLength} characters`);
  if (typeof v === 'number') {
    if (f.minimum !== undefined && v < f.minimum) throw bad(`${where} "${k}" must be at least ${f.minimum}`);
    if (f.above !== undefined && v <= f.above) throw bad(`${where} "${k}" must be greater than ${f.above}`);
    if (f.maximum !== undefined && v > f.maximum) throw bad(`${where} "${k}" must be at most ${f.maximum}`);
  }
}

export function checkBody(route: Route, body: Record<string, unknown>): void {
  checkFields(route.body ?? {}, body);
}

/** Checks an object against declared fields (also used by the SDK, so both refuse the same input). */
export function checkFields(spec: Record<string, FieldSpec>, body: Record<string, unknown>): void {
  for (const k of Object.keys(body)) if (!(k in spec)) throw bad(`unknown field "${k}"${Object.keys(spec).length ? ` (known: ${Object.keys(spec).join(', ')})` : ' (this route takes no body)'}`);
  for (const [k, f] of Object.entries(spec)) {
    if (body[k] === undefined) { if (f.required) throw bad(`field "${k}" is required`); continue; }
    checkValue('field', k, body[k], f);
  }
}

/** Query strings are text: integers, numbers and booleans are parsed before the checks. */
export function checkQuery(route: Route, query: URLSearchParams): Record<string, string | number | boolean> {
  const spec = route.query ?? {};
  const out: Record<string, string | number | boolean> = {};
  for (const k of new Set(query.keys())) {
    const f = spec[k];
    if (!f) throw bad(`unknown query parameter "${k}"${Object.keys(spec).length ? ` (known: ${Object.keys(spec).join(', ')})` : ''}`);
    const all = query.getAll(k);
    if (all.length > 1) throw bad(`query parameter "${k}" given ${all.length} times`);
    const raw = all[0]!;
    const v: unknown = f.type === 'integer' ? (/^-?\d+$/.test(raw) ? Number(raw) : NaN)
      : f.type === 'number' ? (raw.trim() === '' ? NaN : Number(raw))
        : f.type === 'boolean' ? (raw === 'true' ? true : raw === 'false' ? false : raw) : raw;
    checkValue('query parameter', k, v, f);
    out[k] = v as string | number | boolean;
  }
  for (const [k, f] of Object.entries(spec)) if (f.required && !(k in out)) throw bad(`query parameter "${k}" is required`);
  return out;
}
