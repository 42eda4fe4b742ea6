/**
 * The serializable state of the sessions of one station: what persistence saves and a restart reads.
 */
import type { ConnectorState } from './connector-fsm.ts';
import type { EvModel } from './electrical.ts';
import type { MeterValue } from './meter-values.ts';
import type { AuthState } from './authorization.ts';

export interface TxData {
  /** The station's own reference, known before the CSMS's transactionId. */
  txRef: string;
  transactionId?: number;
  idTag: string;
  parentIdTag?: string;
  meterStart: number;
  startedAt: number;
  reservationId?: number;
  /** Values for StopTransaction.transactionData (SampledDataTxEnded / AlignedDataTxEnded). */
  txData: MeterValue[];
}

export interface Reservation { reservationId: number; idTag: string; parentIdTag?: string; expiryDate: string }

export interface ConnectorData {
  id: number;
  fsm: ConnectorState;
  ev: EvModel;
  energyWh: number;
  tx?: TxData | undefined;
  pendingAuth?: { idTag: string; parentIdTag?: string; at: number } | undefined;
  reservation?: Reservation | undefined;
  /** Active vendor error codes (guide table), most recent last. */
  faults: string[];
}

export interface SessionsState {
  connectors: ConnectorData[];
  auth: AuthState;
  /** Station-wide availability (connector 0). */
  stationOperative: boolean;
  /** Station-scope vendor error codes. */
  stationFaults: string[];
  txCounter: number;
}

/** Most entries kept in a transaction's transactionData (the oldest are dropped first). */
export const MAX_TX_DATA = 100;
