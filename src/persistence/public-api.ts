/**
 * The SQLite persistence as the package's public types show it (src/index.ts). The database is named by
 * what a caller does with it, so the published declarations never import better-sqlite3's types: their
 * package (@types/better-sqlite3) is a dev dependency, and a TypeScript user needs only @types/node
 * (issue 14, decision D14). The values are the very functions of database.ts and sqlite-stores.ts.
 */
import type { StationStateStore } from '../station/storage-port.ts';
import type { MessageQueueStore } from '../queue/index.ts';
import { openDatabase as openSqlite } from './database.ts';
import { sqliteQueueStore as queueStore, sqliteStationStore as stationStore } from './sqlite-stores.ts';

/** How hard each commit is made durable: 'process' survives a crash of the process, 'power' also a power cut (docs/storage.md). */
export type Durability = 'process' | 'power';

/** An open SQLite database (better-sqlite3 underneath): give it to the SQLite stores, close it when done. */
export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  close(): unknown;
}

/** Opens (creating it and its folder if needed) the database of a process and brings its schema up to date. */
export const openDatabase: (path: string, options?: { durability?: Durability }) => SqliteDatabase = openSqlite;
/** A station's state documents in the database, keyed by station id. */
export const sqliteStationStore = stationStore as (db: SqliteDatabase, stationId: string) => StationStateStore;
/** A station's transaction-message queue in the database, keyed by station id. */
export const sqliteQueueStore = queueStore as (db: SqliteDatabase, stationId: string) => MessageQueueStore;
