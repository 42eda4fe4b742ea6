/**
 * The pure core cannot import the RPC layer, so a handler that must answer with a CALLERROR throws a
 * TwinError whose details carry the OCPP-J error code (`rpcCode`); this shell wrapper turns it into the
 * RpcError the connection sends as a CALLERROR (OCPP-J §4.2.3). Other errors pass through unchanged
 * (the connection answers InternalError).
 */
import { RpcError } from '../rpc/index.ts';
import { RPC_ERROR_CODES, type RpcErrorCode } from '../ocpp/index.ts';
import { isTwinError } from '../shared/errors.ts';
import type { StationFeature } from '../station/station.ts';
import { narrowContext } from '../station/profile/narrow-context.ts';

function translate(e: unknown): never {
  const code = isTwinError(e) ? e.details?.rpcCode : undefined;
  if (typeof code === 'string' && (RPC_ERROR_CODES as readonly string[]).includes(code)) throw new RpcError(code as RpcErrorCode, e instanceof Error ? e.message : '');
  throw e;
}

export function withCallErrors(feature: StationFeature): StationFeature {
  return (ctx) => feature(narrowContext(ctx, {
    handle: (action, fn) => ctx.handle(action, (req, h) => {
      try {
        const out = fn(req, h);
        return out instanceof Promise ? out.catch(translate) : out;
      } catch (e) {
        return translate(e);
      }
    }),
  }));
}
