/**
 * Routes of a station's configuration keys as an engineer inspects them: every key with its value,
 * type, unit, range, access and reboot flag (the device profile's table), and a local change of a key
 * — the installer's setting at the wallbox, checked exactly as ChangeConfiguration is and answered with
 * its status (decision D19). A write-only key (AuthorizationKey) is listed without its value.
 */
import { TwinError } from '../shared/errors.ts';
import type { ConfigKeyDef } from '../station/profile/device-profile.ts';
import type { ConfigurationService } from '../station/ports.ts';
import { member, type Route } from './route.ts';

export interface ConfigurationRow {
  key: string;
  type: ConfigKeyDef['type'];
  access: 'RO' | 'RW';
  rebootRequired: boolean;
  /** Absent for a write-only key. */
  value?: string;
  /** The value waiting for a reboot (after RebootRequired), when there is one. */
  pending?: string;
  writeOnly: boolean;
  unit?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  members?: string[];
  labels?: Record<string, string>;
  standardKey?: string;
  description: string;
}

function rowsOf(c: ConfigurationService): ConfigurationRow[] {
  if (!c.definitions) throw new TwinError('TWIN_ERR_API_CONTROL_UNAVAILABLE', 'this station does not describe its configuration keys');
  return c.definitions().map((d) => {
    const pending = d.secret ? undefined : c.pending?.(d.key);
    return {
      key: d.key, type: d.type, access: d.access, rebootRequired: d.rebootRequired === true, writeOnly: d.secret === true,
      ...(d.secret ? {} : { value: c.str(d.key) }),
      ...(pending !== undefined ? { pending } : {}),
      ...(d.unit !== undefined ? { unit: d.unit } : {}),
      ...(d.min !== undefined ? { min: d.min } : {}),
      ...(d.max !== undefined ? { max: d.max } : {}),
      ...(d.maxLength !== undefined ? { maxLength: d.maxLength } : {}),
      ...(d.members ? { members: d.members } : {}),
      ...(d.labels ? { labels: d.labels } : {}),
      ...(d.standardKey !== undefined ? { standardKey: d.standardKey } : {}),
      description: d.description,
    };
  });
}

const str = { type: 'string' };
const num = { type: 'number' };
export const CONFIGURATION_API_SCHEMAS: Record<string, Record<string, unknown>> = {
  Configuration: { type: 'array', items: { type: 'object', additionalProperties: false,
    required: ['key', 'type', 'access', 'rebootRequired', 'writeOnly', 'description'],
    properties: {
      key: str, type: { enum: ['string', 'integer', 'boolean', 'csl'] }, access: { enum: ['RO', 'RW'] }, rebootRequired: { type: 'boolean' },
      value: { ...str, description: 'absent for a write-only key (AuthorizationKey)' }, pending: { ...str, description: 'the value applied at the next reboot' },
      writeOnly: { type: 'boolean' }, unit: str, min: num, max: num, maxLength: num, members: { type: 'array', items: str },
      labels: { type: 'object', additionalProperties: str }, standardKey: str, description: str,
    } } },
  ConfigurationChange: { type: 'object', additionalProperties: false, required: ['status'],
    properties: { status: { enum: ['Accepted', 'Rejected', 'RebootRequired', 'NotSupported'], description: 'what ChangeConfiguration would answer' } } },
};

export const CONFIGURATION_ROUTES: Route[] = [
  { method: 'GET', path: '/api/stations/{id}/configuration', summary: 'Every configuration key of the station with its value, type, unit, range, access (RO/RW) and whether a change needs a reboot; a write-only key without its value',
    response: 'Configuration', handle: (ctx, { params }) => rowsOf(member(ctx, params).station.context.configuration) },
  { method: 'POST', path: '/api/stations/{id}/configuration', summary: 'Change a key locally (the installer at the wallbox), checked as ChangeConfiguration is: answers Accepted, Rejected, RebootRequired or NotSupported',
    response: 'ConfigurationChange',
    body: { key: { type: 'string', required: true, maxLength: 50, description: 'a configuration key (CiString50)' }, value: { type: 'string', required: true, maxLength: 500, description: 'the new value (CiString500)' } },
    handle: (ctx, { params, body }) => ({ status: member(ctx, params).station.context.configuration.change(body.key as string, body.value as string) }) },
];
