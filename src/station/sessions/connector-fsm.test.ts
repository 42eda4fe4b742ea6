import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE, TABLE, transition, statusOf, stationStatusOf, type ConnectorEvent, type ConnectorState } from './connector-fsm.ts';

const S = (over: Partial<ConnectorState> = {}): ConnectorState => ({ ...IDLE, ...over });
const charging = S({ plugged: true, evRequesting: true, transaction: true });

/** [name, state, event, expected status after | 'illegal', expected effects] — at least one legal and one illegal case per row. */
const rows: Array<[string, ConnectorState, ConnectorEvent['type'] | ConnectorEvent, string, string[]]> = [
  ['plug on Available → Preparing', S(), 'CablePlugged', 'Preparing', []],
  ['plug when authorized → start transaction', S({ authorized: true }), 'CablePlugged', 'Preparing', ['StartTransaction']],
  ['plug an EV that requests energy when authorized → start; the transaction begins Charging', S({ authorized: true }), { type: 'CablePlugged', evRequesting: true }, 'Preparing', ['StartTransaction']],
  ['plug twice is illegal', S({ plugged: true }), 'CablePlugged', 'illegal', []],
  ['unplug while charging → stop EVDisconnected (status settles when the stop is done)', charging, 'CableUnplugged', 'SuspendedEV', ['StopTransaction:EVDisconnected']],
  ['unplug in Finishing → Available', S({ plugged: true, finishing: true }), 'CableUnplugged', 'Available', []],
  ['unplug without cable is illegal', S(), 'CableUnplugged', 'illegal', []],
  ['EV requests energy in a transaction → Charging', S({ plugged: true, transaction: true }), 'EvRequestsEnergy', 'Charging', []],
  ['EV requests with no cable is illegal', S(), 'EvRequestsEnergy', 'illegal', []],
  ['EV stops requesting → SuspendedEV', charging, 'EvStopsRequesting', 'SuspendedEV', []],
  ['EV stops when not requesting is illegal', S({ plugged: true }), 'EvStopsRequesting', 'illegal', []],
  ['authorized before plug → Preparing', S(), 'Authorized', 'Preparing', []],
  ['authorized when plugged → start transaction', S({ plugged: true }), 'Authorized', 'Preparing', ['StartTransaction']],
  ['authorized during a transaction is illegal', charging, 'Authorized', 'illegal', []],
  ['authorized on an unavailable connector is illegal', S({ operative: false }), 'Authorized', 'illegal', []],
  ['authorized on a faulted connector is illegal', S({ faulted: true }), 'Authorized', 'illegal', []],
  ['authorization expires (ConnectionTimeOut) → Available', S({ authorized: true }), 'AuthorizationExpired', 'Available', []],
  ['authorization expiry without authorization is illegal', S(), 'AuthorizationExpired', 'illegal', []],
  ['transaction started with EV requesting → Charging', S({ plugged: true, evRequesting: true, authorized: true }), 'TransactionStarted', 'Charging', []],
  ['transaction started with EV idle → SuspendedEV', S({ plugged: true, authorized: true }), 'TransactionStarted', 'SuspendedEV', []],
  ['second transaction is illegal', charging, 'TransactionStarted', 'illegal', []],
  ['transaction stopped while plugged → Finishing', charging, 'TransactionStopped', 'Finishing', []],
  ['transaction stopped with scheduled inoperative → Unavailable', S({ ...charging, inoperativeScheduled: true }), 'TransactionStopped', 'Unavailable', []],
  ['stop without transaction is illegal', S(), 'TransactionStopped', 'illegal', []],
  ['EVSE suspends (limit < 6 A) → SuspendedEVSE', charging, 'EvseSuspend', 'SuspendedEVSE', []],
  ['EVSE suspends twice is illegal', S({ ...charging, evseSuspended: true }), 'EvseSuspend', 'illegal', []],
  ['EVSE resumes → Charging', S({ ...charging, evseSuspended: true }), 'EvseResume', 'Charging', []],
  ['EVSE resumes when not suspended is illegal', charging, 'EvseResume', 'illegal', []],
  ['fault raised → Faulted', charging, 'FaultRaised', 'Faulted', []],
  ['tripping fault during a transaction → Faulted and stop with its reason', charging, { type: 'FaultRaised', stopReason: 'EmergencyStop' }, 'Faulted', ['StopTransaction:EmergencyStop']],
  ['tripping fault without a transaction → Faulted, nothing to stop', S({ plugged: true }), { type: 'FaultRaised', stopReason: 'Other' }, 'Faulted', []],
  ['fault raised twice is illegal', S({ faulted: true }), 'FaultRaised', 'illegal', []],
  ['fault cleared during a transaction → Charging again', S({ ...charging, faulted: true }), 'FaultCleared', 'Charging', []],
  ['fault cleared after the fault ended the transaction, cable still in → Finishing', S({ plugged: true, finishing: true, faulted: true }), 'FaultCleared', 'Finishing', []],
  ['fault cleared when not faulted is illegal', S(), 'FaultCleared', 'illegal', []],
  ['made inoperative when idle → Unavailable', S(), 'MadeInoperative', 'Unavailable', []],
  ['made inoperative during a transaction → Scheduled', charging, 'MadeInoperative', 'Charging', ['AvailabilityScheduled']],
  ['made operative → Available', S({ operative: false }), 'MadeOperative', 'Available', []],
  ['firmware install pending on a free connector → Unavailable, its pending authorization dropped', S({ authorized: true }), 'InstallPending', 'Unavailable', []],
  ['firmware install pending while charging → charges on (Unavailable once the transaction ends)', charging, 'InstallPending', 'Charging', []],
  ['firmware install pending twice is illegal', S({ installPending: true }), 'InstallPending', 'illegal', []],
  ['transaction stopped while a firmware install is pending → Unavailable, not Finishing', S({ ...charging, installPending: true }), 'TransactionStopped', 'Unavailable', []],
  ['authorized while a firmware install is pending is illegal', S({ installPending: true }), 'Authorized', 'illegal', []],
  ['plug when authorized but an install is pending → no transaction', S({ authorized: true, installPending: true }), 'CablePlugged', 'Unavailable', []],
  ['install cancelled (InstallationFailed, replaced) → Available again', S({ installPending: true }), 'InstallCancelled', 'Available', []],
  ['install cancelled with none pending is illegal', S(), 'InstallCancelled', 'illegal', []],
  ['reserved → Reserved', S(), 'Reserved', 'Reserved', []],
  ['reserved twice is illegal', S({ reserved: true }), 'Reserved', 'illegal', []],
  ['reservation ended → Available', S({ reserved: true }), 'ReservationEnded', 'Available', []],
  ['reservation end without reservation is illegal', S(), 'ReservationEnded', 'illegal', []],
];

