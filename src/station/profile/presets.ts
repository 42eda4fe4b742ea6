/**
 * Factory presets of a twin, checked against its device profile before anything starts: the model (one
 * of the profile's product references), the number of connectors (the range of NumberOfConnectors), and
 * configuration values (`--config key=value`, a fleet file's `config`, the API's and the SDK's `config`).
 *
 * A preset is what the unit leaves the factory (or the installer) with, so only keys the central system
 * could change are presets: read-only keys are the product's (NumberOfConnectors comes from the model or
 * the connector count, the list lengths are fixed by the firmware), and the AuthorizationKey has its own
 * option (`--auth-key`, `authorizationKey`). Values follow the key's type and range as ChangeConfiguration
 * would; the normal form is kept (booleans in lower case, lists without spaces).
 */
import { TwinError } from '../../shared/errors.ts';
import { checkValue } from '../config/value-rules.ts';
import type { ConfigKeyDef, DeviceProfile } from './device-profile.ts';

const bad = (message: string, details?: Record<string, unknown>): TwinError => new TwinError('TWIN_ERR_PRESET_INVALID', message, details ? { details } : undefined);

/** Keys that have an option of their own, and what to use instead. */
const OWN_OPTION: Record<string, string> = {
  NumberOfConnectors: 'set it with the connector count (--connectors, "connectors"), or pick a model',
  AuthorizationKey: 'set it with --auth-key ("authorizationKey")',
  BoxIdentifier: 'it is the charge point id (--id, "id")',
  SupervisionUrl: 'it is the central system URL (--csms, "csms")',
};

/** What a key accepts, for an error message: "an integer 0 … 120", "true or false", a list's members. */
export function describeKey(d: ConfigKeyDef): string {
  switch (d.type) {
    case 'boolean': return 'true or false';
    case 'integer': return d.min !== undefined && d.max !== undefined ? `an integer ${d.min} … ${d.max}`
      : d.min !== undefined ? `an integer ≥ ${d.min}` : d.max !== undefined ? `an integer ≤ ${d.max}` : 'an integer';
    case 'string': return d.maxLength !== undefined ? `at most ${d.maxLength} characters` : 'a string';
    case 'csl': return `a comma-separated list of ${(d.members ?? []).join(', ')}`;
  }
}

/** The declared key closest to a misspelt one (letter case first, then a shared prefix of 6). */
function closestKey(profile: DeviceProfile, key: string): string | undefined {
  const lower = key.toLowerCase();
  const keys = [...profile.keyIndex.keys()];
  return keys.find((k) => k.toLowerCase() === lower) ?? keys.find((k) => k.toLowerCase().startsWith(lower.slice(0, 6)));
}

/**
 * Checks configuration presets against the profile and returns them in normal form (strings). Values
 * may be strings, numbers or booleans (a YAML or JSON file writes `HeartbeatInterval: 60`).
 * Throws TWIN_ERR_PRESET_INVALID naming the first bad key.
 */
export function checkConfigPresets(profile: DeviceProfile, raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const def = profile.keyIndex.get(key);
    if (!def) {
      const guess = closestKey(profile, key);
      throw bad(`unknown configuration key "${key}"${guess ? ` (did you mean ${guess}?)` : ''}`, { key });
    }
    if (OWN_OPTION[key]) throw bad(`configuration key ${key} is not a preset: ${OWN_OPTION[key]}`, { key });
    if (def.access === 'RO') throw bad(`configuration key ${key} is read-only on the unit, not a preset`, { key });
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw bad(`configuration key ${key}: the value must be a string, number or boolean`, { key });
    const text = String(value);
    const normal = checkValue(def, text);
    if (normal === undefined) throw bad(`configuration key ${key} must be ${describeKey(def)}, got "${text}"`, { key });
    out[key] = normal;
  }
  return out;
}

/** A connector count within NumberOfConnectors' range (the EVlink guide: 1 … 2). */
export function checkConnectorCount(profile: DeviceProfile, n: unknown): 1 | 2 {
  const def = profile.keyIndex.get('NumberOfConnectors');
  const min = def?.min ?? 1;
  const max = Math.min(def?.max ?? 2, 2);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) throw bad(`the number of connectors must be an integer ${min} … ${max}, got ${JSON.stringify(n)}`);
  return n as 1 | 2;
}

/** A product reference of the profile (spaces ignored, as the guide prints "EVB3S 22N4"), in its normal form. */
export function checkModel(profile: DeviceProfile, raw: unknown): string {
  const known = profile.models.map((m) => m.reference);
  const ref = typeof raw === 'string' ? raw.replace(/\s+/g, '') : '';
  if (!known.includes(ref)) throw new TwinError('TWIN_ERR_PROFILE_UNKNOWN_MODEL', `unknown ${profile.productFamily} model ${JSON.stringify(raw)}; known: ${known.join(', ')}`);
  return ref;
}
