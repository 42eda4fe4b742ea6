/**
 * Payload validators for every OCPP 1.6 action, compiled from the official schemas once per process and
 * shared by every station and by the embedded central system (a station never compiles a schema).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { SCHEMAS } from './generated/schemas.ts';
import { ACTIONS, type ActionName } from './generated/catalog.ts';
import { errorCodeForKeyword, type RpcErrorCode } from './error-codes.ts';

export type PayloadKind = 'req' | 'conf';

export interface ValidationFailure {
  code: RpcErrorCode;
  /** A short human description: "<path> <problem>". */
  description: string;
}

export interface OcppValidator {
  /** undefined when the payload is valid, else the CALLERROR code and a description. */
  check(action: ActionName, kind: PayloadKind, payload: unknown): ValidationFailure | undefined;
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

function compileAll(): Map<string, ValidateFunction> {
  // strict: false keeps AJV strict-mode warnings about the official schemas from reaching users;
  // multipleOfPrecision lets 7.3 pass "multipleOf 0.1" despite binary floating point.
  const ajv = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 9 });
  addFormats(ajv);
  const out = new Map<string, ValidateFunction>();
  for (const action of Object.keys(ACTIONS)) {
    for (const kind of ['req', 'conf'] as const) {
      const schema = { ...(SCHEMAS[`${action}.${kind}`] as Record<string, unknown>) };
      delete schema.$id;
      delete schema.$schema;
      out.set(`${action}.${kind}`, ajv.compile(schema));
    }
  }
  return out;
}

function describe(err: ErrorObject): string {
  const where = err.instancePath || '(payload)';
  if (err.keyword === 'additionalProperties') return `${where} has unknown property "${String((err.params as { additionalProperty?: string }).additionalProperty)}"`;
  if (err.keyword === 'required') return `${where} misses required property "${String((err.params as { missingProperty?: string }).missingProperty)}"`;
  return `${where} ${err.message ?? err.keyword}`;
}

let shared: OcppValidator | undefined;

/**
 * The process-wide validator. The compiled schemas are immutable once built; this memo is the one
 * module-level value of the package and holds no station state.
 */
export function ocppValidator(): OcppValidator {
  if (shared) return shared;
  const compiled = compileAll();
  shared = {
    check(action, kind, payload) {
      const fn = compiled.get(`${action}.${kind}`);
      if (!fn) return { code: 'NotImplemented', description: `no schema for ${action}.${kind}` };
      if (fn(payload)) return undefined;
      const err = fn.errors?.[0];
      if (!err) return { code: 'FormationViolation', description: 'invalid payload' };
      return { code: errorCodeForKeyword(err.keyword), description: describe(err) };
    },
  };
  return shared;
}
