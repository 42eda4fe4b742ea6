/**
 * The EVlink Pro AC preset of the profile-driven station builder: profiles/evlink-pro-ac.json unless
 * another profile is given. Everything product-specific is in the profile; see profile-station.ts.
 */
import type { StationBuilder } from '../fleet/fleet.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { buildProfileStation, type ProfileBuilderOptions } from './profile-station.ts';

export { serialFor, buildProfileStation } from './profile-station.ts';
export type { ProfileBuilderOptions } from './profile-station.ts';

export type EvlinkBuilderOptions = Omit<ProfileBuilderOptions, 'profile'> & { profile?: ProfileBuilderOptions['profile'] };

export function buildEvlinkStation(opts: EvlinkBuilderOptions = {}): StationBuilder {
  return buildProfileStation({ ...opts, profile: opts.profile ?? evlinkProAc });
}
