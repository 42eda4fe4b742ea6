/**
 * How far a fleet's boot has come, for a person watching `chargetwin station --count N`: how many
 * stations have their BootNotification answered (accepted, pending, rejected), how many could not
 * connect (they keep retrying), and how many are still on their way. Pure counting and wording; the CLI
 * decides when to print.
 */
import type { FleetStation } from './fleet.ts';

export interface BootTally {
  total: number;
  accepted: number;
  pending: number;
  rejected: number;
  /** Not registered, and the last connection attempt failed (the runtime retries with backoff). */
  failed: number;
  /** Not registered, no failure yet: connecting or waiting for the BootNotification answer. */
  waiting: number;
  /** The reason of one failed station, as an example for the summary. */
  firstFailure?: string;
}

export function tallyBoots(stations: Iterable<FleetStation>): BootTally {
  const t: BootTally = { total: 0, accepted: 0, pending: 0, rejected: 0, failed: 0, waiting: 0 };
  for (const m of stations) {
    t.total++;
    const registration = m.station.registration;
    if (registration === 'Accepted') t.accepted++;
    else if (registration === 'Pending') t.pending++;
    else if (registration === 'Rejected') t.rejected++;
    else if (m.runtime.lastError !== undefined) { t.failed++; t.firstFailure ??= m.runtime.lastError; }
    else t.waiting++;
  }
  return t;
}

/** Every station has an answer or a failure: the boot is over as far as a summary goes. */
export const bootSettled = (t: BootTally): boolean => t.waiting === 0;

const booted = (t: BootTally): number => t.accepted + t.pending + t.rejected;

/** One progress line, e.g. "booting: 12/20 booted (12 accepted, 0 pending, 0 rejected), 0 failed, 8 waiting". */
export function progressLine(t: BootTally): string {
  return `booting: ${booted(t)}/${t.total} booted (${t.accepted} accepted, ${t.pending} pending, ${t.rejected} rejected), ${t.failed} failed, ${t.waiting} waiting`;
}

/** The one summary line, with the time taken and, when some failed, an example reason. */
export function summaryLine(t: BootTally, elapsedMs: number): string {
  const parts = [`${t.accepted} accepted`, `${t.pending} pending`, `${t.rejected} rejected`, `${t.failed} failed`];
  if (t.waiting > 0) parts.push(`${t.waiting} still waiting`);
  let line = `${booted(t)} of ${t.total} stations booted in ${(elapsedMs / 1000).toFixed(1)} s: ${parts.join(', ')}`;
  if (t.failed > 0) line += ` (e.g. ${t.firstFailure ?? 'no reason given'}; they keep retrying)`;
  return line;
}
