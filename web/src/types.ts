/** The shapes the dashboard reads from the control API (see docs/control-api.md and /openapi.json). */
import type { SessionGeneratorStatus } from './session-generator-text.ts';
import type { FrameLogRecording } from './frame-log-notice.ts';
export interface Ev { maxCurrentA: number; phases: number; capacityKWh: number; socPercent: number }
export interface Connector {
  id: number; status: string; errorCode: string; vendorErrorCode?: string; info?: string;
  plugged?: boolean; evRequesting?: boolean; ev?: Ev; currentA?: number; offeredA?: number; powerW?: number; energyWh?: number;
  limitA?: number | null; faults?: string[]; pendingAuthorization?: string | null;
  transaction?: { transactionId: number | null; idTag: string; meterStart?: number; startedAt?: number } | null;
  reservation?: { reservationId?: number; idTag?: string } | null;
}
export interface Station {
  id: string; model: string; firmwareVersion?: string; registration: string; link: string; lastError: string | null;
  reboots: number; at: number; lastHeartbeatAt?: number | null; stationOperative?: boolean; stationFaults?: string[];
  ledIntensity?: number; localListVersion?: number; connectors: Connector[];
  sessionGenerator?: SessionGeneratorStatus | null;
  frameLog?: FrameLogRecording;
  firmware?: FirmwareState | null;
  diagnostics?: DiagnosticsState | null;
}
/** Firmware update as the station view shows it (src/station/firmware/firmware-update.ts). */
export interface FirmwareState {
  status: string; lastStatus: string | null; location: string | null; retrieveDate: string | null; pendingVersion: string | null;
  attempt: number; attempts: number; receivedBytes: number; totalBytes: number | null;
}
export interface DiagnosticsState {
  status: string;
  lastUpload: { fileName: string; location: string; at: number; bytes: number | null; outcome: string; attempt: number; attempts: number } | null;
}
/** A configuration key (GET /api/stations/{id}/configuration). */
export interface ConfigRow {
  key: string; type: string; access: 'RO' | 'RW'; rebootRequired: boolean; writeOnly: boolean; value?: string; pending?: string;
  unit?: string; min?: number; max?: number; maxLength?: number; members?: string[]; labels?: Record<string, string>; description: string;
}
/** A station as GET /api/fleet lists it. */
export interface StationSummary { id: string; model: string; registration: string; link: string; connectors: Array<{ id: number; status: string; errorCode: string }> }
export interface FleetPage { total: number; offset: number; stations: StationSummary[] }
export interface Frame { seq: number; at: number; direction: 'in' | 'out'; text: string; type: number; action: string; injected?: string }
export interface ClockState { now: number; scale: number; paused: boolean }
export interface LocalListEntry { idTag: string; status: string; parentIdTag?: string; expiryDate?: string }
export interface LocalList { version: number; entries: LocalListEntry[] }
/** The station's own record of a transaction (GET /api/stations/{id}/transactions). */
export interface StationTransaction {
  connectorId: number; transactionId: number | null; idTag: string; idTagStatus: string | null; reservationId: number | null;
  meterStart: number; startedAt: string; meterStop: number | null; stoppedAt: string | null; stopReason: string | null;
  state: 'running' | 'stopped'; startSent: boolean; stopSent: boolean;
}
/** An event of GET /api/events. */
export type FleetEvent =
  | { type: 'frame'; stationId: string; frame: Frame }
  | { type: 'changed'; stationId: string; what: string }
  | { type: 'added' | 'removed'; stationId: string };
