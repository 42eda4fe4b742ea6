/**
 * The station's own record of its transactions, for processes without the embedded central system
 * (`chargetwin station`, the SDK against a foreign CSMS). Nothing new is persisted: finished
 * transactions are what the station sent (StartTransaction / StopTransaction frames it emitted, and the
 * transactionId the CSMS answered), and running ones come from the station's session state at the
 * moment of the request. A transaction stopped while offline appears as stopped once its
 * StopTransaction leaves the queue; until then it is in neither list (the queue holds it).
 */
import type { Fleet, FleetEvent, FleetStation } from '../fleet/index.ts';

export interface StationTransaction {
  connectorId: number;
  /** The CSMS's id from StartTransaction.conf; null while the conf has not arrived. */
  transactionId: number | null;
  idTag: string;
  /** Status of StartTransaction.conf's idTagInfo; null until it arrives. */
  idTagStatus: string | null;
  reservationId: number | null;
  meterStart: number;
  startedAt: string;
  meterStop: number | null;
  stoppedAt: string | null;
  /** StopTransaction.reason as sent (absent in the frame means Local, 1.6 §7.48). */
  stopReason: string | null;
  /** running: in the session state now; stopped: StopTransaction sent. */
  state: 'running' | 'stopped';
  /** Whether the StartTransaction request has been sent (false while it waits in the queue). */
  startSent: boolean;
}

export interface TransactionRecord {
  /** Oldest first: the finished and running transactions of a station. */
  forStation(m: FleetStation): StationTransaction[];
  close(): void;
}

interface Entry { tx: StationTransaction; messageId: string }

const KEEP_PER_STATION = 200;

function payloadOf(text: string): { id: string; body: Record<string, unknown> } | undefined {
  try {
    const f = JSON.parse(text) as unknown[];
    const body = f[0] === 2 ? f[3] : f[2];
    return typeof body === 'object' && body !== null ? { id: String(f[1]), body: body as Record<string, unknown> } : undefined;
  } catch { return undefined; }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Starts recording from the frames of every station of `fleet` (call before stations are added). */
export function recordStationTransactions(fleet: Fleet): TransactionRecord {
  const byStation = new Map<string, Entry[]>();
  const entries = (id: string): Entry[] => { let l = byStation.get(id); if (!l) byStation.set(id, (l = [])); return l; };

  const onEvent = (e: FleetEvent): void => {
    if (e.type === 'removed') { byStation.delete(e.stationId); return; }
    if (e.type !== 'frame') return;
    const { frame } = e;
    if (frame.action !== 'StartTransaction' && frame.action !== 'StopTransaction') return;
    const p = payloadOf(frame.text);
    if (!p) return;
    const list = entries(e.stationId);
    if (frame.direction === 'out' && frame.type === 2 && frame.action === 'StartTransaction') {
      list.push({ messageId: p.id, tx: {
        connectorId: num(p.body.connectorId) ?? 0, transactionId: null, idTag: String(p.body.idTag ?? ''), idTagStatus: null,
        reservationId: num(p.body.reservationId), meterStart: num(p.body.meterStart) ?? 0, startedAt: String(p.body.timestamp ?? ''),
        meterStop: null, stoppedAt: null, stopReason: null, state: 'running', startSent: true,
      } });
      if (list.length > KEEP_PER_STATION) list.shift();
    } else if (frame.direction === 'in' && frame.type === 3 && frame.action === 'StartTransaction') {
      const entry = list.find((x) => x.messageId === p.id);
      if (!entry) return;
      entry.tx.transactionId = num(p.body.transactionId);
      const info = p.body.idTagInfo as { status?: unknown } | undefined;
      entry.tx.idTagStatus = typeof info?.status === 'string' ? info.status : null;
    } else if (frame.direction === 'out' && frame.type === 2 && frame.action === 'StopTransaction') {
      const id = num(p.body.transactionId);
      // A stop whose start this record did not see (sent before a restart of the process): kept alone.
      let entry = list.find((x) => x.tx.state === 'running' && x.tx.transactionId !== null && x.tx.transactionId === id);
      if (!entry) {
        entry = { messageId: '', tx: { connectorId: 0, transactionId: id, idTag: String(p.body.idTag ?? ''), idTagStatus: null, reservationId: null, meterStart: 0, startedAt: '', meterStop: null, stoppedAt: null, stopReason: null, state: 'stopped', startSent: false } };
        list.push(entry);
        if (list.length > KEEP_PER_STATION) list.shift();
      }
      entry.tx.state = 'stopped';
      entry.tx.meterStop = num(p.body.meterStop);
      entry.tx.stoppedAt = String(p.body.timestamp ?? '');
      entry.tx.stopReason = typeof p.body.reason === 'string' ? p.body.reason : 'Local';
    }
  };
  const off = fleet.on(onEvent);

  return {
    forStation(m) {
      const sent = (byStation.get(m.spec.id) ?? []).map((x) => ({ ...x.tx }));
      const view = (m.station.context.controls.state?.() ?? {}) as { connectors?: Array<{ id: number; energyWh?: number; transaction?: { transactionId: number | null; idTag: string; meterStart: number; startedAt: number } | null }> };
      for (const c of view.connectors ?? []) {
        const t = c.transaction;
        if (!t) continue;
        const startedAt = new Date(t.startedAt).toISOString();
        const known = sent.find((x) => x.state === 'running' && x.connectorId === c.id && x.startedAt === startedAt);
        if (known) { known.transactionId ??= t.transactionId; continue; }
        sent.push({ connectorId: c.id, transactionId: t.transactionId, idTag: t.idTag, idTagStatus: null, reservationId: null, meterStart: t.meterStart, startedAt, meterStop: null, stoppedAt: null, stopReason: null, state: 'running', startSent: false });
      }
      // A start whose stop is not sent yet and that no longer runs was stopped offline: its StopTransaction is queued.
      return sent.filter((x) => x.state === 'stopped' || (view.connectors ?? []).some((c) => c.id === x.connectorId && c.transaction && new Date(c.transaction.startedAt).toISOString() === x.startedAt));
    },
    close: off,
  };
}
