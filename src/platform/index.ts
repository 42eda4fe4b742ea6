export { ScaledClock } from './scaled-clock.ts';
export type { ScaledClockState } from './scaled-clock.ts';
export { RealTimeClock } from './real-time-clock.ts';
