/**
 * Payload validators for every OCPP 1.6 action, each compiled from its official schema once per process,
 * the first time a payload of its kind is checked, and shared by every station and by the embedded central
 * system (no station compiles a schema of its own).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { SCHEMAS } from './generated/schemas.ts';
import type { ActionName } from './generated/catalog.ts';
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

/**
 * The validators, each compiled from its schema the first time it is asked for. A process compiles only
 * the actions it meets: a booting fleet uses four of the 78 schemas, and compiling all of them took
 * 0.2–0.7 s of each process's CPU in the middle of the boot wave (decision D32).
 */
function lazyValidators(): (key: string) => ValidateFunction | undefined {
  // strict: false keeps AJV strict-mode warnings about the official schemas from reaching users;
  // multipleOfPrecision lets 7.3 pass "multipleOf 0.1" despite binary floating point. validateSchema:
  // false skips checking each schema against the draft-07 meta-schema before compiling it (which made
  // every process compile the meta-schema first): the 78 schemas are fixed, and validators.test.ts
  // checks each against the meta-schema (decision D34).
  const ajv = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 9, validateSchema: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  return (key) => {
    let fn = compiled.get(key);
    if (fn !== undefined) return fn;
    if (!Object.hasOwn(SCHEMAS, key)) return undefined; // an action name from the wire, not a schema
    const schema = { ...(SCHEMAS[key] as Record<string, unknown>) };
    delete schema.$id;
    delete schema.$schema;
    compiled.set(key, (fn = ajv.compile(schema)));
    return fn;
  };
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
  const validatorOf = lazyValidators();
  shared = {
    check(action, kind, payload) {
      const fn = validatorOf(`${action}.${kind}`);
      if (!fn) return { code: 'NotImplemented', description: `no schema for ${action}.${kind}` };
      if (fn(payload)) return undefined;
      const err = fn.errors?.[0];
      if (!err) return { code: 'FormationViolation', description: 'invalid payload' };
      return { code: errorCodeForKeyword(err.keyword), description: describe(err) };
    },
  };
  return shared;
}
