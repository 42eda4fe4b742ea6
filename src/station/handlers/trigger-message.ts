/**
 * OCPP 1.6 §5.17 TriggerMessage: each feature registers what its message does when triggered; this
 * handler only routes. A connector id that does not exist → Rejected; a message nobody registered →
 * NotImplemented. The triggered message is sent after the confirmation (§5.17: "after sending the
 * confirmation").
 */
import type { StationFeature } from '../station.ts';

export const triggerMessage: StationFeature = (ctx) => {
  ctx.handle('TriggerMessage', (req, hctx) => {
    if (req.connectorId !== undefined && (req.connectorId < 0 || req.connectorId > ctx.connectorCount)) return { status: 'Rejected' };
    const fn = ctx.trigger(req.requestedMessage);
    if (!fn) return { status: 'NotImplemented' };
    const outcome = fn(req.connectorId);
    if (outcome.status === 'Accepted' && outcome.send) hctx.afterReply(outcome.send);
    return { status: outcome.status };
  });
};
