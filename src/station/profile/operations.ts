/**
 * The profile's operation lists decide what the station answers, whatever features are installed:
 * - a central-system action the profile lists as supported reaches the feature that handles it;
 * - one the profile lists as not supported is answered with the action's own "not supported" status
 *   where OCPP 1.6 defines one for the whole operation (SendLocalList.conf NotSupported, §7.44;
 *   UnlockConnector.conf NotSupported, §7.46), else with a CALLERROR NotSupported;
 * - one the profile does not list at all gets no handler, so the RPC layer answers CALLERROR NotSupported
 *   (OCPP-J §4.2.3 "Requested Action is recognized but not supported by the receiver");
 * - a feature cannot send a charge-point action the profile does not list (TWIN_ERR_OPERATION_NOT_IN_PROFILE),
 *   nor register it for TriggerMessage (so TriggerMessage answers NotImplemented for it, 1.6 §5.17).
 */
import { TwinError } from '../../shared/errors.ts';
import type { CsAction } from '../ports.ts';
import type { StationContext, StationFeature } from '../station.ts';
import type { DeviceProfile } from './device-profile.ts';
import { narrowContext } from './narrow-context.ts';

/** Confirmations meaning "this charge point does not support the operation", per OCPP 1.6. */
const NOT_SUPPORTED_ANSWER: Partial<Record<CsAction, Record<string, unknown>>> = {
  SendLocalList: { status: 'NotSupported' },
  UnlockConnector: { status: 'NotSupported' },
};

/** Runs the features through a context that only lets the profile's operations in and out. */
export function profileOperations(profile: DeviceProfile, features: StationFeature[]): StationFeature {
  const supported = new Set<string>(profile.operations.centralSystemInitiated);
  const sends = new Set<string>(profile.operations.chargePointInitiated);
  return (ctx) => {
    const uplink: StationContext['uplink'] = {
      get online() { return ctx.uplink.online; },
      call(action, req, options) {
        if (!sends.has(action)) return Promise.reject(new TwinError('TWIN_ERR_OPERATION_NOT_IN_PROFILE', `${action} is not an operation of this device profile`));
        return ctx.uplink.call(action, req, options);
      },
    };
    const narrowed = narrowContext(ctx, {
      uplink,
      handle: (action, fn) => { if (supported.has(action)) ctx.handle(action, fn); },
      // A message the product never sends cannot be triggered: TriggerMessage answers NotImplemented.
      onTrigger: (message, fn) => { if (sends.has(message)) ctx.onTrigger(message, fn); },
    });
    for (const feature of features) feature(narrowed);
    for (const action of profile.operations.notSupported as CsAction[]) {
      const answer = NOT_SUPPORTED_ANSWER[action];
      if (answer) ctx.handle(action, () => answer as never);
    }
  };
}
