/**
 * Whether a string is an acceptable value for a key of the profile, and its normal form. Booleans are
 * "true"/"false" in any letter case (1.6 §9 writes them so; CSMSs send "True" too) and are stored in
 * lower case; integers are decimal without sign noise; lists are comma-separated members.
 */
import type { ConfigKeyDef } from '../profile/device-profile.ts';

/** OCPP 1.6 §5.3: a configuration value is at most 500 characters. */
export const MAX_VALUE_LENGTH = 500;

export function checkValue(d: ConfigKeyDef, raw: string): string | undefined {
  if (raw.length > MAX_VALUE_LENGTH) return undefined;
  switch (d.type) {
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      return v === 'true' || v === 'false' ? v : undefined;
    }
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim())) return undefined;
      const n = Number(raw.trim());
      if (!Number.isSafeInteger(n)) return undefined;
      if (d.min !== undefined && n < d.min) return undefined;
      if (d.max !== undefined && n > d.max) return undefined;
      return String(n);
    }
    case 'string':
      return d.maxLength !== undefined && raw.length > d.maxLength ? undefined : raw;
    case 'csl': {
      const items = raw.split(',').map((s) => s.trim());
      if (raw.trim() === '') return '';
      if (items.some((i) => i === '' || !(d.members ?? []).includes(i))) return undefined;
      return items.join(',');
    }
  }
}
