export { openDatabase, migrate, loadMigrations, schemaVersion } from './database.ts';
export type { Db, Durability, Migration } from './database.ts';
export { sqliteStationStore, sqliteQueueStore } from './sqlite-stores.ts';
export { defaultDataDir, databaseFile, ensureDataDir } from './data-dir.ts';
export { lockStations, lockFile } from './station-lock.ts';
export type { StationLocks } from './station-lock.ts';
