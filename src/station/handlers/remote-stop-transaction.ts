/**
 * OCPP 1.6 §5.12 RemoteStopTransaction: Accepted for a running transaction's id (stopped with reason
 * Remote), else Rejected; also Rejected before the BootNotification is Accepted (§4.2: not allowed while Pending).
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const remoteStopTransaction: OperationSet = {
  handlers: {
    RemoteStopTransaction: (req, hctx, st) => {
      if (st.boot.registration !== 'Accepted') return { status: 'Rejected' };
      const s = sessionsOf(st);
      const c = s.state.connectors.find((x) => x.tx && x.tx.transactionId === req.transactionId);
      if (!c) return { status: 'Rejected' };
      hctx.afterReply(() => { void s.stop(c.id, 'Remote'); });
      return { status: 'Accepted' };
    },
  },
};
