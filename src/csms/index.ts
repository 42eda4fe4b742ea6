export { startCsms } from './central-system.ts';
export type { Csms, CsmsOptions, CsmsEvent, StationRecord, RecordedFrame } from './central-system.ts';
export { TagList } from './tag-list.ts';
export type { IdTagInfo } from './tag-list.ts';
export { TransactionLedger } from './transaction-ledger.ts';
export type { LedgerTransaction } from './transaction-ledger.ts';
