/**
 * OCPP 1.6 §5.17 TriggerMessage: each feature registers what its message does when triggered; this
 * handler only routes. A connector id that does not exist → Rejected; a message nobody registered →
 * NotImplemented. The triggered message is sent after the confirmation (§5.17: "after sending the
 * confirmation").
 */
import type { OperationSet } from '../station.ts';

export const triggerMessage: OperationSet = {
  handlers: {
    TriggerMessage: (req, hctx, st) => {
      if (req.connectorId !== undefined && (req.connectorId < 0 || req.connectorId > st.connectorCount)) return { status: 'Rejected' };
      const outcome = st.trigger(req.requestedMessage, req.connectorId);
      if (!outcome) return { status: 'NotImplemented' };
      if (outcome.status === 'Accepted' && outcome.send) hctx.afterReply(outcome.send);
      return { status: outcome.status };
    },
  },
};