for (const [name, state, ev, expected, effects] of rows) {
  test(`OCPP 1.6 §4.9 connector state machine: ${name}`, () => {
    const r = transition(state, typeof ev === 'string' ? { type: ev } as ConnectorEvent : ev);
    if (expected === 'illegal') {
      assert.ok(r.illegal, 'reported as illegal');
      assert.deepEqual(r.state, state, 'state unchanged');
    } else {
      assert.equal(r.illegal, undefined, r.illegal);
      assert.equal(r.status, expected);
    }
    assert.deepEqual(r.effects.map((e) => (e.type === 'StopTransaction' ? `${e.type}:${e.reason}` : e.type)), effects);
  });
}

test('every event of the table has at least one row above', () => {
  const covered = new Set(rows.map((r) => (typeof r[2] === 'string' ? r[2] : r[2].type)));
  assert.deepEqual(Object.keys(TABLE).filter((k) => !covered.has(k as ConnectorEvent['type'])), []);
});

test('OCPP 1.6 §4.9 status precedence: Faulted over Unavailable over transaction over Finishing/Preparing over Reserved', () => {
  assert.equal(statusOf(S({ faulted: true, operative: false, transaction: true })), 'Faulted');
  assert.equal(statusOf(S({ operative: false, reserved: true })), 'Unavailable');
  assert.equal(statusOf(S({ operative: false, transaction: true, plugged: true, evRequesting: true })), 'Charging');
  assert.equal(statusOf(S({ plugged: true, reserved: true })), 'Preparing');
  assert.equal(stationStatusOf(true, false), 'Available');
  assert.equal(stationStatusOf(false, false), 'Unavailable');
  assert.equal(stationStatusOf(true, true), 'Faulted');
});
