/**
 * OCPP 1.6 §5.17 TriggerMessage: each feature registers what its message does when triggered; this
 * handler only routes. For the messages a connector id means something to (StatusNotification,
 * MeterValues) a connector that does not exist → Rejected; for the others the id is ignored, as §5.17
 * asks ("if the specified connectorId is not relevant to the message, it should be ignored … the requested
 * message should still be sent"). A message nobody registered → NotImplemented. The triggered message is
 * sent after the confirmation (§5.17: "after sending the confirmation").
 */
import type { OperationSet } from '../station.ts';

/** The requested messages a connector id is relevant to (1.6 §5.17). */
const PER_CONNECTOR: ReadonlySet<string> = new Set(['StatusNotification', 'MeterValues']);

export const triggerMessage: OperationSet = {
  handlers: {
    TriggerMessage: (req, hctx, st) => {
      const connectorId = PER_CONNECTOR.has(req.requestedMessage) ? req.connectorId : undefined;
      if (connectorId !== undefined && (connectorId < 0 || connectorId > st.connectorCount)) return { status: 'Rejected' };
      const outcome = st.trigger(req.requestedMessage, connectorId);
      if (!outcome) return { status: 'NotImplemented' };
      if (outcome.status === 'Accepted' && outcome.send) hctx.afterReply(outcome.send);
      return { status: outcome.status };
    },
  },
};
