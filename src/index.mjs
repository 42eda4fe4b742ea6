// The package's entry for plain Node (`import { startStation } from 'chargetwin'`, no flags): registers
// the TypeScript loader hooks (bin/register-ts.mjs), then loads src/index.ts and re-exports its values.
// Types come from src/index.ts itself (the "types" condition of package.json's exports). A test checks
// that the names below are exactly the exports of src/index.ts.
import '../bin/register-ts.mjs';

const sdk = await import('./index.ts');

export const {
  ControlApiClient, ScaledClock, SimulatedClock, TwinError, buildEvlinkStation, createFleet, defaultDataDir, evlinkProAc,
  openDatabase, parseDeviceProfile, sqliteQueueStore, sqliteStationStore, startControlApi, startCsms, startStation, waitForStation,
} = sdk;
