/**
 * The profile's operation lists decide what the station answers, whatever features are installed (the
 * station model applies these rules in `handle`, `onTrigger` and its uplink):
 * - a central-system action the profile lists as supported reaches the feature that handles it;
 * - one the profile lists as not supported is answered with the action's own "not supported" status
 *   where OCPP 1.6 defines one for the whole operation (SendLocalList.conf NotSupported, §7.44;
 *   UnlockConnector.conf NotSupported, §7.46), else with a CALLERROR NotSupported;
 * - one the profile does not list at all gets no handler, so the RPC layer answers CALLERROR NotSupported
 *   (OCPP-J §4.2.3 "Requested Action is recognized but not supported by the receiver");
 * - a feature cannot send a charge-point action the profile does not list (TWIN_ERR_OPERATION_NOT_IN_PROFILE),
 *   nor register it for TriggerMessage (so TriggerMessage answers NotImplemented for it, 1.6 §5.17).
 */
import type { Handler } from '../../ocpp/action-types.ts';
import type { CsAction, OperationRules } from '../ports.ts';
import type { DeviceProfile } from './device-profile.ts';

/** Confirmations meaning "this charge point does not support the operation", per OCPP 1.6. */
const NOT_SUPPORTED_ANSWER: Partial<Record<CsAction, Record<string, unknown>>> = {
  SendLocalList: { status: 'NotSupported' },
  UnlockConnector: { status: 'NotSupported' },
};

/**
 * The rules of a profile's operation lists, built once per profile and shared by all its stations (the
 * station model applies them: `handle`, `onTrigger` and the uplink consult them).
 */
export function operationRules(profile: DeviceProfile): OperationRules {
  const supported = new Set<string>(profile.operations.centralSystemInitiated);
  const sends = new Set<string>(profile.operations.chargePointInitiated);
  const fixed = new Map<CsAction, Handler<CsAction>>();
  for (const action of profile.operations.notSupported as CsAction[]) {
    const answer = NOT_SUPPORTED_ANSWER[action];
    if (answer) fixed.set(action, (() => answer) as unknown as Handler<CsAction>);
  }
  return {
    accepts: (action) => supported.has(action),
    sends: (action) => sends.has(action),
    notSupportedAnswers: fixed,
  };
}
