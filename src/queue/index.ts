export { TransactionQueue } from './transaction-queue.ts';
export type { QueueStats, Ready } from './transaction-queue.ts';
export { memoryQueueStore } from './queue-store.ts';
export type { MessageQueueStore, QueuedMessage, TxAction } from './queue-store.ts';
