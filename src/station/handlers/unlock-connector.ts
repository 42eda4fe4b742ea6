/**
 * OCPP 1.6 §5.18 UnlockConnector: NotSupported on a tethered-cable model (nothing to unlock) or for a
 * connector that does not exist; UnlockFailed while the lock fault 11.0 of the guide is active;
 * otherwise a running transaction is stopped with reason UnlockCommand and the cable is released.
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const LOCK_FAULT = '11.0';

export const unlockConnector: OperationSet = {
  handlers: {
    UnlockConnector: async (req, _hctx, st) => {
      const s = sessionsOf(st);
      if (s.o.product.tethered || req.connectorId <= 0 || req.connectorId > st.connectorCount) return { status: 'NotSupported' };
      const c = s.connector(req.connectorId);
      if (c.faults.includes(LOCK_FAULT)) return { status: 'UnlockFailed' };
      if (c.tx) await s.stop(c.id, 'UnlockCommand');
      return { status: 'Unlocked' };
    },
  },
};
