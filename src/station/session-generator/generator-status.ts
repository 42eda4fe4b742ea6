/**
 * What a station's session generator acts on (its target: the station's controls and what only its shell
 * can do) and what it reports (its counters and status, and each action for tests and logs). Types and
 * the empty counters only: the driver itself is session-driver.ts.
 */
import type { ControlSurface } from '../control-surface.ts';
import type { EndKind } from './settings.ts';

/** What a driver acts on: the station's controls of the moment, and what only its shell can do. */
export interface GeneratorTarget {
  readonly connectorCount: number;
  /** The station's controls now (a power cycle or reboot replaces them). */
  controls(): Partial<ControlSurface>;
  /** Whether the station has power (absent: always); without it, the driver does nothing to the station. */
  poweredOn?(): boolean;
  /** The central system sends RemoteStartTransaction; resolves to whether the station accepted it. Absent: no central system to ask. */
  remoteStart?(connectorId: number, idTag: string): Promise<boolean>;
  /** The central system sends RemoteStopTransaction for the connector's transaction. */
  remoteStop?(connectorId: number): Promise<boolean>;
  cutNetwork?(): void;
  restoreNetwork?(): void;
  powerOff?(): void;
  powerOn?(): void;
}

export type TagCategory = 'valid' | 'invalid' | 'blocked';
export type OutageKind = 'network' | 'power' | 'vendorFault';

export interface GeneratorCounters {
  arrivals: number;
  /** Arrivals that found every connector busy (the EV went elsewhere). */
  busy: number;
  /** Arrivals that found the station without power (the EV went elsewhere). */
  stationOff: number;
  /** Sessions whose start was accepted (badge or remote accepted, or free charging began). */
  started: number;
  /** Sessions refused, by the tag they used (an accepted tag refused is counted under `valid`). */
  refused: Record<TagCategory, number>;
  /** Free-charging arrivals that did not start (the station asks for authorization). */
  notStarted: number;
  /** Remote starts or stops done locally (badge, stop button) because no central system can be asked. */
  remoteFallbacks: number;
  /** Departures, by how the session was planned to end. */
  ended: Record<EndKind, number>;
  /** Sessions whose transaction had already ended (by the central system, a fault…) when the driver left. */
  endedBeforeDeparture: number;
  outages: Record<OutageKind, number>;
  /** Controls that threw (the station was off, a connector faulted…); the driver carries on. */
  actionsFailed: number;
}

export interface GeneratorStatus {
  running: boolean;
  seed: number;
  startedAt: number | undefined;
  activeSessions: number;
  outage: OutageKind | undefined;
  counters: GeneratorCounters;
}

/** One action the driver took, for tests and logs (`onAction`). */
export interface DriverAction { at: number; action: string; connectorId?: number; detail?: string | number }

/** Counters of a driver that has done nothing yet. */
export const emptyCounters = (): GeneratorCounters => ({
  arrivals: 0, busy: 0, stationOff: 0, started: 0, refused: { valid: 0, invalid: 0, blocked: 0 }, notStarted: 0, remoteFallbacks: 0,
  ended: { evFull: 0, unplug: 0, stopButton: 0, remoteStop: 0 }, endedBeforeDeparture: 0,
  outages: { network: 0, power: 0, vendorFault: 0 }, actionsFailed: 0,
});
