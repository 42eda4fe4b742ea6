/**
 * The electrical side of an AC wallbox (IEC 61851-1 mode 3) and a simple EV: the current offered is the
 * smallest of the product's rating, the cable's rating and the smart-charging limit; below 6 A the EVSE
 * pauses the EV (SuspendedEVSE); the EV draws up to its own maximum, tapering above 80 % state of
 * charge; power is voltage × current × phases. Pure functions of their inputs.
 */
import { TwinError } from '../../shared/errors.ts';

export interface EvModel {
  maxCurrentA: number;
  phases: 1 | 3;
  capacityKWh: number;
  socPercent: number;
  /**
   * Rating of the EV's own charging cable as its PP resistor codes it (IEC 61851-1 Annex B: 13, 20, 32
   * or 63 A). Only used on a socket outlet; absent = a cable rated at least for the socket.
   */
  cableRatingA?: number | undefined;
}

export interface ProductElectrics {
  ratedCurrentA: number;
  phases: 1 | 3;
  voltageV: number;
  /** A tethered cable is built for the product's rating; a socket takes the EV's cable (PP-coded rating). */
  tethered?: boolean | undefined;
}

/** The cable ratings a PP resistor can code (IEC 61851-1 Annex B, IEC 62196-2). */
export const PP_CABLE_RATINGS_A = [13, 20, 32, 63] as const;

/** IEC 61851-1: the smallest PWM duty cycle signals 6 A; below that the EVSE must not offer energy. */
export const MIN_CURRENT_A = 6;
/** State of charge above which the simulated EV tapers its current. */
export const TAPER_START_SOC = 80;

export const DEFAULT_EV: EvModel = Object.freeze({ maxCurrentA: 32, phases: 3, capacityKWh: 60, socPercent: 30 });

/** The guide's PhasesConnection values: how the station is wired to the grid. */
export const PHASES_CONNECTION: Record<number, { label: string; phases: readonly ('L1' | 'L2' | 'L3')[] }> = {
  1: { label: 'Tri123', phases: ['L1', 'L2', 'L3'] },
  2: { label: 'Tri231', phases: ['L2', 'L3', 'L1'] },
  3: { label: 'Tri312', phases: ['L3', 'L1', 'L2'] },
  4: { label: 'Mono1', phases: ['L1'] },
  5: { label: 'Mono2', phases: ['L2'] },
  6: { label: 'Mono3', phases: ['L3'] },
};

/** Grid phases the EV actually draws on: product, installation and EV all limit it. */
export function drawnPhases(product: ProductElectrics, ev: EvModel, phasesConnection: number): Array<'L1' | 'L2' | 'L3'> {
  const wiring = PHASES_CONNECTION[phasesConnection] ?? PHASES_CONNECTION[1]!;
  const n = Math.min(product.phases, ev.phases, wiring.phases.length);
  return wiring.phases.slice(0, n);
}

/**
 * Largest current the cable assembly carries (A): a tethered cable is rated for the product; on a socket
 * it is the socket's rating (the product's) or the plugged cable's PP-coded rating, whichever is lower.
 */
export function cableLimitA(product: ProductElectrics, ev: Pick<EvModel, 'cableRatingA'> | undefined): number {
  if (product.tethered || ev?.cableRatingA === undefined) return product.ratedCurrentA;
  return Math.min(product.ratedCurrentA, ev.cableRatingA);
}

/** Current the EVSE offers per phase (A): the smallest of product, cable and limit; 0 under the 6 A minimum. */
export function offeredCurrent(product: ProductElectrics, limitA: number, cableA = Infinity): number {
  const offered = Math.min(product.ratedCurrentA, cableA, limitA);
  return offered < MIN_CURRENT_A ? 0 : Math.floor(offered * 10) / 10;
}

/** Current the EV takes per phase (A) from what is offered, with a linear taper above 80 % SoC. */
export function evCurrent(ev: EvModel, offeredA: number): number {
  if (offeredA <= 0 || ev.socPercent >= 100) return 0;
  let max = ev.maxCurrentA;
  if (ev.socPercent > TAPER_START_SOC) max = Math.max(MIN_CURRENT_A, ev.maxCurrentA * (100 - ev.socPercent) / (100 - TAPER_START_SOC));
  return Math.round(Math.min(offeredA, max) * 10) / 10;
}

export function powerW(voltageV: number, currentA: number, phases: number): number {
  return voltageV * currentA * phases;
}

/** Checks EV settings from a control (API, SDK, dashboard); a bad value is refused and nothing changes. */
export function checkEvSettings(ev: Partial<EvModel>): Partial<EvModel> {
  const bad = (field: string, rule: string): never => { throw new TwinError('TWIN_ERR_BAD_EV', `EV ${field} ${rule}`, { details: { field } }); };
  const v = ev.maxCurrentA;
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad('maxCurrentA', 'must be a number ≥ 0');
  const cap = ev.capacityKWh;
  if (cap !== undefined && !(typeof cap === 'number' && Number.isFinite(cap) && cap > 0)) bad('capacityKWh', 'must be a positive number');
  if (ev.phases !== undefined && ev.phases !== 1 && ev.phases !== 3) bad('phases', 'must be 1 or 3');
  if (ev.socPercent !== undefined && !(typeof ev.socPercent === 'number' && ev.socPercent >= 0 && ev.socPercent <= 100)) bad('socPercent', 'must be 0..100');
  if (ev.cableRatingA !== undefined && !(PP_CABLE_RATINGS_A as readonly number[]).includes(ev.cableRatingA)) bad('cableRatingA', `must be one of ${PP_CABLE_RATINGS_A.join(', ')} (PP coding)`);
  return ev;
}
