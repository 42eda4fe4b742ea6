/**
 * The charging profiles installed on one station, with OCPP 1.6 §5.16 SetChargingProfile checks and
 * replacement rules and §5.5 ClearChargingProfile selection. Serializable for persistence.
 */
import type { ClearChargingProfileReq } from '../ocpp/index.ts';
import type { ChargingProfile, InstalledProfile } from './profile-math.ts';

export interface ProfileRules {
  maxStackLevel: number;
  maxPeriods: number;
  maxInstalled: number;
  allowedUnits: ReadonlyArray<'A' | 'W'>;
  connectorCount: number;
}

export type InstallOutcome = { status: 'Accepted' } | { status: 'Rejected'; reason: string };

export class ChargingProfileStore {
  #profiles: InstalledProfile[];

  constructor(saved: InstalledProfile[] = []) { this.#profiles = structuredClone(saved); }

  list(): InstalledProfile[] { return this.#profiles; }
  toJSON(): InstalledProfile[] { return structuredClone(this.#profiles); }

  /**
   * Checks and installs a profile. `activeTx` gives the running transaction id per connector (a TxProfile
   * needs one, and names it if it gives a transactionId).
   */
  install(connectorId: number, profile: ChargingProfile, rules: ProfileRules, activeTx: ReadonlyMap<number, number | undefined>, now: number): InstallOutcome {
    const reject = (reason: string): InstallOutcome => ({ status: 'Rejected', reason });
    const s = profile.chargingSchedule;
    if (connectorId < 0 || connectorId > rules.connectorCount) return reject(`connector ${connectorId} does not exist`);
    if (!rules.allowedUnits.includes(s.chargingRateUnit)) return reject(`charging rate unit ${s.chargingRateUnit} is not supported`);
    if (profile.stackLevel < 0 || profile.stackLevel > rules.maxStackLevel) return reject(`stackLevel ${profile.stackLevel} outside 0..${rules.maxStackLevel}`);
    const periods = s.chargingSchedulePeriod;
    if (periods.length === 0) return reject('no charging schedule period');
    if (periods.length > rules.maxPeriods) return reject(`${periods.length} periods, at most ${rules.maxPeriods}`);
    if (periods[0]!.startPeriod !== 0) return reject('the first period must start at 0');
    for (let i = 1; i < periods.length; i++) if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) return reject('periods must be in increasing startPeriod order');
    if (periods.some((p) => p.limit < 0)) return reject('negative limit');
    if (profile.chargingProfileKind === 'Recurring' && !profile.recurrencyKind) return reject('a Recurring profile needs a recurrencyKind');
    // A validTo already reached is no reason to refuse (1.6 lists none): the profile is installed and
    // replaces like any other, never applies (profileLimitAt stops at validTo), and `expire` removes it.
    switch (profile.chargingProfilePurpose) {
      case 'ChargePointMaxProfile':
        if (connectorId !== 0) return reject('ChargePointMaxProfile only on connector 0');
        // Relative to what? A station-wide limit has no transaction to start from (1.6 is silent; 2.0.1
        // forbids a Relative ChargingStationMaxProfile). Accepting it would install a limit never applied.
        if (profile.chargingProfileKind === 'Relative') return reject('a ChargePointMaxProfile cannot be Relative (it has no transaction to start from)');
        break;
      case 'TxProfile': {
        if (connectorId === 0) return reject('TxProfile needs a connector');
        if (!activeTx.has(connectorId)) return reject('TxProfile without a running transaction on the connector');
        const txId = activeTx.get(connectorId);
        if (profile.transactionId !== undefined && profile.transactionId !== txId) return reject('transactionId does not match the running transaction');
        break;
      }
      case 'TxDefaultProfile':
        break;
    }
    const kept = this.#profiles.filter((p) => !(
      p.profile.chargingProfileId === profile.chargingProfileId
      || (p.connectorId === connectorId && p.profile.stackLevel === profile.stackLevel && p.profile.chargingProfilePurpose === profile.chargingProfilePurpose)
    ));
    if (kept.length + 1 > rules.maxInstalled) return reject(`at most ${rules.maxInstalled} profiles installed`);
    this.#profiles = [...kept, { connectorId, profile: structuredClone(profile), installedAt: now }];
    return { status: 'Accepted' };
  }

  /** ClearChargingProfile: by id (other criteria then ignored), else every profile matching all given criteria. */
  clear(req: ClearChargingProfileReq): 'Accepted' | 'Unknown' {
    const match = (p: InstalledProfile): boolean => {
      if (req.id !== undefined) return p.profile.chargingProfileId === req.id;
      if (req.connectorId !== undefined && p.connectorId !== req.connectorId) return false;
      if (req.chargingProfilePurpose !== undefined && p.profile.chargingProfilePurpose !== req.chargingProfilePurpose) return false;
      if (req.stackLevel !== undefined && p.profile.stackLevel !== req.stackLevel) return false;
      return true;
    };
    const before = this.#profiles.length;
    this.#profiles = this.#profiles.filter((p) => !match(p));
    return this.#profiles.length < before ? 'Accepted' : 'Unknown';
  }

  /** TxProfiles end with their transaction (OCPP 1.6 §3.13.1). */
  onTransactionEnded(connectorId: number): boolean {
    const before = this.#profiles.length;
    this.#profiles = this.#profiles.filter((p) => !(p.connectorId === connectorId && p.profile.chargingProfilePurpose === 'TxProfile'));
    return this.#profiles.length < before;
  }

  /** Removes profiles whose validTo has passed; returns the earliest validTo still ahead. */
  expire(now: number): { removed: boolean; nextExpiry: number | undefined } {
    const before = this.#profiles.length;
    this.#profiles = this.#profiles.filter((p) => p.profile.validTo === undefined || Date.parse(p.profile.validTo) > now);
    const next = this.#profiles.map((p) => (p.profile.validTo ? Date.parse(p.profile.validTo) : Infinity)).reduce((a, b) => Math.min(a, b), Infinity);
    return { removed: this.#profiles.length < before, nextExpiry: Number.isFinite(next) ? next : undefined };
  }
}
