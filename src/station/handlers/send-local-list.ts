/**
 * OCPP 1.6 §5.15 SendLocalList, for a profile that lists it as supported (the EVlink does not: its
 * profile lists SendLocalList as not supported, answered SendLocalList.conf NotSupported by
 * profile/operations.ts). Full replaces the list; Differential adds or updates entries with idTagInfo
 * and removes those without (1.6 §6.4 AuthorizationData). Answers (1.6 §7.44 UpdateStatus):
 * - VersionMismatch: a Differential update whose listVersion is not above the current version;
 * - Failed: more entries than SendLocalListMaxLength, a list that would exceed LocalAuthListMaxLength,
 *   an idTag twice in one request, a Full entry without idTagInfo, a listVersion below 1, an entry the
 *   local list refuses, or no local list on the station;
 * - Accepted otherwise; the list then carries the request's listVersion.
 */
import { isTwinError } from '../../shared/errors.ts';
import type { LocalListEntry } from '../control-surface.ts';
import type { ConfOf, ReqOf } from '../ports.ts';
import type { OperationSet, StationContext } from '../station.ts';

type Item = NonNullable<ReqOf<'SendLocalList'>['localAuthorizationList']>[number];

const entryOf = (item: Item & { idTagInfo: NonNullable<Item['idTagInfo']> }): LocalListEntry => ({
  idTag: item.idTag,
  status: item.idTagInfo.status,
  ...(item.idTagInfo.parentIdTag !== undefined ? { parentIdTag: item.idTagInfo.parentIdTag } : {}),
  ...(item.idTagInfo.expiryDate !== undefined ? { expiryDate: item.idTagInfo.expiryDate } : {}),
});

export const sendLocalList: OperationSet = { handlers: { SendLocalList: (req, _hctx, st) => handle(req, st) } };

function handle(req: ReqOf<'SendLocalList'>, st: StationContext): ConfOf<'SendLocalList'> {
  const controls = st.controls;
  if (!controls.getLocalList || !controls.setLocalList) return { status: 'Failed' };
  const items = req.localAuthorizationList ?? [];
  const current = controls.getLocalList();
  if (req.updateType === 'Differential' && req.listVersion <= current.version) return { status: 'VersionMismatch' };
  if (items.length > st.config.int('SendLocalListMaxLength')) return { status: 'Failed' };
  if (new Set(items.map((i) => i.idTag)).size !== items.length) return { status: 'Failed' };
  let next: LocalListEntry[];
  if (req.updateType === 'Full') {
    if (items.some((i) => i.idTagInfo === undefined)) return { status: 'Failed' };
    next = items.map((i) => entryOf(i as Parameters<typeof entryOf>[0]));
  } else {
    const byTag = new Map(current.entries.map((e) => [e.idTag, e]));
    for (const i of items) {
      if (i.idTagInfo) byTag.set(i.idTag, entryOf(i as Parameters<typeof entryOf>[0]));
      else byTag.delete(i.idTag);
    }
    next = [...byTag.values()];
  }
  if (next.length > st.config.int('LocalAuthListMaxLength')) return { status: 'Failed' };
  try {
    controls.setLocalList(next, req.listVersion); // checks entries and version (≥ 1) again; a refusal changes nothing
  } catch (e) {
    if (!isTwinError(e)) throw e;
    st.log.log('info', `SendLocalList failed: ${e.message}`);
    return { status: 'Failed' };
  }
  return { status: 'Accepted' };
}
