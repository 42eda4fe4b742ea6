export { openDatabase, migrate, loadMigrations, schemaVersion } from './database.ts';
export type { Db, Durability, Migration } from './database.ts';
export { sqliteStationStore, sqliteQueueStore } from './sqlite-stores.ts';
export { defaultDataDir, databaseFile } from './data-dir.ts';
