/**
 * Builds OCPP 1.6 MeterValue entries (§7.31-7.33) from a connector's electrical state, for the
 * measurands a configuration key lists. Measurands this hardware cannot measure (export, reactive,
 * RPM, …) are accepted in the configuration and simply not reported.
 */
import type { MeterValuesReq } from '../../ocpp/index.ts';
import { isoAt } from '../../shared/clock.ts';

export type MeterValue = MeterValuesReq['meterValue'][number];
export type SampledValue = MeterValue['sampledValue'][number];
export type ReadingContext = NonNullable<SampledValue['context']>;

/** OCPP 1.6 §7.31 Measurand values. */
export const MEASURANDS = [
  'Energy.Active.Export.Register', 'Energy.Active.Import.Register', 'Energy.Reactive.Export.Register', 'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval', 'Energy.Active.Import.Interval', 'Energy.Reactive.Export.Interval', 'Energy.Reactive.Import.Interval',
  'Power.Active.Export', 'Power.Active.Import', 'Power.Offered', 'Power.Reactive.Export', 'Power.Reactive.Import', 'Power.Factor',
  'Current.Import', 'Current.Export', 'Current.Offered', 'Voltage', 'Frequency', 'Temperature', 'SoC', 'RPM',
] as const;

export function isValidMeasurandList(value: string): boolean {
  if (value.trim() === '') return true;
  return value.split(',').every((m) => (MEASURANDS as readonly string[]).includes(m.trim()));
}

export interface ElectricalReading {
  energyWh: number;
  currentA: number;
  offeredA: number;
  phases: Array<'L1' | 'L2' | 'L3'>;
  voltageV: number;
  socPercent: number | undefined;
}

const fmt = (n: number, digits = 1): string => (Math.round(n * 10 ** digits) / 10 ** digits).toString();

export function meterValue(at: number, r: ElectricalReading, measurands: string[], context: ReadingContext): MeterValue {
  const sampled: SampledValue[] = [];
  const phaseCount = Math.max(1, r.phases.length);
  for (const m of measurands) {
    switch (m) {
      case 'Energy.Active.Import.Register':
        sampled.push({ value: fmt(r.energyWh, 0), context, measurand: m, location: 'Outlet', unit: 'Wh' });
        break;
      case 'Power.Active.Import':
        sampled.push({ value: fmt(r.voltageV * r.currentA * (r.currentA > 0 ? phaseCount : 0), 0), context, measurand: m, location: 'Outlet', unit: 'W' });
        break;
      case 'Power.Offered':
        sampled.push({ value: fmt(r.voltageV * r.offeredA * phaseCount, 0), context, measurand: m, location: 'Outlet', unit: 'W' });
        break;
      case 'Current.Import':
        for (const p of r.phases) sampled.push({ value: fmt(r.currentA), context, measurand: m, phase: p, location: 'Outlet', unit: 'A' });
        break;
      case 'Current.Offered':
        sampled.push({ value: fmt(r.offeredA), context, measurand: m, location: 'Outlet', unit: 'A' });
        break;
      case 'Voltage':
        for (const p of r.phases) sampled.push({ value: fmt(r.voltageV), context, measurand: m, phase: `${p}-N`, location: 'Outlet', unit: 'V' });
        break;
      case 'SoC':
        if (r.socPercent !== undefined) sampled.push({ value: fmt(r.socPercent, 0), context, measurand: m, location: 'EV', unit: 'Percent' });
        break;
      case 'Power.Factor':
        sampled.push({ value: '1', context, measurand: m, location: 'Outlet' });
        break;
      case 'Frequency':
        sampled.push({ value: '50', context, measurand: m, location: 'Outlet' });
        break;
      default:
        break;
    }
  }
  if (sampled.length === 0) sampled.push({ value: fmt(r.energyWh, 0), context, measurand: 'Energy.Active.Import.Register', location: 'Outlet', unit: 'Wh' });
  return { timestamp: isoAt(at), sampledValue: sampled };
}

/** The next instant strictly after `now` that is a multiple of `intervalS` counted from midnight UTC. */
export function nextAlignedInstant(now: number, intervalS: number): number {
  const day = Math.floor(now / 86_400_000) * 86_400_000;
  const step = intervalS * 1000;
  return Math.min(day + (Math.floor((now - day) / step) + 1) * step, day + 86_400_000);
}
