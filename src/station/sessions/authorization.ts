/**
 * Who may charge: the authorization cache (idTagInfo of recent answers, with expiry), the local list
 * that the installer manages on the device (SendLocalList is not supported by this product), and the
 * guide's keys that decide when each is consulted (OCPP 1.6 §3.4, §3.5, §9.1).
 */
import type { AuthorizeConf } from '../../ocpp/index.ts';
import type { ConfigAccess } from '../ports.ts';
import type { LocalListEntry } from '../control-surface.ts';
import { TwinError } from '../../shared/errors.ts';

export type IdTagInfo = AuthorizeConf['idTagInfo'];

export interface AuthState {
  cache: Record<string, IdTagInfo>;
  localList: { version: number; entries: LocalListEntry[] };
}

export const EMPTY_AUTH: AuthState = { cache: {}, localList: { version: 0, entries: [] } };

/** Outcome of a local decision; `ask` means the central system has to be asked (Authorize.req). */
export type LocalDecision = { kind: 'accept'; info: IdTagInfo; source: 'cache' | 'localList' | 'offline-unknown' } | { kind: 'reject'; info: IdTagInfo } | { kind: 'ask' };

function valid(info: IdTagInfo, now: number): boolean {
  return info.status === 'Accepted' && (info.expiryDate === undefined || Date.parse(info.expiryDate) > now);
}

export class Authorization {
  #state: AuthState;
  #config: ConfigAccess;
  #onChange: () => void;
  #onListConflict: ((idTag: string) => void) | undefined;

  /** `onListConflict`: an answer of the central system contradicts the local list for this tag (1.6 §3.5.2). */
  constructor(config: ConfigAccess, state: AuthState, onChange: () => void, onListConflict?: (idTag: string) => void) {
    this.#config = config;
    this.#state = structuredClone(state);
    this.#onChange = onChange;
    this.#onListConflict = onListConflict;
  }

  get state(): AuthState { return this.#state; }

  /** What the station knows about a tag locally (local list first, then cache). */
  known(idTag: string, now: number): IdTagInfo | undefined {
    if (this.#config.bool('LocalAuthListEnabled')) {
      const e = this.#state.localList.entries.find((x) => x.idTag === idTag);
      if (e) return { status: e.status, ...(e.parentIdTag ? { parentIdTag: e.parentIdTag } : {}), ...(e.expiryDate ? { expiryDate: e.expiryDate } : {}) };
    }
    if (this.#config.bool('AuthorizationCacheEnabled')) {
      const c = this.#state.cache[idTag];
      if (c) return valid(c, now) ? c : { ...c, status: c.status === 'Accepted' ? 'Expired' : c.status };
    }
    return undefined;
  }

  /**
   * Decides without the central system when the guide's keys allow it: online with LocalPreAuthorize,
   * a locally Accepted tag starts at once; offline with LocalAuthorizeOffline, locally known tags are
   * decided locally; offline, an unknown tag is accepted only with AllowOfflineTxForUnknownId.
   */
  decideLocally(idTag: string, online: boolean, now: number): LocalDecision {
    const local = this.known(idTag, now);
    if (online) {
      if (local && this.#config.bool('LocalPreAuthorize') && valid(local, now)) return { kind: 'accept', info: local, source: this.#sourceOf(idTag) };
      return { kind: 'ask' };
    }
    if (local && this.#config.bool('LocalAuthorizeOffline')) {
      return valid(local, now) ? { kind: 'accept', info: local, source: this.#sourceOf(idTag) } : { kind: 'reject', info: local };
    }
    if (!local && this.#config.bool('AllowOfflineTxForUnknownId')) return { kind: 'accept', info: { status: 'Accepted' }, source: 'offline-unknown' };
    return { kind: 'reject', info: local ?? { status: 'Invalid' } };
  }

  /**
   * Records an answer of the central system (Authorize, Start/StopTransaction) in the cache. A tag on the
   * (enabled) local list is not cached, and an answer whose validity differs from the list's entry is a
   * conflict the station reports (1.6 §3.5.2); the list itself changes only through its owner.
   */
  remember(idTag: string, info: IdTagInfo): void {
    const listed = this.#state.localList.entries.find((e) => e.idTag === idTag);
    if (listed && this.#config.bool('LocalAuthListEnabled') && isValidStatus(listed.status) !== isValidStatus(info.status)) this.#onListConflict?.(idTag);
    if (!this.#config.bool('AuthorizationCacheEnabled')) return;
    if (listed) return; // the local list wins (1.6 §3.5.3)
    this.#state.cache[idTag] = info;
    this.#onChange();
  }

  clearCache(): void { this.#state.cache = {}; this.#onChange(); }

  /**
   * Replaces the local list (the installer's tool; SendLocalList is not supported). A list longer than
   * LocalAuthListMaxLength, or with a bad entry, is refused whole and the current list is kept.
   */
  setLocalList(entries: LocalListEntry[], version?: number): void {
    checkLocalList(entries, version, this.#config.int('LocalAuthListMaxLength'));
    this.#state.localList = { version: version ?? this.#state.localList.version + 1, entries: structuredClone(entries) };
    this.#onChange();
  }

  #sourceOf(idTag: string): 'cache' | 'localList' {
    return this.#state.localList.entries.some((e) => e.idTag === idTag) && this.#config.bool('LocalAuthListEnabled') ? 'localList' : 'cache';
  }
}

const TAG_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'];

/** Valid in the sense of 1.6 §3.5.2: a list entry "valid" is Accepted or ConcurrentTx; Expired, Blocked, Invalid are not. */
const isValidStatus = (status: string): boolean => status === 'Accepted' || status === 'ConcurrentTx';

/** OCPP 1.6 §7.28 IdToken (≤ 20 characters) and §7.17 AuthorizationData rules, plus the list's capacity. */
function checkLocalList(entries: unknown, version: number | undefined, maxLength: number): void {
  const bad = (message: string): never => { throw new TwinError('TWIN_ERR_LOCAL_LIST_INVALID', message); };
  if (!Array.isArray(entries)) bad('the local list must be an array of entries');
  const list = entries as unknown[];
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) bad('the list version must be a positive integer');
  if (Number.isFinite(maxLength) && list.length > maxLength) {
    throw new TwinError('TWIN_ERR_LOCAL_LIST_FULL', `the local list holds at most ${maxLength} entries (LocalAuthListMaxLength); ${list.length} given`, { details: { maxLength, given: list.length } });
  }
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const e = raw as Partial<LocalListEntry> | null;
    if (typeof e !== 'object' || e === null) return bad(`entry ${i} must be an object`);
    if (typeof e.idTag !== 'string' || e.idTag.length === 0 || e.idTag.length > 20) return bad(`entry ${i}: idTag must be 1 to 20 characters`);
    if (seen.has(e.idTag)) return bad(`entry ${i}: idTag ${e.idTag} is listed twice`);
    seen.add(e.idTag);
    if (!TAG_STATUSES.includes(e.status as string)) return bad(`entry ${i}: status must be one of ${TAG_STATUSES.join(', ')}`);
    if (e.parentIdTag !== undefined && (typeof e.parentIdTag !== 'string' || e.parentIdTag.length > 20)) return bad(`entry ${i}: parentIdTag must be at most 20 characters`);
    if (e.expiryDate !== undefined && (typeof e.expiryDate !== 'string' || Number.isNaN(Date.parse(e.expiryDate)))) return bad(`entry ${i}: expiryDate must be a date-time`);
    return undefined;
  });
}
