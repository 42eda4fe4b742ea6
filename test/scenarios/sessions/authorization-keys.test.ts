import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';
import { isTwinError } from '../../../src/shared/errors.ts';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const TAGS = {
  'TAG-1': { status: 'Accepted' as const },
  'TAG-E': { status: 'Accepted' as const, expiryDate: new Date(T0 + 30 * 60_000).toISOString() },
};
/** Presents a badge, then lets the authorization lapse (ConnectionTimeOut) so the next badge starts clean. */
const badge = async (r: EvlinkRig, tag: string) => { const o = await r.controls.presentBadge!(tag); await r.clock.advance(61_000); return o.accepted; };

test('OCPP 1.6 §3.5.2 authorization cache: an entry is used offline until the idTagInfo.expiryDate, then refused', async () => {
  const r = await evlinkRig({ tags: TAGS });
  assert.equal(await badge(r, 'TAG-E'), true, 'online: Authorize.req, answer cached with its expiryDate');
  r.station.detach();
  assert.equal(await badge(r, 'TAG-E'), true, 'offline, before expiryDate: accepted from the cache');
  await r.clock.advanceTo(T0 + 30 * 60_000);
  assert.equal(await badge(r, 'TAG-E'), false, 'offline, after expiryDate: the cached entry has expired');
  assert.equal(await badge(r, 'TAG-1'), false, 'never seen: unknown offline');
});

test('guide AuthorizationCacheEnabled=false: answers are not cached, so a tag accepted online is unknown offline', async () => {
  const r = await evlinkRig({ tags: TAGS, configOverrides: { AuthorizationCacheEnabled: 'false' } });
  assert.equal(await badge(r, 'TAG-1'), true);
  r.station.detach();
  assert.equal(await badge(r, 'TAG-1'), false);
  r.station.context.configuration.change('AuthorizationCacheEnabled', 'true');
  r.station.context.configuration.change('AllowOfflineTxForUnknownId', 'false');
  assert.equal(await badge(r, 'TAG-1'), false, 'nothing was stored while disabled');
});

test('guide LocalAuthListEnabled=false: the local list is ignored offline and with LocalPreAuthorize online', async () => {
  const r = await evlinkRig({ tags: TAGS, configOverrides: { LocalAuthListEnabled: 'false', LocalPreAuthorize: 'true' } });
  r.controls.setLocalList!([{ idTag: 'LOCAL-1', status: 'Accepted' }, { idTag: 'TAG-1', status: 'Blocked' }], 3);
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 3, 'the list is kept, only not used');
  assert.equal(await badge(r, 'LOCAL-1'), false, 'online: not pre-authorized from the list; the CSMS does not know the tag');
  assert.equal(await badge(r, 'TAG-1'), true, 'online: the Blocked local entry is not consulted, Authorize.req decides');
  assert.equal(r.actions('Authorize').length, 2);
  r.station.detach();
  assert.equal(await badge(r, 'LOCAL-1'), false, 'offline: the list is not consulted');
  r.station.context.configuration.change('LocalAuthListEnabled', 'true');
  assert.equal(await badge(r, 'LOCAL-1'), true, 'enabled again: the list decides');
});

test('guide LocalAuthListMaxLength: a longer local list, or one with a bad entry, is refused and the current list kept', async () => {
  const r = await evlinkRig({ configOverrides: { LocalAuthListMaxLength: '2' } });
  r.controls.setLocalList!([{ idTag: 'A', status: 'Accepted' }, { idTag: 'B', status: 'Accepted' }], 1);
  assert.throws(() => r.controls.setLocalList!([{ idTag: 'A', status: 'Accepted' }, { idTag: 'B', status: 'Accepted' }, { idTag: 'C', status: 'Accepted' }], 2),
    (e) => isTwinError(e, 'TWIN_ERR_LOCAL_LIST_FULL'));
  for (const bad of [[{ idTag: 'X'.repeat(21), status: 'Accepted' }], [{ idTag: 'A', status: 'Accepted' }, { idTag: 'A', status: 'Blocked' }], [{ idTag: 'A', status: 'Maybe' }], 'not a list']) {
    assert.throws(() => r.controls.setLocalList!(bad as never, 3), (e) => isTwinError(e, 'TWIN_ERR_LOCAL_LIST_INVALID'), JSON.stringify(bad));
  }
  assert.deepEqual(r.controls.getLocalList!(), { version: 1, entries: [{ idTag: 'A', status: 'Accepted' }, { idTag: 'B', status: 'Accepted' }] });
  assert.equal((await r.csms.call('GetLocalListVersion', {})).listVersion, 1);
});

test('guide SampledDataMaxLength & co: lowering a MaxLength key below its list\'s length is Rejected; a list longer than its MaxLength is Rejected', async () => {
  const r = await evlinkRig();
  const change = async (key: string, value: string) => (await r.csms.call('ChangeConfiguration', { key, value })).status;
  // SampledData holds 4 measurands by default.
  assert.equal(await change('SampledDataMaxLength', '3'), 'Rejected');
  assert.equal(await change('SampledDataMaxLength', '4'), 'Accepted');
  assert.equal(await change('SampledData', 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC'), 'Rejected', 'five measurands, at most four');
  assert.equal(await change('SampledData', 'Energy.Active.Import.Register'), 'Accepted');
  assert.equal(await change('SampledDataMaxLength', '1'), 'Accepted');
  assert.equal(await change('SampledDataTxEndedMaxLength', '0'), 'Rejected', 'SampledDataTxEnded holds one measurand');
  assert.equal(await change('SampledDataTxEnded', ''), 'Accepted');
  assert.equal(await change('SampledDataTxEndedMaxLength', '0'), 'Accepted');
  assert.equal(await change('AlignedDataMaxLength', '0'), 'Rejected', 'below the guide\'s minimum of 1');
  assert.equal(await change('AlignedDataTxEnded', 'Energy.Active.Import.Register,Power.Active.Import'), 'Accepted');
  assert.equal(await change('AlignedDataTxEndedMaxLength', '1'), 'Rejected');
  const values = (await r.csms.call('GetConfiguration', { key: ['SampledData', 'SampledDataMaxLength', 'AlignedDataTxEndedMaxLength'] })).configurationKey!.map((k) => `${k.key}=${k.value ?? ''}`);
  assert.deepEqual(values, ['SampledData=Energy.Active.Import.Register', 'SampledDataMaxLength=1', 'AlignedDataTxEndedMaxLength=8']);
});
