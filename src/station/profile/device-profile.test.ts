import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evlinkProAc, findModel, parseDeviceProfile } from './index.ts';
import { isTwinError } from '../../shared/errors.ts';

test('guide "Parameters": the EVlink profile declares the 44 keys of the guide, each once', () => {
  assert.equal(evlinkProAc.configurationKeys.length, 44);
  for (const name of ['SampledDataInterval', 'MessageAttemptsTransactionEvent', 'MessageAttemptIntervalTransactionEvent', 'SampledDataTxEndedMaxLength', 'compressDiagnostic', 'LedIntensity', 'PhasesConnection']) {
    assert.ok(evlinkProAc.configurationKeys.some((k) => k.key === name), name);
  }
});

test('guide "Product Family": one model per product reference, the default is EVB3S22N4', () => {
  assert.equal(evlinkProAc.models.length, 17);
  assert.equal(findModel(evlinkProAc, 'EVB3S 22N4').reference, 'EVB3S22N4');
  assert.equal(findModel(evlinkProAc, 'EVB3S07N4EA').phases, 1);
  assert.equal(findModel(evlinkProAc, 'EVB3S22NCB').outlet, 'tethered-cable');
  assert.throws(() => findModel(evlinkProAc, 'EVB9'), (e) => isTwinError(e, 'TWIN_ERR_PROFILE_UNKNOWN_MODEL'));
});

test('guide "Supported OCPP Operations": SendLocalList is the one operation not supported; W is not an allowed unit', () => {
  assert.deepEqual(evlinkProAc.operations.notSupported, ['SendLocalList']);
  assert.deepEqual(evlinkProAc.smartCharging.allowedUnits, ['A']);
  assert.deepEqual(evlinkProAc.smartCharging.ignoredAttributes, ['minChargingRate', 'numberPhases']);
});

test('guide "Vendor Error Codes": all 24 codes from 1.0 to 18.1', () => {
  assert.deepEqual(evlinkProAc.vendorErrors.map((e) => e.code), ['1.0', '1.1', '2.0', '2.1', '3.0', '4.0', '5.0', '6.0', '6.1', '7.0', '8.0', '9.0', '10.0', '10.1', '10.2', '11.0', '12.0', '13.0', '14.0', '15.0', '16.0', '17.0', '18.0', '18.1']);
});

test('a second product is a second file: the generic full-spec profile loads with no code change', () => {
  const generic = parseDeviceProfile(JSON.parse(readFileSync(new URL('../../../test/fixtures/profiles/generic-ocpp16.json', import.meta.url), 'utf8')));
  assert.equal(generic.models[0]?.connectors, 2);
  assert.deepEqual(generic.smartCharging.allowedUnits, ['A', 'W']);
});

test('a bad profile is refused with the path of the problem', () => {
  const bad = JSON.parse(JSON.stringify(evlinkProAc)) as Record<string, unknown>;
  (bad.configurationKeys as Array<Record<string, unknown>>)[3]!.type = 'float';
  assert.throws(() => parseDeviceProfile(bad), (e) => isTwinError(e, 'TWIN_ERR_PROFILE_INVALID') && /configurationKeys\[3\]\.type/.test(e.message));
  assert.throws(() => parseDeviceProfile({ ...evlinkProAc, defaultModel: 'NOPE' }), /defaultModel/);
  assert.throws(() => parseDeviceProfile('nonsense'), /must be an object/);
});
