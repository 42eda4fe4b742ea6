/**
 * OCPP 1.6 §5.18 UnlockConnector: NotSupported on a tethered-cable model (nothing to unlock) or for a
 * connector that does not exist; UnlockFailed while the lock fault 11.0 of the guide is active;
 * otherwise a running transaction is stopped with reason UnlockCommand and the cable is released.
 */
import type { StationFeature } from '../station.ts';
import type { Sessions } from '../sessions/sessions.ts';

export const LOCK_FAULT = '11.0';

export function unlockConnector(s: Sessions): StationFeature {
  return (ctx) => {
    ctx.handle('UnlockConnector', async (req) => {
      if (s.o.product.tethered || req.connectorId <= 0 || req.connectorId > ctx.connectorCount) return { status: 'NotSupported' };
      const c = s.connector(req.connectorId);
      if (c.faults.includes(LOCK_FAULT)) return { status: 'UnlockFailed' };
      if (c.tx) await s.stop(c.id, 'UnlockCommand');
      return { status: 'Unlocked' };
    });
  };
}
