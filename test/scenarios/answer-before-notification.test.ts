/**
 * A central-system operation is answered before the messages it causes. OCPP 1.6 §5.2 ChangeAvailability:
 * the station "SHALL respond with a ChangeAvailability.conf" and, once the change has happened, "inform
 * Central System of its new availability status with a StatusNotification.req"; §5.13 ReserveNow and §5.3
 * CancelReservation likewise change the connector's status after the request is taken; §5.17 says it
 * outright for TriggerMessage. A unit handles the request, sends its answer, and its connector logic then
 * reports the new status. The twin used to put the StatusNotification on the wire before the answer,
 * because the handler's state change reached the idle outgoing queue while the answer was still being
 * written. Checked on the wire of the embedded central system (frames in the order it read them).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms, startStation, type Csms, type StationHandle } from '../../src/index.ts';
import { waitFor } from '../support/wait-for.ts';

let csms: Csms;
let station: StationHandle;
const ID = 'EVB-ORDER';

before(async () => {
  csms = await startCsms({});
  station = await startStation({ csmsUrl: csms.url, id: ID });
  await station.waitFor((v) => v.registration === 'Accepted' && v.connectors[1]!.status === 'Available');
  await waitFor(() => csms.station(ID)?.statuses.get(1)?.status === 'Available');
});
after(async () => { await station.stop(); await csms.close(); });

/** The frames the central system read from the station, in order, parsed. */
const fromStation = (): unknown[][] => csms.frames.filter((r) => r.stationId === ID && r.direction === 'in').map((r) => JSON.parse(r.text) as unknown[]);
/** The message id of the central system's last CALL of `action`. */
const lastCallId = (action: string): string => JSON.parse(csms.frames.filter((r) => r.stationId === ID && r.direction === 'out' && r.text.includes(`"${action}"`)).at(-1)!.text)[1] as string;

/**
 * Sends `action`, waits for the StatusNotification of `connectorId` with `status` that follows, and checks
 * that the answer came first on the wire.
 */
async function answeredFirst(action: 'ChangeAvailability' | 'ReserveNow' | 'CancelReservation', payload: Record<string, unknown>, connectorId: number, status: string): Promise<void> {
  const seen = fromStation().length;
  const conf = await csms.call(ID, action, payload as never) as { status: string };
  assert.equal(conf.status, 'Accepted', `${action} accepted`);
  const id = lastCallId(action);
  const isNotification = (f: unknown[]): boolean => f[0] === 2 && f[2] === 'StatusNotification' && (f[3] as { connectorId: number; status: string }).connectorId === connectorId && (f[3] as { status: string }).status === status;
  await waitFor(() => fromStation().slice(seen).some(isNotification), 5000, `StatusNotification ${connectorId} ${status} after ${action}`);
  const after = fromStation().slice(seen);
  const answerAt = after.findIndex((f) => f[0] === 3 && f[1] === id);
  const notificationAt = after.findIndex(isNotification);
  assert.ok(answerAt >= 0, `${action}.conf on the wire`);
  assert.ok(answerAt < notificationAt, `${action}.conf before StatusNotification ${connectorId} ${status}; the station sent: ${after.map((f) => (f[0] === 2 ? `${String(f[2])} ${JSON.stringify(f[3]).slice(0, 60)}` : `answer ${String(f[1])}`)).join(' | ')}`);
}

test('OCPP 1.6 §5.2 ChangeAvailability: the .conf reaches the central system before the StatusNotification Unavailable / Available it causes', async () => {
  await answeredFirst('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, 0, 'Unavailable');
  await answeredFirst('ChangeAvailability', { connectorId: 0, type: 'Operative' }, 0, 'Available');
  await answeredFirst('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, 1, 'Unavailable');
  await answeredFirst('ChangeAvailability', { connectorId: 1, type: 'Operative' }, 1, 'Available');
});

test('OCPP 1.6 §5.13 ReserveNow and §5.3 CancelReservation: each .conf reaches the central system before the StatusNotification Reserved / Available', async () => {
  await answeredFirst('ReserveNow', { connectorId: 1, expiryDate: new Date(Date.now() + 3_600_000).toISOString(), idTag: 'TAG-ORDER', reservationId: 71 }, 1, 'Reserved');
  await answeredFirst('CancelReservation', { reservationId: 71 }, 1, 'Available');
});
