/**
 * The durable state a station reads at start and writes as it goes: one small JSON document per key
 * ('config', 'availability', 'transactions', ...). Synchronous on purpose: the station persists before
 * it sends, and the SQLite implementation is synchronous.
 */
export interface StationStateStore {
  load<T>(key: string): T | undefined;
  save(key: string, value: unknown): void;
  /**
   * Saves like `save`, but the write may be committed a moment later, together with other stations'
   * (a group commit). Loads, keys and later saves see it at once; a crash before the commit loses it.
   * Only for a value the station gets again anyway (the interval of a BootNotification.conf, which every
   * boot sets anew). A store without it saves at once.
   */
  saveSoon?(key: string, value: unknown): void;
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
  return new MemoryStationStore();
}

/** Documents kept as JSON text, so a load returns a copy as a database would. */
class MemoryStationStore implements StationStateStore {
  #docs: Map<string, string> | undefined;
  load<T>(key: string): T | undefined { const v = this.#docs?.get(key); return v === undefined ? undefined : (JSON.parse(v) as T); }
  save(key: string, value: unknown): void { (this.#docs ??= new Map()).set(key, JSON.stringify(value)); }
  remove(key: string): void { this.#docs?.delete(key); }
  keys(): string[] { return [...this.#docs?.keys() ?? []]; }
  atomically(fn: () => void): void { fn(); }
}
