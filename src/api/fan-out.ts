/**
 * The control API of `chargetwin station --processes P` (docs/sharding.md, "Many processes on one host"):
 * one HTTP front in the parent process that answers for the P shard processes behind it. It admits requests
 * and answers errors as a shard's API does (admitted-requests.ts) and talks to each shard over loopback
 * with the token the parent gave it. It serves:
 * - GET /api/fleet: one page over the whole fleet, the shards' stations concatenated in shard order
 *   (`match` and `status` filter in each shard; a `sort` other than `added` is refused);
 * - /api/stations/{id} and everything under it, any method: forwarded to the shard that runs the id;
 * - GET /metrics: the shards' expositions summed series by series (metrics-merge.ts), plus
 *   chargetwin_shard_up per shard; a shard that is down adds the counters of its last good scrape;
 * - GET /api/shards: each shard's state (running, or how it ended);
 * - /healthz (the front answers) and /readyz (every shard running and ready).
 * Anything else (the event stream, the dashboard, adding stations) is a shard's own API.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwinError } from '../shared/errors.ts';
import { readJson, sendJson } from './http-io.ts';
import { METRICS_CONTENT_TYPE } from './metrics.ts';
import { cumulativePart, mergeExpositions } from './metrics-merge.ts';
import { admittedRequests, type AdmittedRequest } from './admitted-requests.ts';

export interface ShardEnd { code: number | null; signal: string | null }
/** One shard process as the front sees it. */
export interface ShardEndpoint {
  index: number;
  /** Its control API (loopback), once known. */
  url: string | undefined;
  pid: number | undefined;
  /** Set when the process ended. */
  ended: ShardEnd | undefined;
}

export interface FanOutOptions {
  shards: () => readonly ShardEndpoint[];
  /** The token every shard's API was started with. */
  shardToken: string;
  /** The shard that runs a station id as planned at start, if the plan names it. */
  plannedShardOf: (id: string) => number | undefined;
  host?: string;
  port?: number;
  /** The token callers of the front must carry (required off loopback). */
  token?: string;
  /** The summed /metrics answers without the token (D36). */
  publicMetrics?: boolean;
  /** How long one request to a shard may take. */
  shardTimeoutMs?: number;
}
export interface FanOutApi { url: string; port: number; close(): Promise<void> }

interface ShardAnswer { status: number; type: string; body: string }

