/** The package's front door: the SDK, the embedded central system, and the building blocks. */
export { startStation, startCsms, waitForStation } from './sdk.ts';
export type { StartStationOptions, StationHandle, StationView, StationTransaction, EvSettings, LocalListEntry, PlugOptions, Csms, CsmsOptions, FaultRule, FaultRuleInput } from './sdk.ts';
export { createFleet } from './fleet/index.ts';
export type { Fleet, FleetStation, StationSpec } from './fleet/index.ts';
export { buildEvlinkStation } from './runtime/evlink-station.ts';
export { startControlApi } from './api/server.ts';
export { ScaledClock } from './platform/index.ts';
export { SimulatedClock, TwinError } from './shared/index.ts';
export { evlinkProAc, parseDeviceProfile } from './station/profile/index.ts';
export { openDatabase, sqliteStationStore, sqliteQueueStore } from './persistence/public-api.ts';
export type { SqliteDatabase, Durability } from './persistence/public-api.ts';
export { defaultDataDir } from './persistence/data-dir.ts';
export { ControlApiClient } from './api-client/client.ts';
