/** OCPP 1.6 §5.12 RemoteStopTransaction: Accepted for a running transaction's id (stopped with reason Remote), else Rejected. */
import type { StationFeature } from '../station.ts';
import type { Sessions } from '../sessions/sessions.ts';

export function remoteStopTransaction(s: Sessions): StationFeature {
  return (ctx) => {
    ctx.handle('RemoteStopTransaction', (req, hctx) => {
      const c = s.state.connectors.find((x) => x.tx && x.tx.transactionId === req.transactionId);
      if (!c) return { status: 'Rejected' };
      hctx.afterReply(() => { void s.stop(c.id, 'Remote'); });
      return { status: 'Accepted' };
    });
  };
}