const MAX_PAGE = 10_000;

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `query ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export async function startFanOutApi(o: FanOutOptions): Promise<FanOutApi> {
  const handler = admittedRequests(o, (r) => routeRequest(r));
  const timeoutMs = o.shardTimeoutMs ?? 30_000;
  /** Stations found by asking (added after start, or in no plan): id → shard. */
  const found = new Map<string, number>();

  const live = (s: ShardEndpoint): s is ShardEndpoint & { url: string } => s.url !== undefined && s.ended === undefined;

  async function ask(shard: ShardEndpoint, method: string, pathAndQuery: string, body?: string): Promise<ShardAnswer> {
    if (!live(shard)) throw new TwinError('TWIN_ERR_API_SHARD_DOWN', `shard ${shard.index} is not running${shard.ended ? ` (it ended with ${describeEnd(shard.ended)})` : ''}`);
    let res: Response;
    try {
      res = await fetch(`${shard.url}${pathAndQuery}`, {
        method,
        headers: { authorization: `Bearer ${o.shardToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new TwinError('TWIN_ERR_API_SHARD_DOWN', `shard ${shard.index} did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { status: res.status, type: res.headers.get('content-type') ?? 'application/json; charset=utf-8', body: await res.text() };
  }

  async function askJson(shard: ShardEndpoint, pathAndQuery: string): Promise<Record<string, unknown>> {
    const a = await ask(shard, 'GET', pathAndQuery);
    if (a.status >= 400 && a.status < 500) { // the caller's mistake (a bad query), said by the shard: passed on as it is
      let refusal: { error?: { code?: unknown; message?: unknown } } = {};
      try { refusal = JSON.parse(a.body) as typeof refusal; } catch { /* not JSON */ }
      if (typeof refusal.error?.code === 'string') throw new TwinError(refusal.error.code, String(refusal.error.message ?? ''));
    }
    if (a.status !== 200) throw new TwinError('TWIN_ERR_API_SHARD_DOWN', `shard ${shard.index} answered ${a.status} to ${pathAndQuery}: ${a.body.slice(0, 200)}`);
    return JSON.parse(a.body) as Record<string, unknown>;
  }

  /** The shard that runs `id`: the one the start plan (or an earlier search) names, else the first that has it. */
  async function ownerOf(id: string): Promise<ShardEndpoint> {
    const shards = o.shards();
    const known = found.get(id) ?? o.plannedShardOf(id);
    if (known !== undefined && shards[known] !== undefined) {
      const shard = shards[known];
      if (!live(shard)) throw new TwinError('TWIN_ERR_API_SHARD_DOWN', `station ${id} runs in shard ${shard.index}, which is not running${shard.ended ? ` (it ended with ${describeEnd(shard.ended)})` : ''}`);
      return shard;
    }
    const path = `/api/stations/${encodeURIComponent(id)}`;
    for (const shard of shards.filter(live)) {
      const a = await ask(shard, 'GET', path);
      if (a.status === 200) { found.set(id, shard.index); return shard; }
    }
    throw new TwinError('TWIN_ERR_FLEET_NO_STATION', `no station "${id}" in any running shard`);
  }

  async function fleetPage(params: URLSearchParams): Promise<Record<string, unknown>> {
    const sort = params.get('sort');
    if (sort !== null && sort !== 'added') throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `sort=${sort} is not served across shards: page each shard's own API, or sort=added (the default)`);
    if (params.get('order') === 'desc') throw new TwinError('TWIN_ERR_API_BAD_REQUEST', 'order=desc is not served across shards');
    const offset = intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'limit', 500, 1, MAX_PAGE);
    // Filters and anything else go to every shard, which checks them as its own /api/fleet does.
    const filter = new URLSearchParams([...params].filter(([k]) => k !== 'offset' && k !== 'limit'));
    const shards = o.shards();
    const down = shards.filter((s) => !live(s)).map((s) => s.index);
    if (down.length) throw new TwinError('TWIN_ERR_API_SHARD_DOWN', `shard(s) ${down.join(', ')} not running: the fleet cannot be paged whole`);
    // Totals first (a one-station page each), then the pieces of the window from the shards it spans.
    const totals = await Promise.all(shards.map(async (s) => Number((await askJson(s, `/api/fleet?${new URLSearchParams([...filter, ['limit', '1']])}`)).total)));
    const stations: unknown[] = [];
    let start = 0;
    for (const [i, shard] of shards.entries()) {
      const total = totals[i]!;
      const from = Math.max(offset - start, 0);
      const to = Math.min(offset + limit - start, total);
      if (from < to) {
        const q = new URLSearchParams([...filter, ['offset', String(from)], ['limit', String(to - from)]]);
        stations.push(...((await askJson(shard, `/api/fleet?${q}`)).stations as unknown[]));
      }
      start += total;
    }
    return { total: start, offset, stations: stations.slice(0, limit) };
  }

  /** Each shard's counters, histograms and summaries as of its last good scrape (metrics-merge.ts, cumulativePart). */
  const lastCumulative = new Map<number, string>();

  async function metrics(): Promise<string> {
    const shards = o.shards();
    const texts = await Promise.all(shards.map(async (s) => {
      if (!live(s)) return '';
      try { const a = await ask(s, 'GET', '/metrics'); return a.status === 200 ? a.body : ''; } catch { return ''; }
    }));
    const up = ['# HELP chargetwin_shard_up Whether the shard process runs and answered this scrape (1) or not (0)', '# TYPE chargetwin_shard_up gauge',
      ...shards.map((s, i) => `chargetwin_shard_up{shard="${s.index}"} ${texts[i] !== '' ? 1 : 0}`)].join('\n');
    // A shard that is down or did not answer counts what it had counted: the fleet's counters never go down.
    const summed = shards.map((s, i) => {
      if (texts[i] !== '') { lastCumulative.set(s.index, cumulativePart(texts[i]!)); return texts[i]!; }
      return lastCumulative.get(s.index) ?? '';
    });
    return mergeExpositions([...summed, `${up}\n`]);
  }

  async function readiness(): Promise<{ status: number; body: Record<string, unknown> }> {
    const shards = o.shards();
    const each = await Promise.all(shards.map(async (s) => {
      if (!live(s)) return { shard: s.index, ready: false, ...(s.ended ? { ended: s.ended } : { state: 'starting' }) };
      try {
        const a = await ask(s, 'GET', '/readyz');
        return { shard: s.index, ready: a.status === 200, ...(JSON.parse(a.body) as Record<string, unknown>) };
      } catch (e) { return { shard: s.index, ready: false, error: e instanceof Error ? e.message : String(e) }; }
    }));
    const ready = each.every((s) => s.ready);
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not-ready', shards: each } };
  }

  async function routeRequest({ req, res, url, method }: AdmittedRequest): Promise<unknown> {
    if (method === 'GET' && url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok', shards: o.shards().length });
    if (method === 'GET' && url.pathname === '/readyz') { const r = await readiness(); return sendJson(res, r.status, r.body); }
    if (method === 'GET' && url.pathname === '/metrics') { const text = await metrics(); res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }); res.end(text); return undefined; }
    if (method === 'GET' && url.pathname === '/api/shards') {
      return sendJson(res, 200, o.shards().map((s) => ({ shard: s.index, pid: s.pid ?? null, state: s.ended ? 'ended' : s.url ? 'running' : 'starting', ...(s.ended ? { ended: s.ended } : {}) })));
    }
    if (method === 'GET' && url.pathname === '/api/fleet') return sendJson(res, 200, await fleetPage(url.searchParams));
    const station = /^\/api\/stations\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (station) {
      let id: string;
      try { id = decodeURIComponent(station[1]!); } catch { throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `path segment "${station[1]}" is not valid percent-encoding`); }
      const body = method === 'POST' || method === 'PUT' ? JSON.stringify(await readJson(req)) : undefined;
      const shard = await ownerOf(id);
      const a = await ask(shard, method, `${url.pathname}${url.search}`, body);
      res.writeHead(a.status, { 'content-type': a.type, 'cache-control': 'no-store', 'x-chargetwin-shard': String(shard.index) });
      res.end(a.body);
      return undefined;
    }
    throw new TwinError('TWIN_ERR_API_NOT_FOUND', `no route ${method} ${url.pathname} on the multi-process front (it serves /api/fleet, /api/stations/{id}/…, /api/shards, /metrics, /healthz, /readyz); the rest is each shard's own API`);
  }
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port ?? 9230, o.host ?? '127.0.0.1', () => resolve()); });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

export function describeEnd(end: ShardEnd): string {
  return end.signal !== null ? `signal ${end.signal}` : `exit code ${end.code}`;
}
