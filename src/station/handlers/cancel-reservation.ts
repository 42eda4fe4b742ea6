/** OCPP 1.6 §5.1 CancelReservation: Accepted when the reservation exists (the connector becomes Available), else Rejected. */
import type { StationFeature } from '../station.ts';
import type { Sessions } from '../sessions/sessions.ts';

export function cancelReservation(s: Sessions): StationFeature {
  return (ctx) => {
    ctx.handle('CancelReservation', (req) => ({ status: s.cancelReservation(req.reservationId) ? 'Accepted' : 'Rejected' }));
  };
}
