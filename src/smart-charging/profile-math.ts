/**
 * The limit one charging profile gives at an instant, and the instants at which that can change
 * (OCPP 1.6 §3.13.2-3.13.4, §7.8-7.9). Pure functions of epoch milliseconds.
 */
import type { SetChargingProfileReq } from '../ocpp/index.ts';

export type ChargingProfile = SetChargingProfileReq['csChargingProfiles'];

/** A profile as installed: where, and when (Absolute profiles without startSchedule start there). */
export interface InstalledProfile { connectorId: number; profile: ChargingProfile; installedAt: number }

/** The running transaction a connector's Relative and TxProfile profiles refer to. */
export interface TxContext { transactionId?: number | undefined; startedAt: number }

const DAY = 86_400_000;
const WEEK = 7 * DAY;

function parse(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/** Start of the schedule occurrence in force at `t`, or undefined when none is. */
export function occurrenceStart(p: InstalledProfile, t: number, tx: TxContext | undefined): number | undefined {
  const s = p.profile.chargingSchedule;
  const start = parse(s.startSchedule);
  switch (p.profile.chargingProfileKind) {
    case 'Absolute':
      return start ?? parse(p.profile.validFrom) ?? p.installedAt;
    case 'Relative':
      return tx?.startedAt;
    case 'Recurring': {
      const period = p.profile.recurrencyKind === 'Weekly' ? WEEK : DAY;
      const anchor = start ?? p.installedAt;
      if (t < anchor) return undefined;
      return anchor + Math.floor((t - anchor) / period) * period;
    }
  }
}

/** Length of the schedule in ms (duration, capped at the recurrence period for Recurring profiles). */
function scheduleLength(p: InstalledProfile): number {
  const d = p.profile.chargingSchedule.duration;
  const cap = p.profile.chargingProfileKind === 'Recurring' ? (p.profile.recurrencyKind === 'Weekly' ? WEEK : DAY) : Infinity;
  return Math.min(d === undefined ? Infinity : d * 1000, cap);
}

/** The profile's limit at `t` in its own unit, or undefined when it has no period at `t`. */
export function profileLimitAt(p: InstalledProfile, t: number, tx: TxContext | undefined): number | undefined {
  const from = parse(p.profile.validFrom);
  const to = parse(p.profile.validTo);
  if (from !== undefined && t < from) return undefined;
  if (to !== undefined && t >= to) return undefined;
  const s0 = occurrenceStart(p, t, tx);
  if (s0 === undefined || t < s0) return undefined;
  const offset = t - s0;
  if (offset >= scheduleLength(p)) return undefined;
  let limit: number | undefined;
  for (const period of p.profile.chargingSchedule.chargingSchedulePeriod) {
    if (period.startPeriod * 1000 <= offset) limit = period.limit;
    else break;
  }
  return limit;
}

/** Instants in (from, to] at which this profile's limit may change. */
export function profileBoundaries(p: InstalledProfile, from: number, to: number, tx: TxContext | undefined): number[] {
  const out: number[] = [];
  const add = (x: number | undefined): void => { if (x !== undefined && x > from && x <= to) out.push(x); };
  add(parse(p.profile.validFrom));
  add(parse(p.profile.validTo));
  const len = scheduleLength(p);
  const periods = p.profile.chargingSchedule.chargingSchedulePeriod;
  const occurrence = (s0: number): void => {
    for (const period of periods) add(s0 + period.startPeriod * 1000);
    if (Number.isFinite(len)) add(s0 + len);
  };
  if (p.profile.chargingProfileKind === 'Recurring') {
    const period = p.profile.recurrencyKind === 'Weekly' ? WEEK : DAY;
    const anchor = parse(p.profile.chargingSchedule.startSchedule) ?? p.installedAt;
    let s0 = from < anchor ? anchor : anchor + Math.floor((from - anchor) / period) * period;
    for (; s0 <= to; s0 += period) occurrence(s0);
  } else {
    const s0 = occurrenceStart(p, from, tx);
    if (s0 !== undefined) occurrence(s0);
  }
  return out;
}
