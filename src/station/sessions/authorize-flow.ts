/**
 * Deciding whether an idTag may charge: free charging when AuthenticationOCPPMode is false; else local
 * knowledge when the guide's keys allow it, else Authorize.req, and the offline rules when the central
 * system cannot be reached. A reserved connector only accepts its tag or a tag with the same parent.
 */
import type { Sessions } from './sessions.ts';
import type { IdTagInfo } from './authorization.ts';
import type { ConnectorData } from './session-state.ts';

export interface AuthOutcome { accepted: boolean; info: IdTagInfo; reason?: string }

export async function authorizeTag(s: Sessions, idTag: string, c: ConnectorData | undefined): Promise<AuthOutcome> {
  const { ctx } = s;
  if (!ctx.config.bool('AuthenticationOCPPMode')) return { accepted: true, info: { status: 'Accepted' } };
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
  if (r && r.idTag !== idTag && !(r.parentIdTag && info.parentIdTag === r.parentIdTag)) return { accepted: false, info, reason: 'connector reserved for another idTag' };
  return { accepted: true, info };
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
