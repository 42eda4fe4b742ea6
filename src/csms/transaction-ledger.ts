/**
 * The central system's record of every transaction message it accepted, in arrival order. It is the
 * oracle of the durability tests: every transaction must show one start, its meter values, one stop,
 * in order and without duplicates.
 */
import type { MeterValuesReq, StartTransactionReq, StopTransactionReq } from '../ocpp/index.ts';

export interface LedgerTransaction {
  transactionId: number;
  stationId: string;
  start: StartTransactionReq;
  meterValues: MeterValuesReq[];
  stop?: StopTransactionReq;
  /** Every message of this transaction as received, including duplicates (which are anomalies). */
  events: Array<{ action: 'StartTransaction' | 'MeterValues' | 'StopTransaction'; at: number }>;
  anomalies: string[];
}

export class TransactionLedger {
  #next: number;
  #byId = new Map<number, LedgerTransaction>();
  /** Messages that named a transaction the CSMS never started (e.g. id -1 or a stale id). */
  readonly orphans: Array<{ stationId: string; action: string; transactionId: number; at: number }> = [];
  /** Answers given to transaction messages by station and message id, so retransmissions are recognised. */
  readonly answered = new Map<string, unknown>();

  constructor(firstTransactionId = 1) { this.#next = firstTransactionId; }

  start(stationId: string, req: StartTransactionReq, at: number): LedgerTransaction {
    const tx: LedgerTransaction = { transactionId: this.#next++, stationId, start: req, meterValues: [], events: [{ action: 'StartTransaction', at }], anomalies: [] };
    for (const other of this.#byId.values()) {
      if (other.stationId === stationId && other.start.connectorId === req.connectorId && other.start.timestamp === req.timestamp && other.start.meterStart === req.meterStart) {
        tx.anomalies.push(`duplicate StartTransaction of transaction ${other.transactionId}`);
      }
    }
    this.#byId.set(tx.transactionId, tx);
    return tx;
  }

  meterValues(stationId: string, req: MeterValuesReq, at: number): void {
    if (req.transactionId === undefined) return;
    const tx = this.#byId.get(req.transactionId);
    if (!tx || tx.stationId !== stationId) { this.orphans.push({ stationId, action: 'MeterValues', transactionId: req.transactionId, at }); return; }
    if (tx.stop) tx.anomalies.push('MeterValues after StopTransaction');
    tx.meterValues.push(req);
    tx.events.push({ action: 'MeterValues', at });
  }

  stop(stationId: string, req: StopTransactionReq, at: number): void {
    const tx = this.#byId.get(req.transactionId);
    if (!tx || tx.stationId !== stationId) { this.orphans.push({ stationId, action: 'StopTransaction', transactionId: req.transactionId, at }); return; }
    if (tx.stop) tx.anomalies.push('duplicate StopTransaction');
    else tx.stop = req;
    tx.events.push({ action: 'StopTransaction', at });
  }

  get(transactionId: number): LedgerTransaction | undefined { return this.#byId.get(transactionId); }
  all(): LedgerTransaction[] { return [...this.#byId.values()]; }
  forStation(stationId: string): LedgerTransaction[] { return this.all().filter((t) => t.stationId === stationId); }
}
