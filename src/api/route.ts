/**
 * What a control API route is (method, path, summary, declared body and query, response schema,
 * handler) and the lookups its handlers share: the station, its controls, a connector id.
 */
import { TwinError } from '../shared/errors.ts';
import type { Csms } from '../csms/index.ts';
import type { Fleet, FleetStation } from '../fleet/index.ts';
import type { ControlSurface } from '../station/control-surface.ts';
import type { ScaledClock } from '../platform/index.ts';
import type { TransactionRecord } from './station-transactions.ts';

export interface ApiContext { fleet: Fleet; csms: Csms | undefined; clock: ScaledClock | undefined; transactions: TransactionRecord }

/** A declared body field or query parameter: what the OpenAPI document shows and what input-check enforces. */
export interface FieldSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  required?: boolean;
  description?: string;
  enum?: ReadonlyArray<string | number>;
  minimum?: number;
  maximum?: number;
  /** Exclusive lower bound. */
  above?: number;
  maxLength?: number;
}

export interface RouteInput { params: Record<string, string>; query: Record<string, string | number | boolean>; body: Record<string, unknown> }
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  body?: Record<string, FieldSpec>;
  query?: Record<string, FieldSpec>;
  /** Name of the response schema in the OpenAPI components (api-schemas.ts). */
  response: string;
  handle(ctx: ApiContext, input: RouteInput): unknown;
}

export const ok = { ok: true };

export function control<K extends keyof ControlSurface>(m: FleetStation, name: K): NonNullable<ControlSurface[K]> {
  const controls = m.station.context.controls;
  const fn = controls[name] as ((...args: never[]) => unknown) | undefined;
  if (!fn) throw new TwinError('TWIN_ERR_API_CONTROL_UNAVAILABLE', `this station has no "${String(name)}" control`);
  return fn.bind(controls) as NonNullable<ControlSurface[K]>;
}

export const member = (ctx: ApiContext, p: Record<string, string>): FleetStation => ctx.fleet.get(p.id ?? '');

/** A connector id of this station: 0 (the station itself) only where `allowStation`. */
export function connectorIn(m: FleetStation, raw: unknown, allowStation = false): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `connector id must be a non-negative integer, got "${String(raw)}"`);
  const count = m.station.snapshot().connectors.length - 1;
  if (n === 0 && !allowStation) throw new TwinError('TWIN_ERR_NO_SUCH_CONNECTOR', 'connector 0 is the station itself; this control needs a connector (1 …)');
  if (n > count) throw new TwinError('TWIN_ERR_NO_SUCH_CONNECTOR', `the station has ${count} connector(s), not ${n}`);
  return n;
}

export const csmsOf = (ctx: ApiContext): Csms => {
  if (!ctx.csms) throw new TwinError('TWIN_ERR_API_NO_CSMS', 'no embedded central system runs in this process');
  return ctx.csms;
};

export const clockOf = (ctx: ApiContext): ScaledClock => {
  if (!ctx.clock) throw new TwinError('TWIN_ERR_API_CONTROL_UNAVAILABLE', 'this process has no controllable clock');
  return ctx.clock;
};
