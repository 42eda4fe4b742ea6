/** JSON Schemas of the control API's answers, by name, for the components of the OpenAPI document. */
import { SESSION_GENERATOR_API_SCHEMAS } from './routes-session-generator.ts';
import { CHART_API_SCHEMAS } from './routes-charts.ts';
import { CONSOLE_API_SCHEMAS } from './routes-console.ts';
import { CONFIGURATION_API_SCHEMAS } from './routes-configuration.ts';
import { FAULT_API_SCHEMAS } from './routes-faults.ts';
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const nullable = (s: Record<string, unknown>): Record<string, unknown> => ({ anyOf: [s, { type: 'null' }] });
const ref = (name: string): Record<string, unknown> => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties), extra = false): Record<string, unknown> => ({ type: 'object', properties, required, additionalProperties: extra });

const localListEntry = obj({ idTag: str, status: { enum: ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'] }, parentIdTag: str, expiryDate: { type: 'string', format: 'date-time' } }, ['idTag', 'status']);

const connector = obj({
  id: { ...int, description: '0 = the station itself' },
  status: { ...str, description: 'OCPP ChargePointStatus as last reported' },
  errorCode: str, vendorErrorCode: str, info: str,
  machineStatus: str, plugged: bool, evRequesting: bool,
  ev: obj({ maxCurrentA: num, phases: { enum: [1, 3] }, capacityKWh: num, socPercent: num, cableRatingA: num }, ['maxCurrentA', 'phases', 'capacityKWh', 'socPercent']),
  energyWh: num, currentA: num, offeredA: num, powerW: num, phases: { type: 'array', items: str },
  limitA: nullable(num),
  transaction: nullable(obj({ transactionId: nullable(int), idTag: str, meterStart: int, startedAt: num })),
  reservation: nullable({ type: 'object' }),
  faults: { type: 'array', items: str, description: 'active vendor error codes' },
  pendingAuthorization: nullable(str),
}, ['id', 'status', 'errorCode'], true);

export const API_SCHEMAS: Record<string, Record<string, unknown>> = {
  Error: obj({ error: obj({ code: { ...str, description: 'a stable TWIN_ERR_* code' }, message: str, details: { type: 'object' } }, ['code', 'message']) }),
  Ok: obj({ ok: { const: true } }),
  StationState: obj({
    id: str, model: str, firmwareVersion: str,
    registration: { ...str, description: 'BootNotification outcome: Pending, Accepted, Rejected, …' },
    link: { ...str, description: 'open, connecting, cut, powered-off, …' },
    lastError: nullable(str), reboots: int, at: { ...num, description: 'station clock, ms since the epoch' },
    lastHeartbeatAt: nullable(num), stationOperative: bool, stationFaults: { type: 'array', items: str }, ledIntensity: int, localListVersion: int,
    connectors: { type: 'array', items: connector, description: 'index = connector id; 0 = the station' },
    transactionQueue: nullable(obj({
      length: { ...int, description: 'transaction messages waiting for the CSMS' },
      bound: { ...int, description: 'the bound; MeterValues are dropped beyond it (docs/conformance/offline-queue.md)' },
      dropped: obj({ bound: int, afterAttempts: int }),
      oldestAgeMs: num,
      nextAttemptAt: nullable(num),
    })),
    firmware: nullable({ type: 'object', description: 'status now and last sent, image location, download attempt and bytes, version once checked' }),
    diagnostics: nullable({ type: 'object', description: 'status now and the last diagnostics file: name, location, size, outcome' }),
    frameLog: obj({
      mode: { enum: ['all', 'viewed', 'off'], description: 'the station\'s frame-log mode (docs/fleet.md)' },
      recording: { ...bool, description: 'whether the station keeps its full frame log now' },
      since: { anyOf: [num, { type: 'null' }], description: 'mode "viewed": station clock (ms) when its full log began (before it, only its last few frames were kept); else null' },
    }, ['mode', 'recording', 'since']),
  }, ['id', 'model', 'registration', 'link', 'lastError', 'reboots', 'at', 'connectors'], true),
  StationList: { type: 'array', items: ref('StationState') },
  FleetPage: obj({
    total: { ...int, description: 'stations that match (all of them without `match`)' },
    offset: int,
    stations: { type: 'array', items: obj({
      id: str, model: str, registration: str, link: str,
      connectors: { type: 'array', items: obj({ id: int, status: str, errorCode: str }, ['id', 'status', 'errorCode']), description: 'index = connector id; 0 = the station' },
    }, ['id', 'model', 'registration', 'link', 'connectors']) },
  }, ['total', 'offset', 'stations']),
  BadgeResult: obj({ accepted: bool, reason: str }, ['accepted']),
  LocalList: obj({ version: int, entries: { type: 'array', items: localListEntry } }),
  Frames: { type: 'array', items: obj({
    seq: int, at: num, direction: { enum: ['in', 'out'], description: 'out = station → central system' },
    text: { ...str, description: 'the OCPP-J frame as sent' }, type: { enum: [2, 3, 4], description: 'CALL, CALLRESULT, CALLERROR' }, action: str,
    injected: { ...str, description: 'present when an injected fault touched the frame: drop, duplicate, delay 500ms, override, callerror, loss, latency 120ms (docs/fault-injection.md)' },
  }, ['seq', 'at', 'direction', 'text', 'type', 'action']) },
  StationTransactions: { type: 'array', items: obj({
    connectorId: int, transactionId: nullable(int), idTag: str, idTagStatus: nullable(str), reservationId: nullable(int),
    meterStart: int, startedAt: str, meterStop: nullable(int), stoppedAt: nullable(str), stopReason: nullable(str),
    state: { enum: ['running', 'stopped'] }, startSent: bool, stopSent: bool,
  }) },
  CsmsTransactions: { type: 'array', items: obj({
    transactionId: int, stationId: str, start: { type: 'object', description: 'StartTransaction.req' },
    meterValues: { type: 'array', items: { type: 'object' } }, stop: { type: 'object', description: 'StopTransaction.req' },
    events: { type: 'array', items: obj({ action: str, at: num }) }, anomalies: { type: 'array', items: str },
  }, ['transactionId', 'stationId', 'start', 'meterValues', 'events', 'anomalies']) },
  CsmsLedger: obj({ transactions: ref('CsmsTransactions'), orphans: { type: 'array', items: obj({ stationId: str, action: str, transactionId: int, at: num }) } }),
  Clock: obj({ now: num, scale: num, paused: bool, pendingTimers: int }),
  Readiness: obj({
    status: { enum: ['ready', 'not-ready'] }, stations: int, registered: { ...int, description: 'twins whose BootNotification was Accepted' },
    notRegistered: int, byRegistration: { type: 'object', additionalProperties: int, description: 'twins by registration: Unregistered, Pending, Accepted, Rejected' },
  }),
  CsmsCallResult: obj({ confirmation: { type: 'object', description: 'the station\'s confirmation' } }),
  ...SESSION_GENERATOR_API_SCHEMAS,
  ...CHART_API_SCHEMAS,
  ...CONSOLE_API_SCHEMAS,
  ...CONFIGURATION_API_SCHEMAS,
  ...FAULT_API_SCHEMAS,
};
