import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkProAc, type ConfigKeyDef } from '../profile/index.ts';
import { ConfigStore } from './config-store.ts';
import { isTwinError } from '../../shared/errors.ts';

/** A valid value different from the default, derived from the key's definition. */
function validOther(d: ConfigKeyDef): string {
  switch (d.type) {
    case 'boolean': return d.default === 'true' ? 'false' : 'true';
    case 'integer': {
      // A *MaxLength key may not go below the number of entries its list holds (see the test below).
      const list = evlinkProAc.configurationKeys.find((k) => d.key.endsWith('MaxLength') && k.key === d.key.slice(0, -'MaxLength'.length));
      const lo = Math.max(d.min ?? 0, list ? list.default.split(',').filter(Boolean).length : 0);
      return String(lo === Number(d.default) ? lo + 1 : lo);
    }
    case 'string': return 'X1';
    case 'csl': return d.members!.find((m) => m !== d.default) ?? d.members![0]!;
  }
}
/** Invalid values for the key: wrong type, out of range, too long, not a member. */
function invalids(d: ConfigKeyDef): string[] {
  switch (d.type) {
    case 'boolean': return ['maybe', '1', ''];
    case 'integer': return ['abc', '1.5', ...(d.max !== undefined ? [String(d.max + 1)] : []), ...(d.min !== undefined ? [String(d.min - 1)] : [])];
    case 'string': return d.maxLength !== undefined ? ['x'.repeat(d.maxLength + 1)] : ['x'.repeat(501)];
    case 'csl': return ['NotAMember', `${d.members![0]},`];
  }
}

for (const d of evlinkProAc.configurationKeys) {
  test(`guide "Parameters" ${d.key} (${d.access}, ${d.type}): read, change and reject as the guide says`, () => {
    const store = new ConfigStore(evlinkProAc);
    const read = store.getConfiguration({ key: [d.key] });
    assert.equal(read.configurationKey?.length, 1);
    const entry = read.configurationKey![0]!;
    assert.equal(entry.readonly, d.access === 'RO');
    if (d.secret) assert.equal(entry.value, undefined, 'a secret key is never revealed');
    else assert.equal(entry.value, d.default);
    const other = validOther(d);
    if (d.access === 'RO') {
      assert.equal(store.change(d.key, other), 'Rejected');
      assert.equal(store.str(d.key), d.default);
      return;
    }
    const expected = d.rebootRequired ? 'RebootRequired' : 'Accepted';
    assert.equal(store.change(d.key, other), expected);
    if (d.rebootRequired) {
      assert.equal(store.str(d.key), d.default, 'applied only after the next reboot');
      store.applyPendingAfterReboot();
    }
    assert.equal(store.str(d.key), other);
    for (const bad of invalids(d)) assert.equal(store.change(d.key, bad), 'Rejected', `${d.key} = ${JSON.stringify(bad).slice(0, 40)}`);
    assert.equal(store.str(d.key), other, 'a rejected value changes nothing');
  });
}

test('OCPP 1.6 §5.3: an unknown key, or a standard name the guide does not list, is NotSupported', () => {
  const store = new ConfigStore(evlinkProAc);
  assert.equal(store.change('MeterValueSampleInterval', '30'), 'NotSupported');
  assert.equal(store.change('NoSuchKey', '1'), 'NotSupported');
  assert.equal(store.change('heartbeatinterval', '30'), 'NotSupported', 'key names are case-sensitive');
});

test('OCPP 1.6 §5.8: requested keys answered, unknown ones in unknownKey; GetConfigurationMaxKeys honoured', () => {
  const store = new ConfigStore(evlinkProAc, { GetConfigurationMaxKeys: '3' });
  const conf = store.getConfiguration({ key: ['HeartbeatInterval', 'Nope', 'LedIntensity'] });
  assert.deepEqual(conf.configurationKey?.map((k) => k.key), ['HeartbeatInterval', 'LedIntensity']);
  assert.deepEqual(conf.unknownKey, ['Nope']);
  assert.throws(() => store.getConfiguration({ key: ['HeartbeatInterval', 'Nope', 'LedIntensity', 'SampledData'] }),
    (e) => isTwinError(e, 'TWIN_ERR_CONFIG_TOO_MANY_KEYS') && e.details?.rpcCode === 'OccurenceConstraintViolation');
  assert.equal(store.getConfiguration({}).configurationKey?.length, 44, 'no key requested: all keys, whatever the maximum');
});

test('guide *MaxLength keys: lowering one below the length of its list is Rejected, for every list key of the profile', () => {
  const lists = evlinkProAc.configurationKeys.filter((d) => d.type === 'csl' && evlinkProAc.keyIndex.has(`${d.key}MaxLength`));
  assert.ok(lists.length >= 4, 'the guide pairs its measurand lists with MaxLength keys');
  for (const d of lists) {
    const store = new ConfigStore(evlinkProAc);
    const two = d.members!.slice(0, 2).join(',');
    assert.equal(store.change(`${d.key}MaxLength`, '5'), 'Accepted');
    assert.equal(store.change(d.key, two), 'Accepted');
    assert.equal(store.change(`${d.key}MaxLength`, '1'), 'Rejected', `${d.key}MaxLength below the 2 entries of ${d.key}`);
    assert.equal(store.change(`${d.key}MaxLength`, '2'), 'Accepted');
    assert.equal(store.str(`${d.key}MaxLength`), '2');
  }
});

test('guide SampledDataMaxLength: a SampledData list longer than the max length is Rejected', () => {
  const store = new ConfigStore(evlinkProAc, { SampledDataMaxLength: '2' });
  assert.equal(store.change('SampledData', 'Energy.Active.Import.Register,Power.Active.Import,Current.Import'), 'Rejected');
  assert.equal(store.change('SampledData', 'Energy.Active.Import.Register,SoC'), 'Accepted');
});

test('booleans are accepted in any letter case and stored as true/false', () => {
  const store = new ConfigStore(evlinkProAc);
  assert.equal(store.change('LocalPreAuthorize', 'TRUE'), 'Accepted');
  assert.equal(store.str('LocalPreAuthorize'), 'true');
});

test('changes survive a restart through the snapshot; listeners hear applied changes', () => {
  const a = new ConfigStore(evlinkProAc);
  const heard: string[] = [];
  a.onChange((k, v) => heard.push(`${k}=${v}`));
  a.change('HeartbeatInterval', '120');
  a.change('PhasesConnection', '4');
  assert.deepEqual(heard, ['HeartbeatInterval=120']);
  const b = new ConfigStore(evlinkProAc, {}, a.snapshot());
  assert.equal(b.int('HeartbeatInterval'), 120);
  assert.equal(b.pending('PhasesConnection'), '4');
  b.applyPendingAfterReboot();
  assert.equal(b.int('PhasesConnection'), 4);
});
