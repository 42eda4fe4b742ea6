/**
 * The dashboard's calls to the control API, with the bearer token when there is one (api-token.ts).
 * Failures carry the API's stable error code; a 401 also brings up the token prompt.
 */
import { authHeaders, tokenRefused } from './api-token.ts';

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) { super(`${code}: ${message}`); }
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = { 'content-type': 'application/json', ...authHeaders() };
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401) void tokenRefused(headers);
  const json = await res.json().catch(() => ({})) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(json.error?.code ?? `HTTP_${res.status}`, json.error?.message ?? res.statusText, res.status);
  return json;
}

export const stationPath = (id: string): string => `/api/stations/${encodeURIComponent(id)}`;

/** The message shown when an endpoint of the embedded central system is not there (`chargetwin station`). */
export function isNoCsms(e: unknown): boolean { return e instanceof ApiError && e.code === 'TWIN_ERR_API_NO_CSMS'; }
