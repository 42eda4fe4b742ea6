export { createFleet } from './fleet.ts';
export type { Fleet, FleetOptions, FleetEvent, FleetStation, StationSpec, StationBuilder } from './fleet.ts';
export { FrameRing } from './frame-ring.ts';
export type { LoggedFrame } from './frame-ring.ts';
export { FleetMetrics, LATENCY_BUCKETS_S } from './fleet-metrics.ts';
export { CsmsPlan, parseCsmsTarget, chooseSpread, checkCsmsUrl } from './csms-spread.ts';
export type { CsmsTarget, CsmsSpread } from './csms-spread.ts';
