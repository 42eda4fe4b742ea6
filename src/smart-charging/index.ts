export { ChargingProfileStore } from './profile-store.ts';
export type { ProfileRules, InstallOutcome } from './profile-store.ts';
export { COMPOSITE_MAX_DURATION_S, limitAt, limitWithNextChange, compositeSchedule, boundaries } from './composite.ts';
export type { EngineLimits, Unit, CompositeSchedule } from './composite.ts';
export { profileLimitAt, profileBoundaries, occurrenceStart } from './profile-math.ts';
export type { ChargingProfile, InstalledProfile, TxContext } from './profile-math.ts';
