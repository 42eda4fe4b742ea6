/**
 * The readable live log of `chargetwin demo`: one line per OCPP frame, with time, station, direction,
 * message type and a compact payload, e.g.
 *   10:42:07.118  EVB-0001  → CALL       BootNotification {"chargePointVendor":"Schneider Electric",...}
 *   10:42:07.121  EVB-0001  ← RESULT     BootNotification {"status":"Accepted","interval":60,...}
 */
import { redactSecrets } from '../ocpp/secret-redaction.ts';

export interface FrameLogOptions {
  color: boolean;
  width: number;
  /** What an injected fault did to the frame: shown as a marker, e.g. "⚡drop" (docs/fault-injection.md). */
  injected?: string;
}

const TYPES: Record<number, string> = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR' };

/**
 * Formats one frame seen by the station (`out` = station → CSMS). `actionOf` names results by their call.
 * Secrets (AuthorizationKey) are redacted, whoever recorded the frame.
 */
export function formatFrame(at: number, stationId: string, direction: 'in' | 'out', wireText: string, actionOf: (id: string) => string | undefined, o: FrameLogOptions): string {
  const text = redactSecrets(wireText);
  const time = new Date(at).toISOString().slice(11, 23);
  let kind = '?';
  let action = '';
  let body = text;
  try {
    const f = JSON.parse(text) as unknown[];
    kind = TYPES[f[0] as number] ?? String(f[0]);
    if (f[0] === 2) { action = String(f[2]); body = JSON.stringify(f[3]); }
    else if (f[0] === 3) { action = actionOf(String(f[1])) ?? ''; body = JSON.stringify(f[2]); }
    else if (f[0] === 4) { action = actionOf(String(f[1])) ?? ''; body = `${String(f[2])} ${JSON.stringify(f[3])}`; }
  } catch { kind = 'RAW'; }
  const arrow = direction === 'out' ? '→' : '←';
  const mark = o.injected ? `⚡${o.injected} ` : '';
  let line = `${time}  ${stationId}  ${arrow} ${kind.padEnd(6)} ${action.padEnd(22)} ${mark}${body}`;
  if (line.length > o.width) line = `${line.slice(0, o.width - 1)}…`;
  if (!o.color) return line;
  const c = kind === 'ERROR' ? 31 : direction === 'out' ? 36 : 32;
  return `\u001b[${c}m${line}\u001b[0m`;
}

/** Remembers which action each message id belongs to, so results can be labelled. */
export class CallIndex {
  #byId = new Map<string, string>();
  note(text: string): void {
    if (!text.startsWith('[2')) return;
    try {
      const f = JSON.parse(text) as unknown[];
      this.#byId.set(String(f[1]), String(f[2]));
      if (this.#byId.size > 1000) this.#byId.delete(this.#byId.keys().next().value as string);
    } catch { /* not a call */ }
  }
  actionOf = (id: string): string | undefined => this.#byId.get(id);
}
