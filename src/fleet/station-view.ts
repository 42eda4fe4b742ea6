/**
 * The JSON view of one station that the control API, the SDK's waitFor and the dashboard share:
 * registration, link, and every connector (index = connector id, 0 = the station) with its status,
 * session, EV, meter and limit.
 */
import type { FleetStation } from './fleet.ts';

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
    connectors,
  };
}
