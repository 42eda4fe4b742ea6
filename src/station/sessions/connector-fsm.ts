/**
 * The connector state machine of OCPP 1.6 §4.9 as a pure transition table: `transition(state, event)`
 * returns the next state and the effects to perform (data, not actions). The reported status is derived
 * from the state's facts in a fixed precedence (Faulted, Unavailable, transaction statuses, Finishing,
 * Preparing, Reserved, Available), so every row only has to say which facts change. Events that make no
 * sense in a state (unplugging an unplugged cable) are returned as `illegal`, never silently dropped.
 */
import type { StatusNotificationReq, StopTransactionReq } from '../../ocpp/index.ts';

export type ChargePointStatus = StatusNotificationReq['status'];
export type StopReason = NonNullable<StopTransactionReq['reason']>;

export interface ConnectorState {
  plugged: boolean;
  /** The EV asks for energy (IEC 61851 state C). */
  evRequesting: boolean;
  /** An idTag was authorized for the next transaction on this connector. */
  authorized: boolean;
  transaction: boolean;
  /** The EVSE withholds energy (offered current below 6 A). */
  evseSuspended: boolean;
  operative: boolean;
  /** Inoperative was requested while a transaction ran (ChangeAvailability → Scheduled). */
  inoperativeScheduled: boolean;
  /**
   * A downloaded firmware image waits to be installed: the connector is out of service (Unavailable)
   * once no transaction runs on it, and nothing may start, until the install reboots the station. Not
   * kept across a reboot (the reboot is what ends it).
   */
  installPending: boolean;
  reserved: boolean;
  faulted: boolean;
  /** The transaction ended but the cable is still in. */
  finishing: boolean;
}

export type ConnectorEvent =
  /** `evRequesting`: the EV at the other end asks for energy from the moment it is plugged in. */
  | { type: 'CablePlugged'; evRequesting?: boolean }
  | { type: 'CableUnplugged' }
  | { type: 'EvRequestsEnergy' }
  | { type: 'EvStopsRequesting' }
  | { type: 'Authorized' }
  | { type: 'AuthorizationExpired' }
  | { type: 'TransactionStarted' }
  | { type: 'TransactionStopped' }
  | { type: 'EvseSuspend' }
  | { type: 'EvseResume' }
  /** A vendor fault; `stopReason` (from the guide's error entry) ends a running transaction. */
  | { type: 'FaultRaised'; stopReason?: StopReason | undefined }
  | { type: 'FaultCleared' }
  | { type: 'MadeInoperative' }
  | { type: 'MadeOperative' }
  | { type: 'InstallPending' }
  | { type: 'InstallCancelled' }
  | { type: 'Reserved' }
  | { type: 'ReservationEnded' };

export type ConnectorEffect =
  | { type: 'StartTransaction' }
  | { type: 'StopTransaction'; reason: StopReason }
  | { type: 'AvailabilityScheduled' };

export interface TransitionResult {
  state: ConnectorState;
  status: ChargePointStatus;
  effects: ConnectorEffect[];
  /** Set when the event is not possible in this state; the state is then unchanged. */
  illegal?: string;
}

export const IDLE: ConnectorState = Object.freeze({
  plugged: false, evRequesting: false, authorized: false, transaction: false, evseSuspended: false,
  operative: true, inoperativeScheduled: false, installPending: false, reserved: false, faulted: false, finishing: false,
});

/** The status a connector reports for a state (precedence of OCPP 1.6 §4.9 and §7.7). */
export function statusOf(s: ConnectorState): ChargePointStatus {
  if (s.faulted) return 'Faulted';
  if ((!s.operative || s.installPending) && !s.transaction) return 'Unavailable';
  if (s.transaction) {
    if (s.evseSuspended) return 'SuspendedEVSE';
    return s.evRequesting ? 'Charging' : 'SuspendedEV';
  }
  if (s.finishing) return 'Finishing';
  if (s.plugged || s.authorized) return 'Preparing';
  if (s.reserved) return 'Reserved';
  return 'Available';
}

type Row = (s: ConnectorState, e: ConnectorEvent) => { next: Partial<ConnectorState>; effects?: ConnectorEffect[] } | string;

