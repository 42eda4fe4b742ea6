/**
 * Reservations of a station's connectors (OCPP 1.6 §5.14 ReserveNow, §5.1 CancelReservation): a reserved
 * connector waits for its tag until the reservation's expiryDate, on the station clock. Functions over the
 * station's Sessions rather than a part of their own: a fleet holds one Sessions per twin and nothing here
 * needs state beyond the connector's reservation and its timer.
 */
import { transition } from './connector-fsm.ts';
import type { ConnectorData } from './session-state.ts';
import type { Sessions } from './sessions.ts';

export type Reservation = NonNullable<ConnectorData['reservation']>;

/** Reserves a connector (or replaces its reservation, same id: ReserveNow on a reserved connector). */
export function reserveConnector(s: Sessions, c: ConnectorData, r: Reservation): void {
  const had = c.reservation !== undefined;
  c.reservation = r;
  armReservation(s, c);
  if (!had) s.dispatch(c.id, { type: 'Reserved' });
  else s.save();
}

/** Arms the expiry of the connector's reservation (none armed when it has none). */
export function armReservation(s: Sessions, c: ConnectorData): void {
  const clock = s.ctx.clock;
  const live = s.live(c.id);
  clock.clearTimeout(live.reservationTimer);
  if (!c.reservation) return;
  live.reservationTimer = clock.setTimeout(() => {
    if (!c.reservation) return;
    endReservation(s, c);
    s.save();
    s.publish(c.id);
    s.startFreeChargingIfDue(c);
  }, Date.parse(c.reservation.expiryDate) - clock.now());
}

/** Ends the connector's reservation (used by its transaction, expired or cancelled); the caller saves. */
export function endReservation(s: Sessions, c: ConnectorData): void {
  s.ctx.clock.clearTimeout(s.live(c.id).reservationTimer);
  c.reservation = undefined;
  if (c.fsm.reserved) c.fsm = transition(c.fsm, { type: 'ReservationEnded' }).state;
}

/** CancelReservation: false when no connector holds that reservation id. */
export function cancelReservationById(s: Sessions, reservationId: number): boolean {
  const c = s.state.connectors.find((x) => x.reservation?.reservationId === reservationId);
  if (!c) return false;
  endReservation(s, c);
  s.save();
  s.publish(c.id);
  s.startFreeChargingIfDue(c);
  return true;
}
