/**
 * Routes of what a person at the wallbox or the EV does: cable, EV, badge, stop button, vendor error
 * codes, local availability.
 */
import { TwinError } from '../shared/errors.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { connectorIn, control, member, ok, type FieldSpec, type Route } from './route.ts';

const CONNECTOR = '/api/stations/{id}/connectors/{connectorId}';
/** Sanity bounds of the simulated EV (not the guide's): AC charging is at most 80 A per phase (IEC 61851-1). */
export const EV_FIELDS: Record<string, FieldSpec> = {
  maxCurrentA: { type: 'number', minimum: 0, maximum: 80, description: 'largest current the EV draws per phase, A (0 … 80)' },
  phases: { type: 'integer', enum: [1, 3], description: '1 or 3' },
  capacityKWh: { type: 'number', above: 0, maximum: 1000, description: 'battery capacity, kWh (0 … 1000]' },
  socPercent: { type: 'number', minimum: 0, maximum: 100, description: 'state of charge, % (0 … 100)' },
  cableRatingA: { type: 'integer', enum: [13, 20, 32, 63], description: 'PP-coded rating of the EV\'s cable on a socket outlet, A (ignored with a tethered cable)' },
};

/** How an EV is plugged in (the body of the plug route, and the SDK's plugIn options). */
export const PLUG_FIELDS: Record<string, FieldSpec> = {
  requesting: { type: 'boolean', description: 'the EV asks for energy as soon as it is plugged in (default: true when its state of charge is below 100 %); false plugs an EV that waits' },
};

export function knownVendorCode(code: string): string {
  if (!evlinkProAc.vendorErrors.some((e) => e.code === code)) throw new TwinError('TWIN_ERR_UNKNOWN_VENDOR_ERROR', `unknown vendor error code "${code}" (the guide's codes run 1.0 … 18.1)`);
  return code;
}

export const CONTROL_ROUTES: Route[] = [
  { method: 'POST', path: `${CONNECTOR}/plug`, summary: 'Plug in an EV (by default one that asks for energy when its battery has room)', response: 'Ok',
    body: PLUG_FIELDS,
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      control(m, 'plugIn')(connectorIn(m, params.connectorId), { requesting: body.requesting as boolean | undefined });
      return ok;
    } },
  { method: 'POST', path: `${CONNECTOR}/unplug`, summary: 'Unplug the cable', response: 'Ok',
    handle: (ctx, { params }) => { const m = member(ctx, params); control(m, 'unplug')(connectorIn(m, params.connectorId)); return ok; } },
  { method: 'POST', path: `${CONNECTOR}/ev`, summary: 'Set the simulated EV (fields left out keep their value)', body: EV_FIELDS, response: 'Ok',
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      control(m, 'setEv')(connectorIn(m, params.connectorId), body as never);
      return ok;
    } },
  { method: 'POST', path: `${CONNECTOR}/ev-requesting`, summary: 'The EV starts or stops asking for energy', body: { requesting: { type: 'boolean', required: true } }, response: 'Ok',
    handle: (ctx, { params, body }) => { const m = member(ctx, params); control(m, 'evRequestsEnergy')(connectorIn(m, params.connectorId), body.requesting as boolean); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/badge', summary: 'Present a badge (idTag) to the reader', response: 'BadgeResult',
    body: { idTag: { type: 'string', required: true, maxLength: 20, description: 'an idToken (CiString20)' }, connectorId: { type: 'integer', minimum: 1, description: 'the connector to start on or stop (default: the first that fits)' } },
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      return control(m, 'presentBadge')(body.idTag as string, body.connectorId === undefined ? undefined : connectorIn(m, body.connectorId));
    } },
  { method: 'POST', path: `${CONNECTOR}/stop`, summary: 'Press the stop button (local stop)', response: 'Ok',
    handle: (ctx, { params }) => { const m = member(ctx, params); control(m, 'pressStop')(connectorIn(m, params.connectorId)); return ok; } },
  { method: 'POST', path: '/api/stations/{id}/errors', summary: 'Raise a vendor error code of the guide (1.0 … 18.1)', response: 'Ok',
    body: { code: { type: 'string', required: true, description: 'a code of the guide\'s vendor error table, e.g. "12.0"' }, connectorId: { type: 'integer', minimum: 0, description: 'default 1; 0 = the station' } },
    handle: (ctx, { params, body }) => {
      const m = member(ctx, params);
      control(m, 'raiseError')(knownVendorCode(body.code as string), connectorIn(m, body.connectorId ?? 1, true));
      return ok;
    } },
  { method: 'DELETE', path: '/api/stations/{id}/errors/{code}', summary: 'Clear a vendor error code', response: 'Ok',
    query: { connectorId: { type: 'integer', minimum: 0, description: 'default 1; 0 = the station' } },
    handle: (ctx, { params, query }) => {
      const m = member(ctx, params);
      control(m, 'clearError')(knownVendorCode(params.code ?? ''), connectorIn(m, query.connectorId ?? 1, true));
      return ok;
    } },
  { method: 'POST', path: `${CONNECTOR}/availability`, summary: 'Set availability as a local operator (connector 0 = the station)', body: { operative: { type: 'boolean', required: true } }, response: 'Ok',
    handle: (ctx, { params, body }) => { const m = member(ctx, params); control(m, 'setAvailability')(connectorIn(m, params.connectorId, true), body.operative as boolean); return ok; } },
];
