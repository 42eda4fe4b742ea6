/**
 * OCPP 1.6 §5.17 TriggerMessage: each feature registers what its message does when triggered; this
 * handler only routes. A connector id that does not exist → Rejected; a message nobody registered →
 * NotImplemented. The triggered message is sent after the confirmation (§5.17: "after sending the
 * confirmation").
 */
import type { OperationSet } from '../station.ts';
import { wireClock } from '../../shared/clock.ts';

export const triggerMessage: OperationSet = {
  handlers: {
    TriggerMessage: (req, hctx, st) => {
      if (req.connectorId !== undefined && (req.connectorId < 0 || req.connectorId > st.connectorCount)) return { status: 'Rejected' };
      const outcome = st.trigger(req.requestedMessage, req.connectorId);
      if (!outcome) return { status: 'NotImplemented' };
      // One turn of the event loop later, on the wire clock (a paused station clock still talks): a
      // TriggerMessage that arrives in the same chunk as the BootNotification.conf is handled before that
      // confirmation's continuation has marked the station registered, and a send at once was refused as
      // "before registration" (the triggered message was lost).
      if (outcome.status === 'Accepted' && outcome.send) { const send = outcome.send; hctx.afterReply(() => { wireClock(st.clock).setTimeout(send, 0); }); }
      return { status: outcome.status };
    },
  },
};
