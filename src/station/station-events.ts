/**
 * A tiny typed event bus per station: features listen to what other features do without importing them.
 */
/**
 * A reading of one connector's electrics, taken each time the station recomputes them: its physics tick
 * (every 60 s while current flows), and every change of limit, state or EV. Current is constant from one
 * reading to the next, so energy and state of charge are linear between them.
 */
export interface ConnectorSample {
  connectorId: number;
  /** Station clock, ms since the epoch. */
  at: number;
  currentA: number;
  offeredA: number;
  /** The smart-charging limit in force (A per phase); null without one. */
  limitA: number | null;
  powerW: number;
  /** Energy delivered in the running transaction; null without one. */
  sessionWh: number | null;
  /** The EV's state of charge while plugged; null without an EV. */
  socPercent: number | null;
}

export interface StationEventMap {
  /** The socket is up (before BootNotification). */
  connected: Record<string, never>;
  disconnected: Record<string, never>;
  /** BootNotification was Accepted: the station may now send anything. */
  accepted: Record<string, never>;
  /** Something visible changed (for dashboards and waitFor). */
  changed: { what: string };
  /** A connector's electrics were recomputed (emitted only while someone listens: see `listens`). */
  sampled: ConnectorSample;
}

type Listener<T> = (payload: T) => void;
/** An object hearing an event through its method of the event's name (no closure per station). */
type ListenerObject<K extends keyof StationEventMap> = { [P in K]: (payload: StationEventMap[P]) => void };
type AnyListener<K extends keyof StationEventMap> = Listener<StationEventMap[K]> | ListenerObject<K>;

export class StationEvents {
  /** Listeners per event, in subscription order (arrays: a fleet holds thousands of these buses). */
  #listeners: { [K in keyof StationEventMap]?: Array<AnyListener<K>> } = {};

  /** Adds a listener: a function, or an object with a method of the event's name (e.g. `accepted()`). */
  on<K extends keyof StationEventMap>(event: K, fn: AnyListener<K>): () => void {
    // Copied on change, at the exact size: an array grown by push holds 17 slots (152 bytes) for one or two
    // listeners, and a station has a few such lists. emit() reads whichever array is current.
    const listeners = this.#listeners as { [P in K]?: Array<AnyListener<K>> };
    listeners[event] = (listeners[event] ?? []).concat([fn]); // concat sizes exactly; a spread does not
    return () => {
      const list = listeners[event] ?? [];
      const i = list.indexOf(fn);
      if (i >= 0) listeners[event] = list.slice(0, i).concat(list.slice(i + 1));
    };
  }

  /** Whether the event has a listener (to skip building a payload nobody reads). */
  listens(event: keyof StationEventMap): boolean { return (this.#listeners[event]?.length ?? 0) > 0; }

  emit<K extends keyof StationEventMap>(event: K, payload: StationEventMap[K]): void {
    const list = this.#listeners[event] as Array<AnyListener<K>> | undefined;
    if (!list || list.length === 0) return;
    if (list.length === 1) call(list[0]!, event, payload);
    else for (const fn of [...list]) call(fn, event, payload);
  }
}

function call<K extends keyof StationEventMap>(l: AnyListener<K>, event: K, payload: StationEventMap[K]): void {
  if (typeof l === 'function') l(payload);
  else (l[event] as (p: StationEventMap[K]) => void).call(l, payload);
}
