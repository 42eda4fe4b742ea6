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

/** The EVlink profile as JSON with one change applied, for the broken-profile table. */
function broken(change: (p: Record<string, any>) => void): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
  const p = JSON.parse(readFileSync(new URL('../../../profiles/evlink-pro-ac.json', import.meta.url), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  change(p);
  return p;
}
const keyNamed = (p: Record<string, any>, name: string) => (p.configurationKeys as Array<Record<string, unknown>>).find((k) => k.key === name)!; // eslint-disable-line @typescript-eslint/no-explicit-any

const BROKEN: Array<[string, (p: Record<string, any>) => void, RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  ['min above max', (p) => { Object.assign(keyNamed(p, 'LedIntensity'), { min: 50, max: 10 }); }, /configurationKeys\[\d+\]\.min: min 50 is greater than max 10/],
  ['integer default above max', (p) => { keyNamed(p, 'LedIntensity').default = '101'; }, /configurationKeys\[\d+\]\.default: "101" is not a valid integer/],
  ['integer default below min', (p) => { keyNamed(p, 'ConnectionTimeOut').default = '5'; }, /\.default: "5"/],
  ['integer default not a number', (p) => { keyNamed(p, 'HeartbeatInterval').default = 'hourly'; }, /\.default: "hourly"/],
  ['boolean default not a boolean', (p) => { keyNamed(p, 'LocalPreAuthorize').default = 'yes'; }, /\.default: "yes" is not a valid boolean/],
  ['boolean default in another case (stored form is lower case)', (p) => { keyNamed(p, 'LocalPreAuthorize').default = 'True'; }, /\.default: "True"/],
  ['string default longer than maxLength', (p) => { keyNamed(p, 'DefaultIdTag').default = 'X'.repeat(21); }, /\.default: "X+" is not a valid string/],
  ['list default with a non-member', (p) => { keyNamed(p, 'SampledData').default = 'Energy.Active.Import.Register,Bogus'; }, /\.default: .* is not a valid csl/],
  ['min/max on a boolean key', (p) => { keyNamed(p, 'LocalPreAuthorize').max = 1; }, /only an integer key has min\/max/],
  ['an operation that is not an OCPP 1.6 action', (p) => { p.operations.centralSystemInitiated.push('FlyToTheMoon'); }, /centralSystemInitiated\[18\]: FlyToTheMoon is not an action a central system sends/],
  ['a charge-point action listed as central-system-initiated', (p) => { p.operations.centralSystemInitiated.push('Heartbeat'); }, /Heartbeat is not an action a central system sends/],
  ['an operation both supported and not supported', (p) => { p.operations.notSupported.push('Reset'); }, /notSupported\[1\]: Reset is also listed as supported/],
  ['an unknown charging rate unit', (p) => { p.smartCharging.allowedUnits = ['kW']; }, /allowedUnits\[0\]: must be one of A, W/],
  ['units that contradict ChargingScheduleAllowedChargingRateUnit', (p) => { p.smartCharging.allowedUnits = ['A', 'W']; }, /must match ChargingScheduleAllowedChargingRateUnit \(Current\)/],
  ['an unknown purpose', (p) => { p.smartCharging.purposes.push('TxMaxProfile'); }, /purposes\[3\]/],
  ['an unknown recurrency kind', (p) => { p.smartCharging.recurrencyKinds = ['Monthly']; }, /recurrencyKinds\[0\]/],
  ['an ignored attribute the twin cannot ignore', (p) => { p.smartCharging.ignoredAttributes.push('stackLevel'); }, /ignoredAttributes\[2\]/],
  ['a faulting vendor error reported as EVCommunicationError (1.6 §4.9: only with Preparing, SuspendedEV, SuspendedEVSE or Finishing, as a warning)', (p) => { Object.assign((p.vendorErrors as Array<Record<string, unknown>>).find((e) => e.code === '14.0')!, { errorCode: 'EVCommunicationError' }); }, /vendorErrors\[\d+\]\.errorCode: EVCommunicationError is a warning in OCPP 1\.6 §4\.9/],
  ['no HeartbeatInterval under any name', (p) => { p.configurationKeys = p.configurationKeys.filter((k: { key: string }) => k.key !== 'HeartbeatInterval'); }, /the twin needs HeartbeatInterval/],
];

for (const [what, change, message] of BROKEN) {
  test(`profile validator refuses ${what}`, () => {
    assert.throws(() => parseDeviceProfile(broken(change)), (e) => isTwinError(e, 'TWIN_ERR_PROFILE_INVALID') && message.test(e.message), what);
  });
}

test('profile validator: the untouched EVlink file passes, so each broken case fails for its own reason', () => {
  assert.doesNotThrow(() => parseDeviceProfile(broken(() => {})));
});

test('a required key may be declared under its OCPP 1.6 name or mapped with standardKey', () => {
  assert.doesNotThrow(() => parseDeviceProfile(broken((p) => { keyNamed(p, 'HeartbeatInterval').key = 'HeartbeatPeriod'; })), 'standardKey HeartbeatInterval still maps it');
  assert.throws(() => parseDeviceProfile(broken((p) => { Object.assign(keyNamed(p, 'HeartbeatInterval'), { key: 'HeartbeatPeriod', standardKey: undefined }); })), /HeartbeatInterval/);
});

test('guide "Product Family": each model\'s fields agree with the decoding of its reference, and its reading says so', () => {
  const power = { '07': [7.4, 1, 32], '11': [11, 3, 16], '22': [22, 3, 32] } as const;
  for (const m of evlinkProAc.models) {
    const [, kw, outlet, suffix] = /^EVB3S(07|11|22)(N4|NC)(.*)$/.exec(m.reference) ?? [];
    assert.ok(kw && outlet && suffix !== undefined, `${m.reference} follows EVB3S<power><outlet><suffix>`);
    assert.deepEqual([m.powerKW, m.phases, m.ratedCurrentA], [...power[kw as keyof typeof power]], m.reference);
    assert.equal(m.outlet, outlet === 'N4' ? 'T2S-socket' : 'tethered-cable', m.reference);
    assert.equal(m.midMeter, suffix.includes('M'), m.reference);
    assert.ok(m.reading.includes(`${kw}: `) && m.reading.includes(`${outlet}: `), `${m.reference}: the reading decodes its own letters`);
  }
});
