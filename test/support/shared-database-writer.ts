/**
 * A child process of src/persistence/shared-database.test.ts: opens the database file given (migrating it if it is new)
 * and, for its own station, runs `rounds` read-modify-write transactions through the product's store —
 * what a `chargetwin station` process does on a data folder another process also uses. Prints the count
 * it ended with; any error exits 1 with its message.
 */
import { openDatabase } from '../../src/persistence/database.ts';
import { sqliteStationStore } from '../../src/persistence/sqlite-stores.ts';

const [file, stationId, roundsText] = process.argv.slice(2);
try {
  const db = openDatabase(file!);
  const store = sqliteStationStore(db, stationId!);
  const rounds = Number(roundsText);
  for (let i = 0; i < rounds; i++) {
    store.atomically(() => {
      const n = store.load<number>('count') ?? 0;
      store.save('count', n + 1);
    });
  }
  process.stdout.write(`${store.load<number>('count')}\n`);
  db.close();
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
