import evlinkJson from '../../../profiles/evlink-pro-ac.json' with { type: 'json' };
import { parseDeviceProfile, type DeviceProfile } from './device-profile.ts';

export { parseDeviceProfile, findModel } from './device-profile.ts';
export type { DeviceProfile, ConfigKeyDef, ModelDef, VendorErrorDef, KeyType } from './device-profile.ts';

/** The EVlink Pro AC profile (profiles/evlink-pro-ac.json), parsed and checked once when first imported. */
export const evlinkProAc: DeviceProfile = parseDeviceProfile(evlinkJson);
