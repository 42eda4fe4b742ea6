/**
 * A strict observer of the embedded central system: on every frame it checks that no station ever has
 * two CALLs in flight (OCPP-J 1.6 §4.1.1: a CALL is in flight from the moment the central system reads
 * it until the central system has sent its CALLRESULT or CALLERROR), and it counts each station's
 * connections. Reusable by any test that runs the embedded CSMS: `const strict = strictCsms(csms)`.
 */
import type { Csms, CsmsEvent } from '../../src/csms/index.ts';

export interface ReceivedCall { stationId: string; id: string; action: string; payload: Record<string, unknown>; at: number }

export interface StrictCsms {
  /** Every breach seen, one line each (empty when the stations behaved). */
  readonly violations: string[];
  /** CALLs received from stations, in arrival order. */
  readonly calls: ReceivedCall[];
  /** Connections opened by a station since the checker started. */
  connections(stationId: string): number;
  /** Disconnections of a station since the checker started, with their close codes. */
  disconnections(stationId: string): number[];
  /** CALLs of a station still unanswered. */
  inFlight(stationId: string): number;
  stop(): void;
}

export function strictCsms(csms: Csms): StrictCsms {
  const violations: string[] = [];
  const calls: ReceivedCall[] = [];
  const open = new Map<string, Map<string, string>>();
  const connects = new Map<string, number>();
  const drops = new Map<string, number[]>();
  const unanswered = (id: string): Map<string, string> => {
    let m = open.get(id);
    if (!m) open.set(id, (m = new Map()));
    return m;
  };
  const onEvent = (e: CsmsEvent): void => {
    if (e.type === 'connected') { connects.set(e.stationId, (connects.get(e.stationId) ?? 0) + 1); open.delete(e.stationId); return; }
    if (e.type === 'disconnected') { drops.set(e.stationId, [...drops.get(e.stationId) ?? [], e.code]); open.delete(e.stationId); return; }
    let frame: unknown;
    try { frame = JSON.parse(e.text); } catch { return; }
    if (!Array.isArray(frame)) return;
    const [type, id] = frame as [number, string];
    const pending = unanswered(e.stationId);
    if (e.direction === 'in' && type === 2) {
      const action = String(frame[2]);
      if (pending.size > 0) violations.push(`${e.stationId}: CALL ${action} (${id}) while ${[...pending.values()].join(', ')} is in flight`);
      pending.set(id, `${action} (${id})`);
      calls.push({ stationId: e.stationId, id, action, payload: frame[3] as Record<string, unknown>, at: e.at });
    } else if (e.direction === 'out' && (type === 3 || type === 4)) {
      pending.delete(id);
    }
  };
  const off = csms.on(onEvent);
  return {
    violations,
    calls,
    connections: (id) => connects.get(id) ?? 0,
    disconnections: (id) => drops.get(id) ?? [],
    inFlight: (id) => open.get(id)?.size ?? 0,
    stop: off,
  };
}
