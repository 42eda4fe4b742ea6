/**
 * Every route of the control API: method, path (OpenAPI style), what it does, its declared body and
 * query, its response schema, and its handler. The OpenAPI document is generated from this table and
 * requests are checked against the same declarations, so a route cannot go undocumented.
 */
import { TwinError } from '../shared/errors.ts';
import { isActionName, ocppValidator } from '../ocpp/index.ts';
import { stationSummary, stationView } from '../fleet/station-view.ts';
import { clockOf, control, csmsOf, member, ok, type Route } from './route.ts';
import { CONTROL_ROUTES } from './routes-controls.ts';
import { SESSION_GENERATOR_ROUTES } from './routes-session-generator.ts';
import { STATION_BODY, stationSpecFrom } from './station-body.ts';
import { CHART_ROUTES } from './routes-charts.ts';
import { CONSOLE_ROUTES } from './routes-console.ts';
import { FLEET_PAGE_QUERY, fleetOrder } from './fleet-summary.ts';
import { CONFIGURATION_ROUTES } from './routes-configuration.ts';
import { FAULT_ROUTES } from './routes-faults.ts';

const LOCAL_LIST_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'];

function checkLocalList(entries: unknown[], max: number): void {
  if (entries.length > max) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `the local list holds at most ${max} entries (LocalAuthListMaxLength), got ${entries.length}`);
  const seen = new Set<string>();
  entries.forEach((raw, i) => {
    const e = raw as Record<string, unknown> | null;
    const bad = (why: string): TwinError => new TwinError('TWIN_ERR_API_BAD_REQUEST', `entries[${i}]: ${why}`);
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw bad('must be an object { idTag, status, parentIdTag?, expiryDate? }');
    for (const k of Object.keys(e)) if (!['idTag', 'status', 'parentIdTag', 'expiryDate'].includes(k)) throw bad(`unknown field "${k}"`);
    if (typeof e.idTag !== 'string' || e.idTag === '' || e.idTag.length > 20) throw bad('"idTag" must be 1 to 20 characters');
    if (seen.has(e.idTag)) throw bad(`"${e.idTag}" appears twice`);
    seen.add(e.idTag);
    if (!LOCAL_LIST_STATUSES.includes(e.status as string)) throw bad(`"status" must be one of ${LOCAL_LIST_STATUSES.join(', ')} (1.6 §7.3)`);
    if (e.parentIdTag !== undefined && (typeof e.parentIdTag !== 'string' || e.parentIdTag === '' || e.parentIdTag.length > 20)) throw bad('"parentIdTag" must be 1 to 20 characters');
    if (e.expiryDate !== undefined && (typeof e.expiryDate !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(e.expiryDate) || Number.isNaN(Date.parse(e.expiryDate)))) throw bad('"expiryDate" must be an ISO 8601 date-time');
  });
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/stations', summary: 'List stations with their full state (for fleets in the thousands, page /api/fleet instead)', response: 'StationList', handle: (ctx) => ctx.fleet.list().map(stationView) },
  { method: 'GET', path: '/api/fleet', summary: 'One page of the fleet at a glance: id, model, registration, link and connector statuses of each station, in the order they were added',
    response: 'FleetPage',
    query: {
      offset: { type: 'integer', minimum: 0, description: 'stations to skip (default 0)' },
      limit: { type: 'integer', minimum: 1, maximum: 10_000, description: 'stations in the page (default 500)' },
      match: { type: 'string', maxLength: 48, description: 'only stations whose id contains this text' },
      ...FLEET_PAGE_QUERY,
    },
    handle: (ctx, { query }) => {
      const match = query.match as string | undefined;
      const all = fleetOrder(match ? ctx.fleet.list().filter((m) => m.spec.id.includes(match)) : ctx.fleet.list(), query);
      const offset = (query.offset as number | undefined) ?? 0;
      const limit = (query.limit as number | undefined) ?? 500;
      return { total: all.length, offset, stations: all.slice(offset, offset + limit).map(stationSummary) };
    } },
  { method: 'POST', path: '/api/stations', summary: 'Add a station with its presets (model, connectors, configuration) and optionally its own central system; it starts connecting at once', response: 'StationState',
    body: STATION_BODY, handle: (ctx, { body }) => stationView(ctx.fleet.add(stationSpecFrom(body))) },
  { method: 'GET', path: '/api/stations/{id}', summary: 'Full state of a station', response: 'StationState', handle: (ctx, { params }) => stationView(member(ctx, params)) },
  { method: 'DELETE', path: '/api/stations/{id}', summary: 'Remove a station', response: 'Ok', handle: async (ctx, { params }) => { await ctx.fleet.remove(params.id ?? ''); return ok; } },
  ...CONTROL_ROUTES,
  ...SESSION_GENERATOR_ROUTES,
  ...CHART_ROUTES,
  ...CONSOLE_ROUTES,
  ...CONFIGURATION_ROUTES,
  ...FAULT_ROUTES,
  { method: 'GET', path: '/api/stations/{id}/local-list', summary: 'The local authorization list managed on the device', response: 'LocalList', handle: (ctx, { params }) => control(member(ctx, params), 'getLocalList')() },
  { method: 'PUT', path: '/api/stations/{id}/local-list', summary: 'Replace the local authorization list', response: 'LocalList',
    body: { entries: { type: 'array', required: true, description: '[{ idTag, status, parentIdTag?, expiryDate? }]' }, version: { type: 'integer', minimum: 0, description: 'default: the current version + 1' } },
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      let max = 1000;
      try { max = m.station.context.config.int('LocalAuthListMaxLength'); } catch { /* a profile without the key: the default */ }
      checkLocalList(body.entries as unknown[], max);
      control(m, 'setLocalList')(body.entries as never, body.version as number | undefined);
      return control(m, 'getLocalList')();
    } },
  { method: 'POST', path: '/api/stations/{id}/power', summary: 'Cut (on=false) or restore (on=true) the power', body: { on: { type: 'boolean', required: true } }, response: 'Ok',
    handle: (ctx, { params, body }) => { const m = member(ctx, params); if (body.on) m.runtime.powerOn(); else m.runtime.powerOff(); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/network', summary: 'Cut (connected=false) or restore the network link', body: { connected: { type: 'boolean', required: true } }, response: 'Ok',
    handle: (ctx, { params, body }) => { const m = member(ctx, params); if (body.connected) m.runtime.restoreNetwork(); else m.runtime.cutNetwork(); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/reboot', summary: 'Reboot (transactions stop with SoftReset/HardReset first)', body: { kind: { type: 'string', enum: ['Soft', 'Hard'], description: 'Soft (default) or Hard' } }, response: 'Ok',
    handle: async (ctx, { params, body }) => {
      const kind = (body.kind ?? 'Soft') as 'Soft' | 'Hard';
      const m = member(ctx, params);
      await m.station.context.runBeforeReboot(kind);
      m.runtime.reboot(kind);
      return ok;
    } },
  { method: 'GET', path: '/api/stations/{id}/frames', summary: 'OCPP frame log, oldest first. With frame-log mode "viewed" (fleets above 1,000 twins), a station keeps its last few frames until someone asks for them, then the full log', response: 'Frames',
    query: {
      action: { type: 'string', description: 'only frames of this OCPP action (results carry their call\'s action)' },
      direction: { type: 'string', enum: ['in', 'out'], description: 'out = station → central system' },
      limit: { type: 'integer', minimum: 1, maximum: 10_000, description: 'only the last n frames' },
    },
    handle: (ctx, { params, query }) => {
      const action = query.action as string | undefined;
      if (action !== undefined && !isActionName(action)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `query parameter "action": unknown OCPP 1.6 action ${action}`);
      const m = member(ctx, params);
      m.viewFrames(); // `viewed` frame-log mode: a station looked at keeps the full log from now on (D31)
      return m.frames?.list({ ...(action ? { action } : {}), ...(query.direction ? { direction: query.direction as 'in' | 'out' } : {}), ...(query.limit !== undefined ? { limit: query.limit as number } : {}) }) ?? [];
    } },
  { method: 'GET', path: '/api/stations/{id}/transactions', summary: 'The station\'s own record of its transactions: those it sent (StartTransaction/StopTransaction) and those running now', response: 'StationTransactions',
    handle: (ctx, { params }) => ctx.transactions.forStation(member(ctx, params)) },
  { method: 'GET', path: '/api/clock', summary: 'The fleet clock (now, scale, paused)', response: 'Clock', handle: (ctx) => clockOf(ctx).state() },
  { method: 'POST', path: '/api/clock', summary: 'Pause, resume, scale or fast-forward the fleet clock', response: 'Clock',
    body: { action: { type: 'string', required: true, enum: ['pause', 'resume', 'scale', 'fast-forward'] }, scale: { type: 'number', above: 0, maximum: 10_000, description: 'for scale: (0, 10000]' }, seconds: { type: 'number', minimum: 0, maximum: 31 * 86_400, description: 'for fast-forward: [0, 31 days]' } },
    handle: async (ctx, { body }) => {
      const clock = clockOf(ctx);
      const need = (k: string): number => { if (typeof body[k] !== 'number') throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `field "${k}" is required for ${String(body.action)}`); return body[k]; };
      switch (body.action) {
        case 'pause': clock.pause(); break;
        case 'resume': clock.resume(); break;
        case 'scale': clock.setScale(need('scale')); break;
        default: await clock.fastForward(need('seconds') * 1000); break;
      }
      return clock.state();
    } },
  { method: 'POST', path: '/api/csms/stations/{id}/call', summary: 'Send any central-system-initiated OCPP call from the embedded CSMS', response: 'CsmsCallResult',
    body: { action: { type: 'string', required: true, description: 'an OCPP 1.6 action' }, payload: { type: 'object', required: true, description: 'the request, checked against the official schema' } },
    handle: async (ctx, { params, body }) => {
      const action = body.action as string;
      if (!isActionName(action)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `unknown OCPP 1.6 action ${action}`);
      const failure = ocppValidator().check(action, 'req', body.payload);
      if (failure) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `payload of ${action}: ${failure.description}`, { details: { rpcCode: failure.code } });
      return { confirmation: await csmsOf(ctx).call(params.id ?? '', action as never, body.payload as never) };
    } },
  { method: 'GET', path: '/api/csms/stations/{id}/transactions', summary: 'The embedded central system\'s ledger of one station\'s transactions', response: 'CsmsTransactions',
    handle: (ctx, { params }) => csmsOf(ctx).ledger.forStation(params.id ?? '') },
  { method: 'GET', path: '/api/csms/transactions', summary: 'Every transaction the embedded central system recorded', response: 'CsmsLedger',
    handle: (ctx) => ({ transactions: csmsOf(ctx).ledger.all(), orphans: csmsOf(ctx).ledger.orphans }) },
];
