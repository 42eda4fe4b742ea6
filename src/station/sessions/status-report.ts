/**
 * What a connector (or connector 0, the station) reports in StatusNotification: its status and the vendor
 * error in force, if any (OCPP 1.6 §4.9, the guide's "Vendor Error Codes"). Pure: the sessions write the
 * result to the status board.
 */
import type { ChargePointErrorCode, ChargePointStatus, ConnectorStatus } from '../status-board.ts';
import type { VendorErrorDef } from '../profile/device-profile.ts';
import { statusOf, type ConnectorState } from './connector-fsm.ts';

/** The statuses 1.6 §4.9 allows EVCommunicationError with ("SHALL only be used with … and be treated as warning"). */
const EV_COMMUNICATION_STATUSES: ReadonlySet<string> = new Set(['Preparing', 'SuspendedEV', 'SuspendedEVSE', 'Finishing']);

/**
 * A connector's status: Faulted while a station-wide fault is in force, Unavailable while the station is
 * Inoperative and no transaction runs (connector 0's availability applies to every connector, 1.6 §5.2),
 * else its own state's.
 */
export function connectorStatus(fsm: ConnectorState, stationOperative: boolean, stationFaulted: boolean): ChargePointStatus {
  if (stationFaulted) return 'Faulted';
  if (!stationOperative && !fsm.transaction && !fsm.faulted) return 'Unavailable';
  return statusOf(fsm);
}

/**
 * The report for `status` with the vendor error `def` in force (undefined: NoError). A warning-only
 * EVCommunicationError in a status §4.9 does not allow it with goes out as OtherError; the vendor code
 * still says which.
 */
export function statusReport(status: ChargePointStatus, def: VendorErrorDef | undefined, vendorId: string): Omit<ConnectorStatus, 'since'> {
  if (!def) return { status, errorCode: 'NoError' };
  const errorCode = def.errorCode === 'EVCommunicationError' && !EV_COMMUNICATION_STATUSES.has(status) ? 'OtherError' : def.errorCode;
  return { status, errorCode: errorCode as ChargePointErrorCode, info: def.description.slice(0, 50), vendorId, vendorErrorCode: def.code };
}
