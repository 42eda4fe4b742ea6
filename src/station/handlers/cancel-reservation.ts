/** OCPP 1.6 §5.1 CancelReservation: Accepted when the reservation exists (the connector becomes Available), else Rejected. */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';
import { cancelReservationById } from '../sessions/reservations.ts';

export const cancelReservation: OperationSet = {
  handlers: {
    CancelReservation: (req, _hctx, st) => ({ status: cancelReservationById(sessionsOf(st), req.reservationId) ? 'Accepted' : 'Rejected' }),
  },
};
