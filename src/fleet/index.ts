export { createFleet } from './fleet.ts';
export type { Fleet, FleetOptions, FleetEvent, FleetStation, StationSpec, StationBuilder } from './fleet.ts';
export { FrameRing } from './frame-ring.ts';
export type { LoggedFrame } from './frame-ring.ts';
