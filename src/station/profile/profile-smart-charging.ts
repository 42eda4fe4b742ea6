/**
 * Smart charging restricted to what the device profile supports: charging profile purposes and
 * recurrency kinds outside the profile's lists are Rejected (rate units are checked by the engine from
 * the same profile), and the attributes the profile marks "not used" (the guide's minChargingRate and
 * numberPhases) are dropped before the profile is stored, so they never influence a limit.
 */
import type { ChargingProfile } from '../../smart-charging/index.ts';
import { StationSmartCharging } from '../station-smart-charging.ts';
import type { DeviceProfile } from './device-profile.ts';

type Restrictions = DeviceProfile['smartCharging'];

/** Why the device cannot take this charging profile, or undefined when it can. */
export function restrictionOf(sc: Restrictions, p: ChargingProfile): string | undefined {
  if (!sc.purposes.includes(p.chargingProfilePurpose)) return `charging profile purpose ${p.chargingProfilePurpose} is not supported`;
  if (p.recurrencyKind !== undefined && !sc.recurrencyKinds.includes(p.recurrencyKind)) return `recurrency kind ${p.recurrencyKind} is not supported`;
  return undefined;
}

/** A copy without the attributes the device does not use. */
export function withoutIgnored(sc: Restrictions, p: ChargingProfile): ChargingProfile {
  if (sc.ignoredAttributes.length === 0) return p;
  const copy = structuredClone(p);
  if (sc.ignoredAttributes.includes('minChargingRate')) delete copy.chargingSchedule.minChargingRate;
  if (sc.ignoredAttributes.includes('numberPhases')) for (const period of copy.chargingSchedule.chargingSchedulePeriod) delete period.numberPhases;
  return copy;
}

export class ProfileSmartCharging extends StationSmartCharging {
  #sc: Restrictions;

  constructor(sc: Restrictions, o: ConstructorParameters<typeof StationSmartCharging>[0]) {
    super(o);
    this.#sc = sc;
  }

  /** RemoteStartTransaction's TxProfile, under the same restrictions as SetChargingProfile. */
  override checkRemoteStart(connectorId: number, profile: ChargingProfile): 'Accepted' | 'Rejected' {
    return restrictionOf(this.#sc, profile) ? 'Rejected' : super.checkRemoteStart(connectorId, withoutIgnored(this.#sc, profile));
  }

  override holdRemoteStart(connectorId: number, profile: ChargingProfile, idTag: string): void {
    super.holdRemoteStart(connectorId, withoutIgnored(this.#sc, profile), idTag);
  }

  override install(...[connectorId, profile, txOverride]: Parameters<StationSmartCharging['install']>): ReturnType<StationSmartCharging['install']> {
    const why = restrictionOf(this.#sc, profile);
    if (why) return { status: 'Rejected', reason: why };
    return super.install(connectorId, withoutIgnored(this.#sc, profile), txOverride);
  }
}
