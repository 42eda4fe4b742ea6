/**
 * CALLERROR codes exactly as OCPP-J 1.6 §4.2.3 names them. 1.6 spells two of them with typos
 * ("FormationViolation", "OccurenceConstraintViolation"); we send the 1.6 spelling and accept the
 * corrected spellings on input (see docs/conformance.md).
 */
export const RPC_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

const INPUT_ALIASES: Record<string, RpcErrorCode> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
};

/** Reads an error code received from a peer: 1.6 codes as they are, corrected spellings mapped back, anything else GenericError. */
export function normalizeErrorCode(code: unknown): RpcErrorCode {
  if (typeof code !== 'string') return 'GenericError';
  if ((RPC_ERROR_CODES as readonly string[]).includes(code)) return code as RpcErrorCode;
  return INPUT_ALIASES[code] ?? 'GenericError';
}

/**
 * The one table from JSON-schema keyword to the CALLERROR code a payload failing it earns.
 * - type: a field has the wrong data type (TypeConstraintViolation, "somestring": 12).
 * - required / minItems / maxItems: a field occurs too few or too many times (OccurenceConstraintViolation).
 * - additionalProperties: the payload does not match the PDU's structure (FormationViolation).
 * - everything else (maxLength, enum, format, minimum, multipleOf, ...): a field holds an invalid value
 *   (PropertyConstraintViolation).
 */
export const SCHEMA_KEYWORD_ERROR: Record<string, RpcErrorCode> = {
  type: 'TypeConstraintViolation',
  required: 'OccurenceConstraintViolation',
  minItems: 'OccurenceConstraintViolation',
  maxItems: 'OccurenceConstraintViolation',
  additionalProperties: 'FormationViolation',
};

export function errorCodeForKeyword(keyword: string): RpcErrorCode {
  return SCHEMA_KEYWORD_ERROR[keyword] ?? 'PropertyConstraintViolation';
}
