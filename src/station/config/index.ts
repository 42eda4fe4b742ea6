export { ConfigStore } from './config-store.ts';
export type { ConfigSnapshot, ChangeStatus } from './config-store.ts';
export { checkValue, MAX_VALUE_LENGTH } from './value-rules.ts';
