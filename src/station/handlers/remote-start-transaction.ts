/**
 * OCPP 1.6 §5.11 RemoteStartTransaction. Rejected when no connector can take a session (connector 0 or
 * one that does not exist, unavailable, faulted, busy, reserved for another tag) or when a given charging profile is not a
 * TxProfile the smart-charging module accepts. With AuthorizeRemoteTxRequests the tag is authorized
 * (locally or with Authorize.req) before the session starts; without it the CSMS's word is enough. A
 * reserved connector takes the reservation's tag, or a tag whose parentIdTag (known locally, else learned
 * with Authorize.req after the answer, 1.6 §5.14) is the reservation's; a tag known locally to have
 * another parent is Rejected at once. Before the BootNotification is Accepted (Pending) it is Rejected:
 * 1.6 §4.2 does not allow it while Pending.
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';
import { authorizeTag, reservationAdmits, reservationMayAdmit } from '../sessions/authorize-flow.ts';
import type { ReqOf } from '../ports.ts';

type RemoteStartProfile = NonNullable<ReqOf<'RemoteStartTransaction'>['chargingProfile']>;

/** Smart charging's part in a remote start carrying a TxProfile. */
export interface RemoteStartProfileHook {
  /** Whether the profile would be accepted for a transaction on the connector (nothing is installed). */
  checkRemoteStart(connectorId: number, profile: RemoteStartProfile): 'Accepted' | 'Rejected';
  /**
   * Keeps the profile for the transaction this remote start's authorization begins; called at the instant
   * the connector is authorized, and only when it is (a refused tag holds nothing).
   */
  holdRemoteStart(connectorId: number, profile: RemoteStartProfile, idTag: string): void;
}

export const remoteStartTransaction: OperationSet = {
  handlers: {
    RemoteStartTransaction: (req, hctx, st) => {
      if (st.boot.registration !== 'Accepted') return { status: 'Rejected' };
      if (req.connectorId !== undefined && (req.connectorId < 1 || req.connectorId > st.connectorCount)) return { status: 'Rejected' };
      const s = sessionsOf(st);
      const profileHook: RemoteStartProfileHook | undefined = st.parts.smartCharging;
      const free = (id: number): boolean => {
        const c = s.connector(id);
        return !c.tx && !c.fsm.authorized && c.fsm.operative && !c.fsm.installPending && !c.fsm.faulted && s.state.stationOperative && reservationMayAdmit(s, c.reservation, req.idTag) !== 'no';
      };
      const id = req.connectorId ?? s.state.connectors.find((c) => free(c.id) && c.fsm.plugged)?.id ?? s.state.connectors.find((c) => free(c.id))?.id;
      if (id === undefined || !free(id)) return { status: 'Rejected' };
      if (req.chargingProfile) {
        if (req.chargingProfile.chargingProfilePurpose !== 'TxProfile' || !profileHook || profileHook.checkRemoteStart(id, req.chargingProfile) !== 'Accepted') return { status: 'Rejected' };
      }
      hctx.afterReply(() => {
        void (async () => {
          if (st.config.bool('AuthorizeRemoteTxRequests')) {
            const outcome = await authorizeTag(s, req.idTag, s.connector(id));
            if (!outcome.accepted) { st.log.log('info', `remote start for ${req.idTag} not authorized: ${outcome.reason ?? ''}`); return; }
            if (req.chargingProfile) profileHook?.holdRemoteStart(id, req.chargingProfile, req.idTag);
            s.authorize(id, req.idTag, outcome.info.parentIdTag);
          } else {
            // The CSMS's word is enough for the tag, but a reservation still needs its tag or its parent.
            const r = s.connector(id).reservation;
            const admitted = r ? await reservationAdmits(s, r, req.idTag) : { admitted: true };
            if (!admitted.admitted) { st.log.log('info', `remote start for ${req.idTag} refused: connector ${id} is reserved for another idTag`); return; }
            if (req.chargingProfile) profileHook?.holdRemoteStart(id, req.chargingProfile, req.idTag);
            s.authorize(id, req.idTag, admitted.parentIdTag);
          }
        })().catch((e: unknown) => st.log.log('warn', 'remote start failed', { error: String(e) }));
      });
      return { status: 'Accepted' };
    },
  },
};
