/**
 * Routes the dashboard's charts read: a connector's recent electrics from the station's own readings
 * (src/fleet/connector-history.ts), and each installed charging profile's own limit over the next hours,
 * to show beside the composite schedule the station answers through GetCompositeSchedule. OCPP 1.6 has
 * no message that lists installed profiles (2.0.1's GetChargingProfiles came later): this is the twin's
 * view of its own store, not something a central system could ask.
 */
import { HISTORY_CAPACITY } from '../fleet/connector-history.ts';
import { HISTORY_MODES } from '../fleet/history-mode.ts';
import { smartChargingOf } from '../station/station-smart-charging.ts';
import { compositeSchedule } from '../smart-charging/index.ts';
import { connectorIn, member, type Route } from './route.ts';

const CONNECTOR = '/api/stations/{id}/connectors/{connectorId}';
const num = { type: 'number' };
const nullableNums = { type: 'array', items: { anyOf: [num, { type: 'null' }] } };
const nums = { type: 'array', items: num };

export const CHART_ROUTES: Route[] = [
  { method: 'GET', path: `${CONNECTOR}/history`, summary: 'A connector\'s recent electrics as columns, oldest first, from the station\'s own readings (kept from its first transaction; bounded). With history mode "viewed", asking starts the station\'s recording (`recording`)',
    response: 'ConnectorHistory',
    query: {
      since: { type: 'integer', minimum: 0, description: 'only readings at or after this station-clock instant (ms since the epoch)' },
      limit: { type: 'integer', minimum: 1, maximum: HISTORY_CAPACITY, description: `only the last n readings (at most ${HISTORY_CAPACITY} are kept)` },
    },
    handle: (ctx, { params, query }) => {
      const m = member(ctx, params);
      const connectorId = connectorIn(m, params.connectorId);
      const recording = m.viewHistory();
      return { connectorId, capacity: HISTORY_CAPACITY, recording, ...m.history(connectorId, query.since as number | undefined, query.limit as number | undefined) };
    } },
  { method: 'GET', path: `${CONNECTOR}/charging-profiles`, summary: 'The charging profiles that bear on a connector (0: every profile), each with its own limit in A over the coming hours as if it were alone',
    response: 'ConnectorChargingProfiles',
    query: { duration: { type: 'integer', minimum: 1, maximum: 7 * 86_400, description: 'seconds ahead (default 86400)' } },
    handle: (ctx, { params, query }) => {
      const m = member(ctx, params);
      const connectorId = connectorIn(m, params.connectorId, true);
      const sc = smartChargingOf(m.station.context);
      const now = m.station.context.clock.now();
      const duration = (query.duration as number | undefined) ?? 86_400;
      const txs = sc.txs();
      const profiles = sc.profiles.list()
        .filter((p) => connectorId === 0 || p.connectorId === connectorId || p.connectorId === 0)
        .map((p) => ({
          connectorId: p.connectorId,
          chargingProfileId: p.profile.chargingProfileId,
          stackLevel: p.profile.stackLevel,
          chargingProfilePurpose: p.profile.chargingProfilePurpose,
          chargingProfileKind: p.profile.chargingProfileKind,
          ...(p.profile.transactionId !== undefined ? { transactionId: p.profile.transactionId } : {}),
          schedule: compositeSchedule([p], connectorId, now, duration, 'A', txs, sc.limits()),
        }));
      return { connectorId, at: now, profiles };
    } },
];

const period = { type: 'object', required: ['startPeriod', 'limit'], properties: { startPeriod: { type: 'integer' }, limit: num } };

export const CHART_API_SCHEMAS: Record<string, Record<string, unknown>> = {
  ConnectorHistory: {
    type: 'object', additionalProperties: false,
    required: ['connectorId', 'capacity', 'recording', 'at', 'currentA', 'offeredA', 'limitA', 'powerKW', 'energyKWh', 'socPercent'],
    properties: {
      connectorId: { type: 'integer' }, capacity: { type: 'integer', description: 'readings kept at most' },
      recording: {
        type: 'object', additionalProperties: false, required: ['mode', 'recording', 'since'],
        description: 'what the station keeps (decision D29): mode "all" from each connector\'s first transaction; "viewed" only since someone asked (this request starts it), for a bounded number of stations; "off" nothing',
        properties: {
          mode: { enum: [...HISTORY_MODES] },
          recording: { type: 'boolean', description: 'whether the station keeps readings now' },
          since: { anyOf: [num, { type: 'null' }], description: 'mode "viewed": station clock (ms) when recording began, nothing before it was kept; else null' },
        },
      },
      at: { ...nums, description: 'station clock, ms since the epoch' },
      currentA: { ...nums, description: 'current drawn per phase, A (constant until the next reading)' },
      offeredA: { ...nums, description: 'current offered to the EV per phase, A' },
      limitA: { ...nullableNums, description: 'smart-charging limit in force, A per phase; null without one' },
      powerKW: { ...nums, description: 'power drawn, kW' },
      energyKWh: { ...nullableNums, description: 'energy delivered in the running transaction, kWh; null outside one' },
      socPercent: { ...nullableNums, description: 'the EV\'s state of charge, %; null without an EV' },
    },
  },
  ConnectorChargingProfiles: {
    type: 'object', additionalProperties: false, required: ['connectorId', 'at', 'profiles'],
    properties: {
      connectorId: { type: 'integer' }, at: { ...num, description: 'station clock, ms since the epoch' },
      profiles: { type: 'array', items: {
        type: 'object', additionalProperties: false,
        required: ['connectorId', 'chargingProfileId', 'stackLevel', 'chargingProfilePurpose', 'chargingProfileKind', 'schedule'],
        properties: {
          connectorId: { type: 'integer', description: 'where the profile is installed (0 = the station)' },
          chargingProfileId: { type: 'integer' }, stackLevel: { type: 'integer' }, chargingProfilePurpose: { type: 'string' }, chargingProfileKind: { type: 'string' },
          transactionId: { type: 'integer' },
          schedule: {
            type: 'object', description: 'the profile alone, as a composite schedule in A (capped by the product\'s own limit, which also fills where it has no period)',
            required: ['startSchedule', 'chargingRateUnit', 'chargingSchedulePeriod'],
            properties: { startSchedule: { type: 'string' }, duration: { type: 'integer' }, chargingRateUnit: { enum: ['A'] }, chargingSchedulePeriod: { type: 'array', items: period } },
          },
        },
      } },
    },
  },
};
