/**
 * The JSON view of one station that the control API, the SDK's waitFor and the dashboard share:
 * registration, link, and every connector (index = connector id, 0 = the station) with its status,
 * session, EV, meter and limit, and the transaction queue (length, bound, drops per kind).
 */
import type { FleetStation } from './fleet.ts';
import type { TxQueueControls, TxQueueView } from '../station/tx-delivery.ts';
import { generatorStatusOf } from './session-generators.ts';
import type { FrameLogRecording } from './frame-log-mode.ts';

export interface ConnectorView {
  id: number;
  status: string;
  errorCode: string;
  vendorErrorCode?: string;
  info?: string;
  [key: string]: unknown;
}

export interface StationView {
  id: string;
  model: string;
  registration: string;
  link: string;
  lastError: string | null;
  reboots: number;
  at: number;
  connectors: ConnectorView[];
  /** The outgoing transaction-message queue; null for a station model without one. */
  transactionQueue: TxQueueView | null;
  /** What the station's frame log holds now (frame-log-mode.ts). */
  frameLog: FrameLogRecording;
  [key: string]: unknown;
}

export function stationView(m: FleetStation): StationView {
  const st = m.station;
  const snap = st.snapshot();
  const sessions = (st.context.controls.state?.() ?? {}) as { connectors?: Array<Record<string, unknown>> } & Record<string, unknown>;
  const connectors: ConnectorView[] = snap.connectors.map((c, id) => ({
    ...(sessions.connectors?.[id - 1] ?? {}),
    id, status: c.status, errorCode: c.errorCode,
    ...(c.vendorErrorCode !== undefined ? { vendorErrorCode: c.vendorErrorCode } : {}),
    ...(c.info !== undefined ? { info: c.info } : {}),
  }));
  const { connectors: _c, ...rest } = sessions;
  void _c;
  return {
    ...rest,
    id: m.spec.id,
    model: st.context.identity.model,
    firmwareVersion: st.context.identity.firmwareVersion,
    registration: snap.registration,
    link: m.runtime.link,
    lastError: m.runtime.lastError ?? null,
    reboots: m.runtime.reboots,
    at: st.context.clock.now(),
    lastHeartbeatAt: snap.lastHeartbeatAt ?? null,
    transactionQueue: (st.context.controls as Partial<TxQueueControls>).transactionQueue?.() ?? null,
    sessionGenerator: generatorStatusOf(m) ?? null,
    firmware: st.context.parts.firmware?.view() ?? null,
    diagnostics: st.context.parts.diagnostics?.view() ?? null,
    frameLog: m.frameLogRecording(),
    connectors,
  };
}

/** What a list of thousands of stations shows of each: identity, registration, link, connector statuses. */
export interface StationSummary {
  id: string;
  model: string;
  registration: string;
  link: string;
  connectors: Array<{ id: number; status: string; errorCode: string }>;
}

export function stationSummary(m: FleetStation): StationSummary {
  const st = m.station;
  return {
    id: m.spec.id,
    model: st.context.identity.model,
    registration: st.registration,
    link: m.runtime.link,
    connectors: st.context.status.all().map((c, id) => ({ id, status: c.status, errorCode: c.errorCode })),
  };
}
