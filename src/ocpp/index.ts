export type * from './generated/types.ts';
export type { OcppActionMap, ActionName, ActionDirection, FeatureProfile } from './generated/catalog.ts';
export { ACTIONS } from './generated/catalog.ts';
export { RPC_ERROR_CODES, normalizeErrorCode, errorCodeForKeyword, SCHEMA_KEYWORD_ERROR } from './error-codes.ts';
export type { RpcErrorCode } from './error-codes.ts';
export { ocppValidator } from './validators.ts';
export { redactSecrets, REDACTED, SECRET_CONFIGURATION_KEYS } from './secret-redaction.ts';
export type { Role, Req, Conf, OutgoingAction, IncomingAction, HandlerContext, Handler } from './action-types.ts';
export type { OcppValidator, ValidationFailure, PayloadKind } from './validators.ts';

import { ACTIONS, type ActionName } from './generated/catalog.ts';
/** True when `name` is an OCPP 1.6 action this vocabulary knows. */
export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}
