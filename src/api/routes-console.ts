/**
 * Routes behind the dashboard's fleet view and central-system console: the fleet summary, the
 * Central-System-initiated operations of the guide with their official request schemas, and a dry run of
 * a request against its schema (the console refuses invalid input with the schema's message before it
 * sends anything; decision D21).
 */
import { TwinError } from '../shared/errors.ts';
import { isActionName, ocppValidator } from '../ocpp/index.ts';
import { SCHEMAS } from '../ocpp/generated/schemas.ts';
import { fleetSummary } from './fleet-summary.ts';
import { csmsOf, type Route } from './route.ts';

/** The operations initiated by the central system, as the guide's table lists them ("Operations Initiated by Central System"). */
interface ConsoleAction { action: string; supported: boolean; reason?: string }
export const CONSOLE_ACTIONS: readonly ConsoleAction[] = [
  'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'ChangeConfiguration', 'GetConfiguration',
  'SetChargingProfile', 'ClearChargingProfile', 'GetCompositeSchedule', 'ReserveNow', 'CancelReservation',
  'TriggerMessage', 'UnlockConnector', 'ChangeAvailability', 'UpdateFirmware', 'GetDiagnostics',
  'DataTransfer', 'ClearCache', 'GetLocalListVersion',
].map((action): ConsoleAction => ({ action, supported: true }))
  .concat([{ action: 'SendLocalList', supported: false, reason: 'Not supported by the EVlink Pro AC (guide: operations initiated by central system)' }]);

/** An official request schema without its $id/$schema (the page needs the constraints only). */
function requestSchema(action: string): Record<string, unknown> {
  const { $id: _id, $schema: _s, ...rest } = SCHEMAS[`${action}.req`] as Record<string, unknown>;
  void _id; void _s;
  return rest;
}

const str = { type: 'string' };
const int = { type: 'integer' };
const counts = { type: 'object', additionalProperties: int };

export const CONSOLE_API_SCHEMAS: Record<string, Record<string, unknown>> = {
  FleetSummary: {
    type: 'object', additionalProperties: false,
    required: ['stations', 'byRegistration', 'byLink', 'connectors', 'byConnectorStatus', 'activeSessions', 'energyWh', 'framesPerSecond', 'csms'],
    properties: {
      stations: int, byRegistration: { ...counts, description: 'stations by BootNotification outcome' }, byLink: { ...counts, description: 'stations by link state' },
      connectors: { ...int, description: 'connectors 1 … n of every station' }, byConnectorStatus: { ...counts, description: 'connectors by last ChargePointStatus' },
      activeSessions: { ...int, description: 'connectors with a transaction running' }, energyWh: { ...int, description: 'energy registers of every connector, summed' },
      framesPerSecond: { anyOf: [{ type: 'number' }, { type: 'null' }], description: 'OCPP frames per second (wall time) since the previous reading; null on the first or without frame logs' },
      csms: { type: 'boolean', description: 'an embedded central system runs in this process' },
    },
  },
  ConsoleActions: {
    type: 'object', additionalProperties: false, required: ['actions'],
    properties: { actions: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['action', 'supported', 'schema'], properties: {
      action: str, supported: { type: 'boolean' }, reason: str, schema: { type: 'object', description: 'the official OCPP 1.6 JSON schema of the request' },
    } } } },
  },
  PayloadCheck: {
    type: 'object', additionalProperties: false, required: ['valid'],
    properties: { valid: { type: 'boolean' }, message: { ...str, description: 'the schema\'s message: "<path> <problem>"' }, rpcCode: { ...str, description: 'the CALLERROR code a station would answer' } },
  },
};

export const CONSOLE_ROUTES: Route[] = [
  { method: 'GET', path: '/api/fleet/summary', summary: 'The fleet at a glance: stations by registration and link, connectors by status, running sessions, energy delivered, frames per second', response: 'FleetSummary',
    handle: (ctx) => fleetSummary(ctx) },
  { method: 'GET', path: '/api/csms/console', summary: 'The operations the embedded central system can send (the guide\'s list, SendLocalList marked unsupported) with their request schemas', response: 'ConsoleActions',
    handle: (ctx) => { csmsOf(ctx); return { actions: CONSOLE_ACTIONS.map((a) => ({ ...a, schema: requestSchema(a.action) })) }; } },
  { method: 'POST', path: '/api/ocpp/check', summary: 'Check a request payload against the official OCPP 1.6 schema of its action, sending nothing', response: 'PayloadCheck',
    body: { action: { type: 'string', required: true, description: 'an OCPP 1.6 action' }, payload: { type: 'object', required: true, description: 'the request to check' } },
    handle: (_ctx, { body }) => {
      const action = body.action as string;
      if (!isActionName(action)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `unknown OCPP 1.6 action ${action}`);
      const failure = ocppValidator().check(action, 'req', body.payload);
      return failure ? { valid: false, message: `payload of ${action}: ${failure.description}`, rpcCode: failure.code } : { valid: true };
    } },
];
