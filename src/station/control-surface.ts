/**
 * The station's physical and local-operator controls: what a person standing at the wallbox, or the
 * EV plugged into it, can do. Features fill in the part they own (sessions: cable, EV, badge; faults:
 * vendor error codes); the control API, the SDK and the dashboard call them.
 */
export interface EvSettings {
  /** Largest current the EV draws per phase, in A. */
  maxCurrentA: number;
  /** Phases the EV charges on (1 or 3). */
  phases: 1 | 3;
  /** Battery capacity in kWh. */
  capacityKWh: number;
  /** State of charge in % (0-100). */
  socPercent: number;
  /** PP-coded rating of the EV's cable on a socket outlet (13, 20, 32 or 63 A); ignored with a tethered cable. */
  cableRatingA?: number | undefined;
}

export interface LocalListEntry { idTag: string; status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx'; parentIdTag?: string; expiryDate?: string }

/** How an EV is plugged in. */
export interface PlugOptions {
  /**
   * Whether the EV asks for energy from the moment it is plugged in (IEC 61851 state C at once).
   * Default: it does when its battery has room (state of charge below 100 %), as a car that wants
   * charging does; false plugs an EV that waits (state B) until `evRequestsEnergy`.
   */
  requesting?: boolean | undefined;
}

export interface ControlSurface {
  /** Plugs the cable in, with the EV at its end asking for energy or not (one physical action). */
  plugIn(connectorId: number, options?: PlugOptions): void;
  unplug(connectorId: number): void;
  setEv(connectorId: number, ev: Partial<EvSettings>): void;
  /** The EV starts or stops asking for energy: a level (asking again while it asks changes nothing). */
  evRequestsEnergy(connectorId: number, requesting: boolean): void;
  /** A badge shown to the reader; resolves when the station has decided (authorized or not). */
  presentBadge(idTag: string, connectorId?: number): Promise<{ accepted: boolean; reason?: string }>;
  /** The stop button / local stop of the running transaction. */
  pressStop(connectorId: number): void;
  raiseError(code: string, connectorId: number): void;
  clearError(code: string, connectorId: number): void;
  /** Availability set by a local operator (not by the CSMS). */
  setAvailability(connectorId: number, operative: boolean): void;
  getLocalList(): { version: number; entries: LocalListEntry[] };
  setLocalList(entries: LocalListEntry[], version?: number): void;
  /** JSON-serializable view of everything a dashboard shows (connectors, transactions, EV, meter, limits). */
  state(): Record<string, unknown>;
}
