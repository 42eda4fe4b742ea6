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
  /** Listeners per event, in subscription order (arrays: a fleet holds thousands of these buses). */
  #listeners: { [K in keyof StationEventMap]?: Array<Listener<StationEventMap[K]>> } = {};

  on<K extends keyof StationEventMap>(event: K, fn: Listener<StationEventMap[K]>): () => void {
    const list = (this.#listeners[event] ??= []) as Array<Listener<StationEventMap[K]>>;
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof StationEventMap>(event: K, payload: StationEventMap[K]): void {
    const list = this.#listeners[event] as Array<Listener<StationEventMap[K]>> | undefined;
    if (!list || list.length === 0) return;
    if (list.length === 1) list[0]!(payload);
    else for (const fn of [...list]) fn(payload);
  }
}
