/**
 * Every route of the control API: method, path (OpenAPI style), what it does, its body, and its handler.
 * The OpenAPI document is generated from this table, so a route cannot go undocumented.
 */
import { TwinError } from '../shared/errors.ts';
import { isActionName, ocppValidator } from '../ocpp/index.ts';
import type { Csms } from '../csms/index.ts';
import type { Fleet, FleetStation } from '../fleet/index.ts';
import { stationView } from '../fleet/station-view.ts';
import type { ControlSurface } from '../station/control-surface.ts';
import type { ScaledClock } from '../platform/index.ts';
import { field } from './http-io.ts';

export interface ApiContext { fleet: Fleet; csms: Csms | undefined; clock: ScaledClock | undefined }
export interface RouteInput { params: Record<string, string>; query: URLSearchParams; body: Record<string, unknown> }
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  body?: Record<string, { type: string; required?: boolean; description?: string }>;
  handle(ctx: ApiContext, input: RouteInput): unknown;
}

function control<K extends keyof ControlSurface>(m: FleetStation, name: K): NonNullable<ControlSurface[K]> {
  const fn = m.station.context.controls[name];
  if (!fn) throw new TwinError('TWIN_ERR_API_CONTROL_UNAVAILABLE', `this station has no "${String(name)}" control`);
  return fn as NonNullable<ControlSurface[K]>;
}
const member = (ctx: ApiContext, p: Record<string, string>): FleetStation => ctx.fleet.get(p.id ?? '');
const connectorOf = (p: Record<string, string>): number => {
  const n = Number(p.connectorId);
  if (!Number.isInteger(n) || n < 0) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `connector id must be a non-negative integer, got "${p.connectorId}"`);
  return n;
};
const csmsOf = (ctx: ApiContext): Csms => {
  if (!ctx.csms) throw new TwinError('TWIN_ERR_API_NO_CSMS', 'no embedded central system runs in this process');
  return ctx.csms;
};
const clockOf = (ctx: ApiContext): ScaledClock => {
  if (!ctx.clock) throw new TwinError('TWIN_ERR_API_CONTROL_UNAVAILABLE', 'this process has no controllable clock');
  return ctx.clock;
};
const ok = { ok: true };

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/stations', summary: 'List stations with their state', handle: (ctx) => ctx.fleet.list().map(stationView) },
  { method: 'POST', path: '/api/stations', summary: 'Add a station (starts connecting at once)', body: { id: { type: 'string', required: true }, model: { type: 'string' } },
    handle: (ctx, { body }) => { const model = field.str(body, 'model', true); return stationView(ctx.fleet.add({ id: field.str(body, 'id')!, ...(model ? { model } : {}) })); } },
  { method: 'GET', path: '/api/stations/{id}', summary: 'Full state of a station', handle: (ctx, { params }) => stationView(member(ctx, params)) },
  { method: 'DELETE', path: '/api/stations/{id}', summary: 'Remove a station', handle: async (ctx, { params }) => { await ctx.fleet.remove(params.id ?? ''); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/plug', summary: 'Plug the cable in', handle: (ctx, { params }) => { control(member(ctx, params), 'plugIn')(connectorOf(params)); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/unplug', summary: 'Unplug the cable', handle: (ctx, { params }) => { control(member(ctx, params), 'unplug')(connectorOf(params)); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/ev', summary: 'Set the simulated EV', body: { maxCurrentA: { type: 'number' }, phases: { type: 'number', description: '1 or 3' }, capacityKWh: { type: 'number' }, socPercent: { type: 'number' } },
    handle: (ctx, { params, body }) => {
      const ev: Record<string, number> = {};
      for (const k of ['maxCurrentA', 'phases', 'capacityKWh', 'socPercent']) { const v = field.num(body, k, true); if (v !== undefined) ev[k] = v; }
      if (ev.phases !== undefined && ev.phases !== 1 && ev.phases !== 3) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"phases" must be 1 or 3');
      control(member(ctx, params), 'setEv')(connectorOf(params), ev);
      return ok;
    } },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/ev-requesting', summary: 'The EV starts or stops asking for energy', body: { requesting: { type: 'boolean', required: true } },
    handle: (ctx, { params, body }) => { control(member(ctx, params), 'evRequestsEnergy')(connectorOf(params), field.bool(body, 'requesting')); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/badge', summary: 'Present a badge (idTag) to the reader', body: { idTag: { type: 'string', required: true }, connectorId: { type: 'number' } },
    handle: (ctx, { params, body }) => control(member(ctx, params), 'presentBadge')(field.str(body, 'idTag')!, field.num(body, 'connectorId', true)) },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/stop', summary: 'Press the stop button (local stop)', handle: (ctx, { params }) => { control(member(ctx, params), 'pressStop')(connectorOf(params)); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/errors', summary: 'Raise a vendor error code of the guide (1.0 … 18.1)', body: { code: { type: 'string', required: true }, connectorId: { type: 'number' } },
    handle: (ctx, { params, body }) => { control(member(ctx, params), 'raiseError')(field.str(body, 'code')!, field.num(body, 'connectorId', true) ?? 1); return ok; } },
  { method: 'DELETE', path: '/api/stations/{id}/errors/{code}', summary: 'Clear a vendor error code (?connectorId=1)',
    handle: (ctx, { params, query }) => { control(member(ctx, params), 'clearError')(params.code ?? '', Number(query.get('connectorId') ?? 1)); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/connectors/{connectorId}/availability', summary: 'Set availability as a local operator (0 = the station)', body: { operative: { type: 'boolean', required: true } },
    handle: (ctx, { params, body }) => { control(member(ctx, params), 'setAvailability')(connectorOf(params), field.bool(body, 'operative')); return ok; } },
  { method: 'GET', path: '/api/stations/{id}/local-list', summary: 'The local authorization list managed on the device', handle: (ctx, { params }) => control(member(ctx, params), 'getLocalList')() },
  { method: 'PUT', path: '/api/stations/{id}/local-list', summary: 'Replace the local authorization list', body: { entries: { type: 'array', required: true, description: '[{ idTag, status, parentIdTag?, expiryDate? }]' }, version: { type: 'number' } },
    handle: (ctx, { params, body }) => {
      if (!Array.isArray(body.entries)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"entries" must be an array');
      const statuses = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'];
      for (const e of body.entries as Array<Record<string, unknown>>) {
        if (typeof e?.idTag !== 'string' || e.idTag.length > 20 || !statuses.includes(String(e.status))) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', 'each entry needs an idTag (≤ 20 characters) and a status of 1.6 §7.3');
      }
      control(member(ctx, params), 'setLocalList')(body.entries as never, field.num(body, 'version', true));
      return control(member(ctx, params), 'getLocalList')();
    } },
  { method: 'POST', path: '/api/stations/{id}/power', summary: 'Cut (on=false) or restore (on=true) the power', body: { on: { type: 'boolean', required: true } },
    handle: (ctx, { params, body }) => { const m = member(ctx, params); if (field.bool(body, 'on')) m.runtime.powerOn(); else m.runtime.powerOff(); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/network', summary: 'Cut (connected=false) or restore the network link', body: { connected: { type: 'boolean', required: true } },
    handle: (ctx, { params, body }) => { const m = member(ctx, params); if (field.bool(body, 'connected')) m.runtime.restoreNetwork(); else m.runtime.cutNetwork(); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/reboot', summary: 'Reboot (transactions stop with SoftReset/HardReset first)', body: { kind: { type: 'string', description: 'Soft (default) or Hard' } },
    handle: async (ctx, { params, body }) => {
      const kind = (field.str(body, 'kind', true) ?? 'Soft') as 'Soft' | 'Hard';
      if (kind !== 'Soft' && kind !== 'Hard') throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"kind" must be Soft or Hard');
      const m = member(ctx, params);
      await m.station.context.runBeforeReboot(kind);
      m.runtime.reboot(kind);
      return ok;
    } },
  { method: 'GET', path: '/api/stations/{id}/frames', summary: 'OCPP frame log (?action=&direction=in|out&limit=)', handle: (ctx, { params, query }) => {
    const dir = query.get('direction');
    if (dir !== null && dir !== 'in' && dir !== 'out') throw new TwinError('TWIN_ERR_API_BAD_REQUEST', 'direction must be in or out');
    const limit = query.get('limit');
    return member(ctx, params).frames?.list({ ...(query.get('action') ? { action: query.get('action')! } : {}), ...(dir ? { direction: dir } : {}), ...(limit ? { limit: Number(limit) } : {}) }) ?? [];
  } },
  { method: 'GET', path: '/api/stations/{id}/transactions', summary: 'Transactions of the station as the embedded central system recorded them', handle: (ctx, { params }) => { member(ctx, params); return csmsOf(ctx).ledger.forStation(params.id ?? ''); } },
  { method: 'GET', path: '/api/clock', summary: 'The fleet clock (now, scale, paused)', handle: (ctx) => clockOf(ctx).state() },
  { method: 'POST', path: '/api/clock', summary: 'Pause, resume, scale or fast-forward the fleet clock', body: { action: { type: 'string', required: true, description: 'pause | resume | scale | fast-forward' }, scale: { type: 'number' }, seconds: { type: 'number' } },
    handle: async (ctx, { body }) => {
      const clock = clockOf(ctx);
      switch (field.str(body, 'action')) {
        case 'pause': clock.pause(); break;
        case 'resume': clock.resume(); break;
        case 'scale': { const s = field.num(body, 'scale')!; if (!(s > 0 && s <= 10_000)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"scale" must be in (0, 10000]'); clock.setScale(s); break; }
        case 'fast-forward': { const s = field.num(body, 'seconds')!; if (!(s >= 0 && s <= 31 * 86_400)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"seconds" must be in [0, 31 days]'); await clock.fastForward(s * 1000); break; }
        default: throw new TwinError('TWIN_ERR_API_BAD_REQUEST', '"action" must be pause, resume, scale or fast-forward');
      }
      return clock.state();
    } },
  { method: 'POST', path: '/api/csms/stations/{id}/call', summary: 'Send any central-system-initiated OCPP call from the embedded CSMS', body: { action: { type: 'string', required: true }, payload: { type: 'object', required: true } },
    handle: async (ctx, { params, body }) => {
      const action = field.str(body, 'action')!;
      if (!isActionName(action)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `unknown OCPP 1.6 action ${action}`);
      const failure = ocppValidator().check(action, 'req', body.payload ?? {});
      if (failure) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `payload of ${action}: ${failure.description}`, { details: { rpcCode: failure.code } });
      return { confirmation: await csmsOf(ctx).call(params.id ?? '', action as never, body.payload as never) };
    } },
  { method: 'GET', path: '/api/csms/transactions', summary: 'Every transaction the embedded central system recorded', handle: (ctx) => ({ transactions: csmsOf(ctx).ledger.all(), orphans: csmsOf(ctx).ledger.orphans }) },
];
