/**
 * OCPP 1.6 §5.10 GetLocalListVersion: the version of the list the installer manages on the device
 * (0 when it was never set).
 */
import type { StationFeature } from '../station.ts';
import type { Sessions } from '../sessions/sessions.ts';

export function getLocalListVersion(s: Sessions): StationFeature {
  return (ctx) => {
    ctx.handle('GetLocalListVersion', () => ({ listVersion: s.auth.state.localList.version }));
  };
}
