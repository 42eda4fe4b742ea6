/**
 * Deciding whether an idTag may charge: free charging when AuthenticationOCPPMode is false; else local
 * knowledge when the guide's keys allow it, else Authorize.req, and the offline rules when the central
 * system cannot be reached. A reserved connector only accepts its tag or a tag with the same parent.
 */
import type { Sessions } from './sessions.ts';
import type { IdTagInfo } from './authorization.ts';
import type { ConnectorData, Reservation } from './session-state.ts';
import { isoAt } from '../../shared/clock.ts';

export interface AuthOutcome { accepted: boolean; info: IdTagInfo; reason?: string }

export async function authorizeTag(s: Sessions, idTag: string, c: ConnectorData | undefined): Promise<AuthOutcome> {
  const { ctx } = s;
  if (!ctx.config.bool('AuthenticationOCPPMode')) {
    // Free charging: no authorization, but a reserved connector still only serves its reservation.
    const r = c?.reservation;
    if (!r) return { accepted: true, info: { status: 'Accepted' } };
    const admitted = await reservationAdmits(s, r, idTag);
    return admitted.admitted
      ? { accepted: true, info: { status: 'Accepted', ...(admitted.parentIdTag ? { parentIdTag: admitted.parentIdTag } : {}) } }
      : { accepted: false, info: { status: 'Accepted' }, reason: 'connector reserved for another idTag' };
  }
  const now = ctx.clock.now();
  let info: IdTagInfo;
  const local = s.auth.decideLocally(idTag, ctx.uplink.online && ctx.boot.registration === 'Accepted', now);
  if (local.kind === 'reject') return { accepted: false, info: local.info, reason: 'not authorized locally' };
  if (local.kind === 'accept') {
    info = local.info;
  } else {
    try {
      info = (await ctx.uplink.call('Authorize', { idTag })).idTagInfo;
      s.auth.remember(idTag, info);
    } catch {
      const offline = s.auth.decideLocally(idTag, false, now);
      if (offline.kind !== 'accept') return { accepted: false, info: offline.kind === 'reject' ? offline.info : { status: 'Invalid' }, reason: 'central system unreachable' };
      info = offline.info;
    }
  }
  if (info.status !== 'Accepted') return { accepted: false, info, reason: info.status };
  const r = c?.reservation;
  if (r && !(await reservationAdmits(s, r, idTag, info.parentIdTag)).admitted) return { accepted: false, info, reason: 'connector reserved for another idTag' };
  return { accepted: true, info };
}

/**
 * Whether a reservation admits `idTag`: its own tag, or a tag whose parentIdTag is the reservation's. The
 * parent is looked up in the local list and cache, else learned with Authorize.req (1.6 §5.14: the Charge
 * Point SHALL send an Authorize.req when the parent is not known locally). `knownParent` skips the lookup
 * when an authorization already gave the parent.
 */
export async function reservationAdmits(s: Sessions, r: Reservation, idTag: string, knownParent?: string): Promise<{ admitted: boolean; parentIdTag?: string }> {
  if (idTag === r.idTag) return { admitted: true };
  if (!r.parentIdTag) return { admitted: false };
  let parent = knownParent ?? s.auth.known(idTag, s.ctx.clock.now())?.parentIdTag;
  if (parent === undefined && s.ctx.uplink.online) {
    try {
      const info = (await s.ctx.uplink.call('Authorize', { idTag })).idTagInfo;
      s.auth.remember(idTag, info);
      if (info.status === 'Accepted') parent = info.parentIdTag;
    } catch { /* unreachable: the parent stays unknown */ }
  }
  return parent === r.parentIdTag ? { admitted: true, parentIdTag: parent } : { admitted: false };
}

/** Synchronous pre-check of a reservation: 'no' when the local knowledge already refuses `idTag`, 'maybe' when only Authorize.req can tell. */
export function reservationMayAdmit(s: Sessions, r: Reservation | undefined, idTag: string): 'yes' | 'no' | 'maybe' {
  if (!r || r.idTag === idTag) return 'yes';
  if (!r.parentIdTag) return 'no';
  const parent = s.auth.known(idTag, s.ctx.clock.now())?.parentIdTag;
  if (parent !== undefined) return parent === r.parentIdTag ? 'yes' : 'no';
  return 'maybe';
}

/** Whether `idTag` may stop a transaction started by `owner` (same tag, or same parentIdTag; 1.6 §3.4.3). */
export async function mayStop(s: Sessions, idTag: string, owner: { idTag: string; parentIdTag?: string }): Promise<boolean> {
  if (idTag === owner.idTag) return true;
  if (!owner.parentIdTag) return false;
  const known = s.auth.known(idTag, s.ctx.clock.now());
  if (known?.parentIdTag) return known.parentIdTag === owner.parentIdTag;
  try {
    const info = (await s.ctx.uplink.call('Authorize', { idTag })).idTagInfo;
    s.auth.remember(idTag, info);
    return info.parentIdTag === owner.parentIdTag;
  } catch {
    return false;
  }
}

/**
 * 1.6 §3.5.2: "Conflicts between the local authorization list and the validity reported in, for instance,
 * a StartTransaction.conf … the Charge Point SHALL inform the Central System by sending a
 * StatusNotification with ConnectorId set to 0, and ErrorCode set to 'LocalListConflict'". Sent once per
 * conflicting answer with connector 0's current status; the tag is named in `info`.
 */
export function reportListConflict(s: Sessions, idTag: string): void {
  const ctx = s.ctx;
  ctx.uplink.call('StatusNotification', { connectorId: 0, status: ctx.status.get(0).status, errorCode: 'LocalListConflict', info: `local list: ${idTag}`.slice(0, 50), timestamp: isoAt(ctx.clock.now()) })
    .catch((e: unknown) => ctx.log.log('warn', 'LocalListConflict not delivered', { error: String(e) }));
}
