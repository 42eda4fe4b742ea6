/**
 * Who may talk to the control API, checked before any route runs (docs/control-api.md, "Who may call").
 *
 * A web page on another site can make a browser send simple requests (a text/plain POST) to 127.0.0.1,
 * and a page whose name is rebound to 127.0.0.1 can even read the answers. So:
 * - POST/PUT/DELETE must say `content-type: application/json` (a browser cannot send that cross-site
 *   without a CORS preflight, which this server never grants);
 * - a request whose Origin is not the API's own origin is refused, as is a browser request that
 *   `Sec-Fetch-Site` marks as coming from another site;
 * - while the API listens on a loopback address, the Host header must name loopback (localhost,
 *   127.x.x.x, [::1]): a rebound name like evil.example is refused;
 * - with a token (required when listening on any other address), every API request carries
 *   `Authorization: Bearer <token>`. The dashboard's two static files are served without it (they hold
 *   no state); everything under /api/, /openapi.json and /metrics needs it (/metrics not, when the
 *   policy makes it public).
 * Requests without an Origin (curl, the SDK, `chargetwin ctl`) pass the origin check.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import { TwinError } from '../shared/errors.ts';

export interface AdmissionPolicy {
  /** The address the API listens on. */
  bindHost: string;
  /** When set, every API request must carry it as a bearer token. */
  token?: string;
  /**
   * `/metrics` without the token (`--metrics-public`, CHARGETWIN_METRICS_PUBLIC): for Prometheus scrapes
   * found by pod annotations, which carry no credentials. The exposition holds fleet totals only, with
   * bounded labels and no station ids (api/metrics.ts); every other rule still applies to it (D36).
   */
  publicMetrics?: boolean;
}

/** Whether an address or name is loopback (the only places the API listens without a token). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** The host name of a Host header value ("127.0.0.1:9230", "[::1]:9230", "localhost"), lower case. */
function hostName(header: string): string {
  const v = header.trim().toLowerCase();
  if (v.startsWith('[')) return v.slice(0, v.indexOf(']') + 1);
  const colon = v.lastIndexOf(':');
  return colon >= 0 ? v.slice(0, colon) : v;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  // Compared as digests: equal length, constant time, whatever the caller sent.
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

/** Throws the TwinError that refuses the request, or returns when it may go on to the routes. */
export function admitRequest(req: IncomingMessage, path: string, policy: AdmissionPolicy): void {
  const hostHeader = req.headers.host;
  if (isLoopbackHost(policy.bindHost) && hostHeader !== undefined && !isLoopbackHost(hostName(hostHeader))) {
    throw new TwinError('TWIN_ERR_API_HOST_REFUSED', `the control API listens on loopback and answers only Host: localhost or a loopback address, not "${hostHeader}"`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let own = false;
    try { own = hostHeader !== undefined && new URL(origin).host === new URL(`http://${hostHeader}`).host && /^https?:$/.test(new URL(origin).protocol); } catch { /* "null" or garbage: foreign */ }
    if (!own) throw new TwinError('TWIN_ERR_API_FOREIGN_ORIGIN', `requests from another origin (${origin}) are refused; use the dashboard at this API's own address, or a client that sends no Origin`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new TwinError('TWIN_ERR_API_FOREIGN_ORIGIN', `requests from another site (Sec-Fetch-Site: ${site}) are refused`);
  const method = req.method ?? 'GET';
  if (method === 'POST' || method === 'PUT' || method === 'DELETE') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new TwinError('TWIN_ERR_API_MEDIA_TYPE', `${method} needs content-type: application/json${type ? `, got "${type}"` : ''}`);
  }
  const needsToken = path.startsWith('/api/') || path === '/api' || path === '/openapi.json' || (path === '/metrics' && policy.publicMetrics !== true);
  if (policy.token !== undefined && needsToken && !tokenMatches(req.headers.authorization, policy.token)) {
    throw new TwinError('TWIN_ERR_API_UNAUTHORIZED', 'this control API needs Authorization: Bearer <token> (the --api-token or CHARGETWIN_API_TOKEN it was started with)');
  }
}

/** Refuses, before listening, an API on a non-loopback address without a token. */
export function checkListenPolicy(policy: AdmissionPolicy): void {
  if (!isLoopbackHost(policy.bindHost) && (policy.token === undefined || policy.token === '')) {
    throw new TwinError('TWIN_ERR_API_TOKEN_REQUIRED', `the control API on ${policy.bindHost} (not loopback) needs a token: --api-token <token> or CHARGETWIN_API_TOKEN`);
  }
}
