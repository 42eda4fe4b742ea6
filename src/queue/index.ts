export { TransactionQueue, DEFAULT_QUEUE_BOUND } from './transaction-queue.ts';
export type { QueueStats, Ready, Drop } from './transaction-queue.ts';
export { memoryQueueStore } from './queue-store.ts';
export type { MessageQueueStore, QueuedMessage, TxAction, DropKind } from './queue-store.ts';
