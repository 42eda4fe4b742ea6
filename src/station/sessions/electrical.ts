/**
 * The electrical side of an AC wallbox (IEC 61851-1 mode 3) and a simple EV: the current offered is the
 * smallest of the product's rating and the smart-charging limit; below 6 A the EVSE pauses the EV
 * (SuspendedEVSE); the EV draws up to its own maximum, tapering above 80 % state of charge; power is
 * voltage × current × phases. Pure functions of their inputs.
 */
export interface EvModel {
  maxCurrentA: number;
  phases: 1 | 3;
  capacityKWh: number;
  socPercent: number;
}

export interface ProductElectrics { ratedCurrentA: number; phases: 1 | 3; voltageV: number }

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

/** Current the EVSE offers per phase (A): 0 when the limit is under the 6 A minimum. */
export function offeredCurrent(product: ProductElectrics, limitA: number): number {
  const offered = Math.min(product.ratedCurrentA, limitA);
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
