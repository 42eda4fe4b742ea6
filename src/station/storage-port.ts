/**
 * The durable state a station reads at start and writes as it goes: one small JSON document per key
 * ('config', 'availability', 'transactions', ...). Synchronous on purpose: the station persists before
 * it sends, and the SQLite implementation is synchronous.
 */
export interface StationStateStore {
  load<T>(key: string): T | undefined;
  save(key: string, value: unknown): void;
  remove(key: string): void;
  keys(): string[];
  /**
   * Runs `fn` so that every write it makes (state documents and queued messages of the same database)
   * lands together or not at all: a crash can never leave a stopped transaction without its
   * StopTransaction in the queue.
   */
  atomically(fn: () => void): void;
}

/** A store that lives as long as the process (tests, and the in-memory mode). */
export function memoryStationStore(): StationStateStore {
  const docs = new Map<string, string>();
  return {
    load: <T>(key: string) => { const v = docs.get(key); return v === undefined ? undefined : (JSON.parse(v) as T); },
    save: (key, value) => { docs.set(key, JSON.stringify(value)); },
    remove: (key) => { docs.delete(key); },
    keys: () => [...docs.keys()],
    atomically: (fn) => fn(),
  };
}
