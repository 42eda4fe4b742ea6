/** OCPP 1.6 §5.1 CancelReservation: Accepted when the reservation exists (the connector becomes Available), else Rejected. */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const cancelReservation: OperationSet = {
  handlers: {
    CancelReservation: (req, _hctx, st) => ({ status: sessionsOf(st).cancelReservation(req.reservationId) ? 'Accepted' : 'Rejected' }),
  },
};
