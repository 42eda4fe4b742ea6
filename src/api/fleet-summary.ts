/**
 * The fleet at a glance for the dashboard's fleet view (GET /api/fleet/summary): stations by registration
 * and link state, connectors by status, running sessions, energy delivered and frames per second. Computed
 * at request time in one pass over the fleet (no per-frame bookkeeping: frames per second is the growth of
 * the frame rings' counters between two readings), so it stays cheap for 10,000 twins.
 */
import type { Fleet } from '../fleet/index.ts';
import type { FleetStation } from '../fleet/index.ts';
import type { ApiContext, FieldSpec } from './route.ts';

export interface FleetSummary {
  stations: number;
  byRegistration: Record<string, number>;
  byLink: Record<string, number>;
  /** Connectors 1 … n of every station (connector 0, the station itself, is not counted). */
  connectors: number;
  byConnectorStatus: Record<string, number>;
  activeSessions: number;
  energyWh: number;
  /** Frames sent and received per second (wall time) since the previous reading; null on the first reading or without frame logs. */
  framesPerSecond: number | null;
  csms: boolean;
}

interface FrameSample { atMs: number; total: number; rate: number | null }
/** The previous frame-count reading of each fleet (a fleet is read by its API's requests). */
const samples = new WeakMap<Fleet, FrameSample>();
/** Readings closer together than this keep the last rate (a burst of requests does not measure noise). */
const MIN_INTERVAL_MS = 500;

const bump = (into: Record<string, number>, key: string): void => { into[key] = (into[key] ?? 0) + 1; };

function framesPerSecond(fleet: Fleet, total: number | null, nowMs: number): number | null {
  if (total === null) return null;
  const last = samples.get(fleet);
  if (last && nowMs - last.atMs < MIN_INTERVAL_MS) return last.rate;
  // A removed station takes its count with it: a drop is no rate.
  const rate = last && total >= last.total ? Math.round(((total - last.total) * 1000 / (nowMs - last.atMs)) * 10) / 10 : null;
  samples.set(fleet, { atMs: nowMs, total, rate });
  return rate;
}

export function fleetSummary(ctx: ApiContext, nowMs = Date.now()): FleetSummary {
  const byRegistration: Record<string, number> = {};
  const byLink: Record<string, number> = {};
  const byConnectorStatus: Record<string, number> = {};
  let connectors = 0;
  let activeSessions = 0;
  let energyWh = 0;
  let frames: number | null = null;
  const members = ctx.fleet.list();
  for (const m of members) {
    const snap = m.station.snapshot();
    bump(byRegistration, snap.registration);
    bump(byLink, m.runtime.link);
    for (let id = 1; id < snap.connectors.length; id++) { connectors++; bump(byConnectorStatus, snap.connectors[id]!.status); }
    const state = m.station.context.controls.state?.() as { connectors?: Array<{ energyWh?: number; transaction?: unknown }> } | undefined;
    for (const c of state?.connectors ?? []) {
      energyWh += typeof c.energyWh === 'number' ? c.energyWh : 0;
      if (c.transaction) activeSessions++;
    }
    if (m.frames) frames = (frames ?? 0) + m.frames.total;
  }
  return {
    stations: members.length, byRegistration, byLink, connectors, byConnectorStatus, activeSessions, energyWh: Math.round(energyWh),
    framesPerSecond: framesPerSecond(ctx.fleet, frames, nowMs), csms: ctx.csms !== undefined,
  };
}

const SORT_KEYS = ['added', 'id', 'registration', 'link', 'status'] as const;

/** The fleet view's filter and order of GET /api/fleet (with `match`, `offset` and `limit`). */
export const FLEET_PAGE_QUERY: Record<string, FieldSpec> = {
  status: { type: 'string', maxLength: 32, description: 'only stations with a connector (1 … n) in this ChargePointStatus' },
  sort: { type: 'string', enum: SORT_KEYS, description: 'order: added (default), id, registration, link or status (the connectors\' statuses, connector 1 first)' },
  order: { type: 'string', enum: ['asc', 'desc'], description: 'asc (default) or desc' },
};

const connectorStatuses = (m: FleetStation): string => m.station.snapshot().connectors.slice(1).map((c) => c.status).join(',');
const sortKey: Record<typeof SORT_KEYS[number], (m: FleetStation) => string> = {
  added: () => '',
  id: (m) => m.spec.id,
  registration: (m) => m.station.snapshot().registration,
  link: (m) => m.runtime.link,
  status: connectorStatuses,
};

/** Stations filtered by connector status and ordered as the query asks (a stable sort: ties keep the order they were added). */
export function fleetOrder(stations: FleetStation[], query: Record<string, unknown>): FleetStation[] {
  const status = query.status as string | undefined;
  let out = status ? stations.filter((m) => m.station.snapshot().connectors.some((c, id) => id > 0 && c.status === status)) : stations;
  const sort = (query.sort as typeof SORT_KEYS[number] | undefined) ?? 'added';
  const sign = query.order === 'desc' ? -1 : 1;
  if (sort !== 'added') {
    const key = sortKey[sort];
    out = out.map((m, i) => ({ m, i, k: key(m) })).sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i)).map((x) => x.m);
  } else if (sign < 0) {
    out = [...out].reverse();
  }
  return out;
}
