/**
 * The status each connector reports (connector 0 is the station itself), and the StatusNotification
 * that tells the central system (OCPP 1.6 §4.9). Whoever decides a status (the connector state machine,
 * availability, faults) writes it here; the board reports changes when the station may send.
 */
import type { StatusNotificationReq } from '../ocpp/index.ts';
import { isoAt, type Clock, type TimerId } from '../shared/clock.ts';
import { TwinError } from '../shared/errors.ts';

export type ChargePointStatus = StatusNotificationReq['status'];
export type ChargePointErrorCode = StatusNotificationReq['errorCode'];

export interface ConnectorStatus {
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  info?: string;
  vendorId?: string;
  vendorErrorCode?: string;
  /** Clock time of the last change. */
  since: number;
}

/** What the board asks of its station. */
export interface StatusHost {
  /** Called with each StatusNotification to report; the station decides whether it may send now. */
  sendStatus(req: StatusNotificationReq): void;
  /**
   * The guide's MinimumStatusDuration: a status is reported only once it has lasted this long, so a
   * status that changes again sooner is never reported (0 = report at once).
   */
  minimumStatusDurationS(): number;
}

/** Whether two statuses would be reported alike (status and error fields; not the time). */
function sameReport(a: Omit<ConnectorStatus, 'since'>, b: Omit<ConnectorStatus, 'since'>): boolean {
  return a.status === b.status && a.errorCode === b.errorCode && a.info === b.info && a.vendorErrorCode === b.vendorErrorCode;
}

export class StatusBoard {
  #clock: Clock;
  #host: StatusHost;
  #byConnector: ConnectorStatus[];
  /** Delayed reports per connector (MinimumStatusDuration); created on first use. */
  #pending: Array<TimerId | undefined> | undefined;
  /** Last status and error fields reported per connector, so a status that came back unseen is not re-sent. */
  #lastReported: Array<ConnectorStatus | undefined>;

  constructor(clock: Clock, connectorCount: number, host: StatusHost) {
    this.#clock = clock;
    this.#host = host;
    this.#byConnector = Array.from({ length: connectorCount + 1 }, () => ({ status: 'Available' as const, errorCode: 'NoError' as const, since: clock.now() }));
    // Sized once: an empty array written at index 0 grows a backing store of 17 slots (152 bytes), per station.
    this.#lastReported = Array.from({ length: connectorCount + 1 }, () => undefined);
  }

  get connectorCount(): number { return this.#byConnector.length - 1; }

  get(connectorId: number): ConnectorStatus {
    const s = this.#byConnector[connectorId];
    if (!s) throw new TwinError('TWIN_ERR_NO_SUCH_CONNECTOR', `connector ${connectorId} does not exist`);
    return s;
  }

  all(): ConnectorStatus[] { return this.#byConnector.map((s) => ({ ...s })); }

  /** Sets a connector's status; reports it when status or error fields changed. */
  set(connectorId: number, next: Omit<ConnectorStatus, 'since'>): void {
    const cur = this.get(connectorId);
    if (sameReport(cur, next)) return;
    this.#byConnector[connectorId] = { ...next, since: this.#clock.now() };
    const wait = this.#host.minimumStatusDurationS();
    const pending = this.#pending;
    if (pending?.[connectorId] !== undefined) { this.#clock.clearTimeout(pending[connectorId]); pending[connectorId] = undefined; }
    if (!(wait > 0)) { this.report(connectorId); return; }
    (this.#pending ??= [])[connectorId] = this.#clock.setTimeout(() => {
      this.#pending![connectorId] = undefined;
      const last = this.#lastReported[connectorId];
      if (!last || !sameReport(last, this.get(connectorId))) this.report(connectorId);
    }, wait * 1000);
  }

  /** Cancels delayed reports (when the station model is disposed). */
  dispose(): void {
    for (const t of this.#pending ?? []) this.#clock.clearTimeout(t);
    this.#pending = undefined;
  }

  /** The StatusNotification.req describing a connector now. */
  notification(connectorId: number): StatusNotificationReq {
    const s = this.get(connectorId);
    return {
      connectorId,
      status: s.status,
      errorCode: s.errorCode,
      timestamp: isoAt(s.since),
      ...(s.info !== undefined ? { info: s.info } : {}),
      ...(s.vendorId !== undefined ? { vendorId: s.vendorId } : {}),
      ...(s.vendorErrorCode !== undefined ? { vendorErrorCode: s.vendorErrorCode } : {}),
    };
  }

  report(connectorId: number): void {
    this.#lastReported[connectorId] = this.get(connectorId);
    this.#host.sendStatus(this.notification(connectorId));
  }

  /** Reports connector 0 and every connector (after boot, after reconnect). */
  reportAll(): void { for (let i = 0; i < this.#byConnector.length; i++) this.report(i); }
}
