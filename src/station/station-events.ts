/**
 * A tiny typed event bus per station: features listen to what other features do without importing them.
 */
export interface StationEventMap {
  /** The socket is up (before BootNotification). */
  connected: Record<string, never>;
  disconnected: Record<string, never>;
  /** BootNotification was Accepted: the station may now send anything. */
  accepted: Record<string, never>;
  /** Something visible changed (for dashboards and waitFor). */
  changed: { what: string };
}

type Listener<T> = (payload: T) => void;

export class StationEvents {
  #listeners = new Map<keyof StationEventMap, Set<Listener<never>>>();

  on<K extends keyof StationEventMap>(event: K, fn: Listener<StationEventMap[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(fn as Listener<never>);
    return () => set.delete(fn as Listener<never>);
  }

  emit<K extends keyof StationEventMap>(event: K, payload: StationEventMap[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) (fn as Listener<StationEventMap[K]>)(payload);
  }
}
