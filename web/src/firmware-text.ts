/**
 * The station panel's lines for firmware and diagnostics: the status now, the version running and the
 * one waiting, the transfer's progress (attempt, bytes), and the last diagnostics file with its outcome.
 */
import type { DiagnosticsState, FirmwareState } from './types.ts';

const kB = (n: number): string => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`);

export function firmwareText(f: FirmwareState | null | undefined, running: string | undefined): string {
  const now = `running ${running ?? '?'}`;
  if (!f) return `${now} · no firmware management`;
  if (f.status === 'Idle') return `${now} · Idle${f.lastStatus ? ` (last: ${f.lastStatus})` : ''}`;
  const parts = [now, f.status];
  if (f.pendingVersion) parts.push(`pending ${f.pendingVersion}`);
  if (f.status === 'Downloading' || f.receivedBytes > 0) {
    const pct = f.totalBytes ? ` (${Math.floor((100 * f.receivedBytes) / f.totalBytes)} %)` : '';
    parts.push(`${kB(f.receivedBytes)}${f.totalBytes ? ` of ${kB(f.totalBytes)}` : ''}${pct}`);
  }
  if (f.attempts > 1) parts.push(`attempt ${f.attempt} of ${f.attempts}`);
  if (f.location) parts.push(`from ${f.location}`);
  return parts.join(' · ');
}

export function diagnosticsText(d: DiagnosticsState | null | undefined): string {
  if (!d) return 'no diagnostics';
  const u = d.lastUpload;
  if (!u) return `${d.status} · no upload yet`;
  const size = u.bytes === null ? '' : ` (${kB(u.bytes)})`;
  return `${d.status} · last: ${u.fileName}${size} ${u.outcome}${u.attempts > 1 ? `, attempt ${u.attempt} of ${u.attempts}` : ''} → ${u.location}`;
}
