/**
 * OCPP 1.6 §5.14 ReserveNow. Connector 0 → Rejected: the guide does not list ReserveConnectorZeroSupported,
 * so the unit does not reserve "any connector". A reservation with the same id replaces the old one, also
 * on another connector, but only when the new request is Accepted.
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';
import { cancelReservationById, reserveConnector } from '../sessions/reservations.ts';

export const reserveNow: OperationSet = {
  handlers: {
    ReserveNow: (req, _hctx, st) => {
      if (req.connectorId <= 0 || req.connectorId > st.connectorCount) return { status: 'Rejected' };
      const s = sessionsOf(st);
      const c = s.connector(req.connectorId);
      if (c.fsm.faulted || s.state.stationFaults.length && st.status.get(0).status === 'Faulted') return { status: 'Faulted' };
      if (!c.fsm.operative || c.fsm.installPending || !s.state.stationOperative) return { status: 'Unavailable' };
      if (c.tx || c.fsm.plugged || c.fsm.authorized || (c.reservation && c.reservation.reservationId !== req.reservationId)) return { status: 'Occupied' };
      if (Date.parse(req.expiryDate) <= st.clock.now()) return { status: 'Rejected' };
      // Only an accepted request replaces a reservation with the same id on another connector: a refused
      // one leaves every existing reservation as it was.
      const elsewhere = s.state.connectors.find((x) => x.id !== c.id && x.reservation?.reservationId === req.reservationId);
      if (elsewhere) cancelReservationById(s, req.reservationId);
      reserveConnector(s, c, { reservationId: req.reservationId, idTag: req.idTag, expiryDate: req.expiryDate, ...(req.parentIdTag ? { parentIdTag: req.parentIdTag } : {}) });
      return { status: 'Accepted' };
    },
  },
};
