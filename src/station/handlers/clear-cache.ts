/** OCPP 1.6 §5.4 ClearCache: empties the authorization cache (the local list is untouched). */
import type { StationFeature } from '../station.ts';
import type { Sessions } from '../sessions/sessions.ts';

export function clearCache(s: Sessions): StationFeature {
  return (ctx) => {
    ctx.handle('ClearCache', () => { s.auth.clearCache(); return { status: 'Accepted' }; });
  };
}
