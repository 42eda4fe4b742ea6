/**
 * Errors of the RPC layer. A handler throws `RpcError` to answer with a CALLERROR of that code; a caller
 * receives `RpcError` when the peer answered with a CALLERROR. Local failures (timeout, closed
 * connection, invalid outgoing payload) are TwinErrors with stable codes.
 */
import type { RpcErrorCode } from '../ocpp/index.ts';
import { TwinError } from '../shared/errors.ts';

export class RpcError extends TwinError {
  readonly rpcCode: RpcErrorCode;
  readonly rpcDetails: Record<string, unknown>;

  constructor(rpcCode: RpcErrorCode, description = '', details: Record<string, unknown> = {}) {
    super('TWIN_ERR_RPC_CALLERROR', description || rpcCode, { details: { rpcCode, ...details } });
    this.name = 'RpcError';
    this.rpcCode = rpcCode;
    this.rpcDetails = details;
  }
}

export const RPC_TIMEOUT = 'TWIN_ERR_RPC_TIMEOUT';
export const RPC_CLOSED = 'TWIN_ERR_RPC_CLOSED';
/** A queued call replaced by a newer one with the same `coalesce` key before it was sent. */
export const RPC_SUPERSEDED = 'TWIN_ERR_RPC_SUPERSEDED';
export const RPC_INVALID_OUTGOING = 'TWIN_ERR_RPC_INVALID_OUTGOING';
export const RPC_INVALID_RESPONSE = 'TWIN_ERR_RPC_INVALID_RESPONSE';
export const RPC_WRONG_DIRECTION = 'TWIN_ERR_RPC_WRONG_DIRECTION';
