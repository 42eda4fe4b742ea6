/**
 * The station's own record of its transactions, for processes without the embedded central system
 * (`chargetwin station`, the SDK against a foreign CSMS). Nothing new is persisted: a transaction is
 * what the station sent (StartTransaction / StopTransaction frames it emitted, and the transactionId the
 * CSMS answered), what it still has to send (its durable transaction queue), and what runs in its
 * session state at the moment of the request. So a transaction the station has ended is in the record as
 * stopped at once, whether its StopTransaction has left (stopSent) or still waits in the queue (offline,
 * or behind another call): the record never lags behind the station's state.
 */
import type { Fleet, FleetEvent, FleetStation } from '../fleet/index.ts';
import type { QueuedTxMessage } from '../station/tx-delivery.ts';

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
  /** Whether the StopTransaction request has been sent (false while running, or while it waits in the queue). */
  stopSent: boolean;
}

export interface TransactionRecord {
  /** Oldest first: the finished and running transactions of a station. */
  forStation(m: FleetStation): StationTransaction[];
  close(): void;
}

/** A recorded transaction with the message ids its StartTransaction and StopTransaction went out under. */
interface Entry { tx: StationTransaction; messageId: string; stopMessageId?: string }

const KEEP_PER_STATION = 200;

function payloadOf(text: string): { id: string; body: Record<string, unknown> } | undefined {
  try {
    const f = JSON.parse(text) as unknown[];
    const body = f[0] === 2 ? f[3] : f[2];
    return typeof body === 'object' && body !== null ? { id: String(f[1]), body: body as Record<string, unknown> } : undefined;
  } catch { return undefined; }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A running transaction as a StartTransaction.req describes it. */
function startOf(body: Record<string, unknown>, startSent: boolean): StationTransaction {
  return {
    connectorId: num(body.connectorId) ?? 0, transactionId: null, idTag: String(body.idTag ?? ''), idTagStatus: null,
    reservationId: num(body.reservationId), meterStart: num(body.meterStart) ?? 0, startedAt: String(body.timestamp ?? ''),
    meterStop: null, stoppedAt: null, stopReason: null, state: 'running', startSent, stopSent: false,
  };
}

/** Marks a transaction stopped as a StopTransaction.req describes it (no reason means Local, 1.6 §7.48). */
function stopWith(tx: StationTransaction, body: Record<string, unknown>, sent: boolean): void {
  tx.state = 'stopped';
  tx.meterStop = num(body.meterStop);
  tx.stoppedAt = String(body.timestamp ?? '');
  tx.stopReason = typeof body.reason === 'string' ? body.reason : 'Local';
  tx.stopSent = sent;
}

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
      list.push({ messageId: p.id, tx: startOf(p.body, true) });
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
        entry = { messageId: '', tx: { ...startOf({}, false), transactionId: id } };
        list.push(entry);
        if (list.length > KEEP_PER_STATION) list.shift();
      }
      entry.stopMessageId = p.id;
      stopWith(entry.tx, p.body, true);
    }
  };
  const off = fleet.on(onEvent);

  return {
    forStation(m) {
      const recorded = (byStation.get(m.spec.id) ?? []).map((x) => ({ ...x, tx: { ...x.tx } }));
      const controls = m.station.context.controls as { queuedTransactionMessages?: () => QueuedTxMessage[] };
      withQueued(recorded, controls.queuedTransactionMessages?.() ?? []);
      const sent = recorded.map((x) => x.tx);
      const view = (m.station.context.controls.state?.() ?? {}) as { connectors?: Array<{ id: number; energyWh?: number; transaction?: { transactionId: number | null; idTag: string; meterStart: number; startedAt: number } | null }> };
      for (const c of view.connectors ?? []) {
        const t = c.transaction;
        if (!t) continue;
        const startedAt = new Date(t.startedAt).toISOString();
        const known = sent.find((x) => x.state === 'running' && x.connectorId === c.id && x.startedAt === startedAt);
        if (known) { known.transactionId ??= t.transactionId; continue; }
        sent.push({ connectorId: c.id, transactionId: t.transactionId, idTag: t.idTag, idTagStatus: null, reservationId: null, meterStart: t.meterStart, startedAt, meterStop: null, stoppedAt: null, stopReason: null, state: 'running', startSent: false, stopSent: false });
      }
      // A start with no stop, sent or queued, that no longer runs: its StopTransaction was dropped from the queue.
      return sent.filter((x) => x.state === 'stopped' || (view.connectors ?? []).some((c) => c.id === x.connectorId && c.transaction && new Date(c.transaction.startedAt).toISOString() === x.startedAt));
    },
    close: off,
  };
}

/**
 * Adds what the station's queue still holds to the recorded entries: a queued StartTransaction not sent
 * yet is a running transaction (startSent false); a queued StopTransaction not sent yet stops its
 * transaction (stopSent false). Messages already sent (in flight) are recorded from their frames.
 */
function withQueued(recorded: Entry[], queued: QueuedTxMessage[]): void {
  const byRef = new Map<string, Entry>();
  for (const q of queued) {
    if (q.action === 'StartTransaction') {
      let entry = recorded.find((x) => x.messageId === q.messageId);
      if (!entry) { entry = { messageId: q.messageId, tx: startOf(q.payload, false) }; recorded.push(entry); }
      byRef.set(q.txRef, entry);
      continue;
    }
    if (recorded.some((x) => x.stopMessageId === q.messageId)) continue;
    let entry = byRef.get(q.txRef) ?? (q.transactionId !== undefined ? recorded.find((x) => x.tx.state === 'running' && x.tx.transactionId === q.transactionId) : undefined);
    if (!entry) { entry = { messageId: '', tx: { ...startOf({}, false), transactionId: q.transactionId ?? null } }; recorded.push(entry); }
    entry.tx.transactionId ??= q.transactionId ?? null;
    stopWith(entry.tx, q.payload, false);
  }
}
