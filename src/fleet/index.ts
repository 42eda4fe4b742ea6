export { createFleet } from './fleet.ts';
export type { Fleet, FleetOptions, FleetEvent, FleetStation, StationSpec, StationBuilder } from './fleet.ts';
export { FLEET_FRAMES_PER_STATION, FrameRing, STATION_FRAMES } from './frame-ring.ts';
export type { LoggedFrame } from './frame-ring.ts';
export { FleetMetrics, LATENCY_BUCKETS_S } from './fleet-metrics.ts';
export { CsmsPlan, parseCsmsTarget, chooseSpread, checkCsmsUrl } from './csms-spread.ts';
export type { CsmsTarget, CsmsSpread } from './csms-spread.ts';
export { HISTORY_MODES, HISTORY_ALL_UP_TO, VIEWED_STATIONS_MAX, defaultHistoryMode, checkHistoryMode } from './history-mode.ts';
export type { HistoryMode, HistoryRecording } from './history-mode.ts';
