/**
 * The body of POST /api/stations and what the SDK's startStation takes beyond its own options: a station
 * with its factory presets (model, connectors, configuration), its own central system, key and session
 * settings. Checked against the device profile exactly as the CLI's flags and a fleet file's groups.
 */
import { TwinError } from '../shared/errors.ts';
import type { StationSpec } from '../fleet/fleet.ts';
import { HISTORY_MODES, type HistoryMode } from '../fleet/history-mode.ts';
import { FRAME_LOG_MODES, type FrameLogMode } from '../fleet/frame-log-mode.ts';
import { checkCsmsUrl } from '../fleet/csms-spread.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { checkConfigPresets, checkConnectorCount, checkModel } from '../station/profile/presets.ts';
import type { FieldSpec } from './route.ts';

const STATION_ID = /^[\x21-\x7e]{1,48}$/;

export const STATION_BODY: Record<string, FieldSpec> = {
  id: { type: 'string', required: true, maxLength: 48, description: 'charge point id: printable ASCII without spaces, "/", "?", "#" or "%"' },
  model: { type: 'string', description: 'product reference, e.g. EVB3S22N4 (default: the profile\'s)' },
  connectors: { type: 'integer', enum: [1, 2], description: 'NumberOfConnectors (default: the model\'s)' },
  config: { type: 'object', description: 'factory presets: configuration key → value; read-write keys of the guide, in their type and range (RO keys, AuthorizationKey and the identity keys are refused)' },
  csms: { type: 'string', description: 'ws:// or wss:// URL of this station\'s central system (default: the process\'s, spread by station index when it has several)' },
  authorizationKey: { type: 'string', maxLength: 40, description: 'AuthorizationKey for HTTP Basic auth: printable ASCII without spaces' },
  sessions: { type: 'object', description: 'reserved for the session generator: kept with the station as given' },
  history: { type: 'string', enum: [...HISTORY_MODES], description: 'which readings the charts keep (decision D29): all, viewed (only once someone asks, for a bounded number of stations) or off (default: the process\'s --history)' },
  frameLog: { type: 'string', enum: [...FRAME_LOG_MODES], description: 'how much of its frame log the station keeps (decision D31): all (the full log), viewed (its last 4 frames until someone asks for its frames, then the full log, for a bounded number of stations) or off (default: the process\'s --frame-log)' },
};

const bad = (message: string): TwinError => new TwinError('TWIN_ERR_API_BAD_REQUEST', message);

/** A station spec from a checked body (types and unknown fields are input-check's; this checks meaning). */
export function stationSpecFrom(body: Record<string, unknown>): StationSpec {
  const id = body.id as string;
  if (!STATION_ID.test(id) || /[/?#%]/.test(id)) throw bad('field "id" must be printable ASCII without spaces, "/", "?", "#" or "%"');
  const key = body.authorizationKey as string | undefined;
  if (key !== undefined && !/^[\x21-\x7e]+$/.test(key)) throw bad('field "authorizationKey" must be printable ASCII without spaces');
  return {
    id,
    ...(body.model !== undefined ? { model: checkModel(evlinkProAc, body.model) } : {}),
    ...(body.connectors !== undefined ? { connectors: checkConnectorCount(evlinkProAc, body.connectors) } : {}),
    ...(body.config !== undefined ? { config: checkConfigPresets(evlinkProAc, body.config as Record<string, unknown>) } : {}),
    ...(body.csms !== undefined ? { csmsUrl: checkCsmsUrl(body.csms, 'field "csms"') } : {}),
    ...(key !== undefined ? { authorizationKey: key } : {}),
    ...(body.sessions !== undefined ? { sessions: body.sessions as Record<string, unknown> } : {}),
    ...(body.history !== undefined ? { history: body.history as HistoryMode } : {}),
    ...(body.frameLog !== undefined ? { frameLog: body.frameLog as FrameLogMode } : {}),
  };
}
