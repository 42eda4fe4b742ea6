export type { Clock, TimerId } from './clock.ts';
export { isoAt } from './clock.ts';
export { TimerQueue } from './timer-queue.ts';
export { SimulatedClock } from './simulated-clock.ts';
export { TwinError, isTwinError } from './errors.ts';
export type { Logger, LogLevel } from './logger.ts';
export { silentLogger } from './logger.ts';
