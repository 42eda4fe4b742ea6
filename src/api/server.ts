/**
 * The control API: JSON over HTTP on 127.0.0.1 by default, a Server-Sent Events stream of frames and
 * state changes, the OpenAPI document, the health probes (/healthz, /readyz) and the dashboard (web/).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { TwinError } from '../shared/errors.ts';
import type { Csms } from '../csms/index.ts';
import type { Fleet, FleetEvent } from '../fleet/index.ts';
import type { ScaledClock } from '../platform/index.ts';
import { ROUTES } from './routes.ts';
import type { Route } from './route.ts';
import { checkBody, checkQuery } from './input-check.ts';
import { recordStationTransactions } from './station-transactions.ts';
import { readJson, sendJson } from './http-io.ts';
import { openApiDocument } from './openapi.ts';
import { dashboardAsset } from './dashboard-assets.ts';
import { EventStream, type EventStreamOptions } from './event-stream.ts';
import { healthAnswer } from './health.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics.ts';
import { admittedRequests, type AdmittedRequest } from './admitted-requests.ts';

/**
 * `token`: a bearer token every API request must carry; required when `host` is not loopback
 * (request-admission.ts). `publicMetrics`: /metrics answers without the token (D36).
 */
export interface ControlApiOptions { fleet: Fleet; csms?: Csms; clock?: ScaledClock; host?: string; port?: number; token?: string; publicMetrics?: boolean; events?: EventStreamOptions }
export interface ControlApi { url: string; port: number; close(): Promise<void> }

const compiled = ROUTES.map((r) => ({ r, re: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`) }));

function match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
  let wrongMethod = false;
  for (const { r, re } of compiled) {
    const m = re.exec(path);
    if (!m) continue;
    if (r.method !== method) { wrongMethod = true; continue; }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      try { params[k] = decodeURIComponent(v); } catch { throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `path segment "${v}" is not valid percent-encoding`); }
    }
    return { route: r, params };
  }
  return wrongMethod ? 'method' : undefined;
}

export async function startControlApi(o: ControlApiOptions): Promise<ControlApi> {
  // Checks the listen policy before anything is set up (a non-loopback host without a token is refused).
  const handler = admittedRequests(o, (r) => routeRequest(r));
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  /** The event streams; one opened with `?station=<id>` gets only that station's frames. */
  const events = new EventStream(o.events);
  const transactions = recordStationTransactions(o.fleet);
  const ctx = { fleet: o.fleet, csms: o.csms, clock: o.clock, transactions };
  const unsubscribe = o.fleet.on((e: FleetEvent) => events.publish(e));

  async function routeRequest({ req, res, url, method }: AdmittedRequest): Promise<unknown> {
    if (method === 'GET' && url.pathname === '/openapi.json') return sendJson(res, 200, openApiDocument(version));
    if (method === 'GET' && url.pathname === '/metrics') { res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }); res.end(renderMetrics(o.fleet)); return undefined; }
    if (method === 'GET' && url.pathname === '/api/events') {
      const station = url.searchParams.get('station') ?? undefined;
      if (station !== undefined) { try { o.fleet.get(station).viewFrames(); } catch { /* a station still to come: its frames stream all the same */ } }
      events.open(req, res, station);
      return undefined;
    }
    const health = method === 'GET' ? healthAnswer(url.pathname, o.fleet) : undefined;
    if (health) return sendJson(res, health.status, health.body);
    if (method === 'GET' && !url.pathname.startsWith('/api/')) {
      const asset = await dashboardAsset(url.pathname);
      if (asset) { res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }); res.end(asset.body); return undefined; }
    }
    const found = match(method, url.pathname);
    if (found === 'method') throw new TwinError('TWIN_ERR_API_METHOD', `${method} is not allowed on ${url.pathname}`);
    if (!found) throw new TwinError('TWIN_ERR_API_NOT_FOUND', `no route ${method} ${url.pathname}`);
    const query = checkQuery(found.route, url.searchParams);
    const body = method === 'POST' || method === 'PUT' ? await readJson(req) : {};
    checkBody(found.route, body);
    const result = await found.route.handle(ctx, { params: found.params, query, body });
    return sendJson(res, 200, result);
  }
  const server = createServer(handler);
  try {
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port ?? 9230, o.host ?? '127.0.0.1', () => resolve()); });
  } catch (e) {
    unsubscribe();
    transactions.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      unsubscribe();
      transactions.close();
      events.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
