/**
 * Secrets in recorded OCPP frames. The 1.6 security whitepaper makes AuthorizationKey write-only: a
 * central system sets it with ChangeConfiguration, and nothing may reveal it afterwards. The wire frame
 * must carry it; every copy that is kept or shown (frame logs, the dashboard, diagnostics files) goes
 * through `redactSecrets` first, which replaces the value with a marker and leaves everything else alone.
 */

/** Configuration keys whose values are never recorded (compared without regard to case). */
export const SECRET_CONFIGURATION_KEYS: readonly string[] = ['AuthorizationKey'];

/** What a recorded copy shows instead of a secret value. */
export const REDACTED = '<redacted>';

const SECRET_SET = new Set(SECRET_CONFIGURATION_KEYS.map((k) => k.toLowerCase()));
/** A frame can only name a secret key if the name is spelled out or hidden behind JSON \u escapes. */
const NAMES_SECRET = new RegExp(SECRET_CONFIGURATION_KEYS.join('|'), 'i');
const MAY_NAME_SECRET = new RegExp(`${SECRET_CONFIGURATION_KEYS.join('|')}|\\\\u`, 'i');
const VALUE_MEMBER = /("value"\s*:\s*)"(?:[^"\\]|\\.)*"?/g;

function isSecretChange(frame: unknown): frame is [2, string, string, { key: string; value?: unknown }] {
  if (!Array.isArray(frame) || frame[0] !== 2 || frame[2] !== 'ChangeConfiguration') return false;
  const payload: unknown = frame[3];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const key = (payload as { key?: unknown }).key;
  return typeof key === 'string' && SECRET_SET.has(key.toLowerCase());
}

/**
 * Returns the frame text with the value of a secret configuration key replaced by `REDACTED`; any other
 * text is returned unchanged (the same string). Text that is not JSON but names a secret key has every
 * `"value": "…"` member blanked, so a truncated ChangeConfiguration cannot leak either.
 */
export function redactSecrets(text: string): string {
  if (!MAY_NAME_SECRET.test(text)) return text;
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return NAMES_SECRET.test(text) ? text.replace(VALUE_MEMBER, `$1"${REDACTED}"`) : text;
  }
  if (!isSecretChange(frame)) return text;
  if (!('value' in frame[3])) return text;
  return JSON.stringify([frame[0], frame[1], frame[2], { ...frame[3], value: REDACTED }, ...frame.slice(4)]);
}