/** One row per event: the facts it changes and the effects it causes, or why it is illegal. */
export const TABLE: Record<ConnectorEvent['type'], Row> = {
  CablePlugged: (s, e) => {
    if (s.plugged) return 'cable already plugged';
    const start = s.authorized && !s.transaction && !s.faulted && s.operative && !s.installPending;
    const evRequesting = e.type === 'CablePlugged' && e.evRequesting === true;
    return { next: { plugged: true, finishing: false, evRequesting }, effects: start ? [{ type: 'StartTransaction' }] : [] };
  },
  CableUnplugged: (s) => {
    if (!s.plugged) return 'no cable plugged';
    return {
      next: { plugged: false, evRequesting: false, finishing: false, authorized: s.transaction ? false : s.authorized },
      effects: s.transaction ? [{ type: 'StopTransaction', reason: 'EVDisconnected' }] : [],
    };
  },
  EvRequestsEnergy: (s) => (!s.plugged ? 'no EV plugged' : s.evRequesting ? 'EV already requesting' : { next: { evRequesting: true } }),
  EvStopsRequesting: (s) => (!s.evRequesting ? 'EV is not requesting' : { next: { evRequesting: false } }),
  Authorized: (s) => {
    if (s.transaction) return 'a transaction is already running';
    if (!s.operative || s.installPending) return 'connector is unavailable';
    if (s.faulted) return 'connector is faulted';
    return { next: { authorized: true, finishing: false }, effects: s.plugged ? [{ type: 'StartTransaction' }] : [] };
  },
  AuthorizationExpired: (s) => (!s.authorized || s.transaction ? 'no pending authorization' : { next: { authorized: false } }),
  TransactionStarted: (s) => (s.transaction ? 'a transaction is already running' : { next: { transaction: true, authorized: false, reserved: false, finishing: false } }),
  TransactionStopped: (s) => {
    if (!s.transaction) return 'no transaction running';
    const becomesInoperative = s.inoperativeScheduled;
    return { next: { transaction: false, evseSuspended: false, finishing: s.plugged, ...(becomesInoperative ? { operative: false, inoperativeScheduled: false } : {}) } };
  },
  EvseSuspend: (s) => (s.evseSuspended ? 'already suspended by the EVSE' : { next: { evseSuspended: true } }),
  EvseResume: (s) => (!s.evseSuspended ? 'not suspended by the EVSE' : { next: { evseSuspended: false } }),
  FaultRaised: (s, e) => {
    if (s.faulted) return 'already faulted';
    const stopReason = e.type === 'FaultRaised' ? e.stopReason : undefined;
    return { next: { faulted: true, authorized: false }, effects: s.transaction && stopReason ? [{ type: 'StopTransaction', reason: stopReason }] : [] };
  },
  FaultCleared: (s) => (!s.faulted ? 'not faulted' : { next: { faulted: false } }),
  MadeInoperative: (s) => {
    if (!s.operative) return { next: {} };
    if (s.transaction) return { next: { inoperativeScheduled: true }, effects: [{ type: 'AvailabilityScheduled' }] };
    return { next: { operative: false, authorized: false, reserved: false } };
  },
  MadeOperative: () => ({ next: { operative: true, inoperativeScheduled: false } }),
  // Like a Scheduled Inoperative (1.6 §5.2) for the whole station, without touching the CSMS's availability.
  InstallPending: (s) => (s.installPending ? 'installation already pending' : { next: { installPending: true, authorized: false } }),
  InstallCancelled: (s) => (!s.installPending ? 'no installation pending' : { next: { installPending: false } }),
  Reserved: (s) => (s.reserved ? 'already reserved' : { next: { reserved: true } }),
  ReservationEnded: (s) => (!s.reserved ? 'not reserved' : { next: { reserved: false } }),
};

export function transition(state: ConnectorState, event: ConnectorEvent): TransitionResult {
  const row = TABLE[event.type](state, event);
  if (typeof row === 'string') return { state, status: statusOf(state), effects: [], illegal: `${event.type}: ${row}` };
  const next = { ...state, ...row.next };
  return { state: next, status: statusOf(next), effects: row.effects ?? [] };
}

/** Connector 0 (the station as a whole): Available, Unavailable or Faulted (OCPP 1.6 §4.9). */
export function stationStatusOf(operative: boolean, faulted: boolean): ChargePointStatus {
  if (faulted) return 'Faulted';
  return operative ? 'Available' : 'Unavailable';
}
