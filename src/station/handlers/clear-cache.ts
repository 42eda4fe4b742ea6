/** OCPP 1.6 §5.4 ClearCache: empties the authorization cache (the local list is untouched). */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const clearCache: OperationSet = {
  handlers: { ClearCache: (_req, _hctx, st) => { sessionsOf(st).auth.clearCache(); return { status: 'Accepted' }; } },
};
