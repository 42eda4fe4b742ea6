import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkProAc } from './index.ts';
import { checkConfigPresets, checkConnectorCount, checkModel } from './presets.ts';
import { isTwinError } from '../../shared/errors.ts';

const refused = (fn: () => unknown, text: RegExp): void => {
  assert.throws(fn, (e) => isTwinError(e, 'TWIN_ERR_PRESET_INVALID') && text.test((e as Error).message));
};

test('presets: values follow the guide\'s types and ranges and come back in normal form', () => {
  assert.deepEqual(checkConfigPresets(evlinkProAc, { HeartbeatInterval: 60, LocalAuthListEnabled: 'TRUE', MinimumStatusDuration: '120', SampledData: 'Energy.Active.Import.Register, Current.Import', LedIntensity: 0, AuthenticationOCPPMode: false }),
    { HeartbeatInterval: '60', LocalAuthListEnabled: 'true', MinimumStatusDuration: '120', SampledData: 'Energy.Active.Import.Register,Current.Import', LedIntensity: '0', AuthenticationOCPPMode: 'false' });
});

test('presets: an unknown key, a value out of range or of the wrong type is refused naming the key and what it takes', () => {
  refused(() => checkConfigPresets(evlinkProAc, { HeartbeatIntervall: '60' }), /unknown configuration key "HeartbeatIntervall" \(did you mean HeartbeatInterval\?\)/);
  refused(() => checkConfigPresets(evlinkProAc, { heartbeatinterval: '60' }), /did you mean HeartbeatInterval/);
  refused(() => checkConfigPresets(evlinkProAc, { MinimumStatusDuration: 121 }), /MinimumStatusDuration must be an integer 0 … 120, got "121"/);
  refused(() => checkConfigPresets(evlinkProAc, { LedIntensity: 'bright' }), /LedIntensity must be an integer 0 … 100/);
  refused(() => checkConfigPresets(evlinkProAc, { LocalAuthListEnabled: 'yes' }), /must be true or false/);
  refused(() => checkConfigPresets(evlinkProAc, { SampledData: 'Energy.Bogus' }), /comma-separated list of/);
  refused(() => checkConfigPresets(evlinkProAc, { HeartbeatInterval: { a: 1 } }), /must be a string, number or boolean/);
});

test('presets: read-only keys are the product\'s, not presets; NumberOfConnectors and AuthorizationKey point to their own option', () => {
  refused(() => checkConfigPresets(evlinkProAc, { NumberOfConnectors: '2' }), /not a preset: set it with the connector count/);
  refused(() => checkConfigPresets(evlinkProAc, { AuthorizationKey: 'secret' }), /--auth-key/);
  refused(() => checkConfigPresets(evlinkProAc, { LocalAuthListMaxLength: '10' }), /read-only on the unit/);
});

test('presets: connectors within NumberOfConnectors 1 … 2; the model one of the guide\'s references, listed when wrong', () => {
  assert.equal(checkConnectorCount(evlinkProAc, 2), 2);
  refused(() => checkConnectorCount(evlinkProAc, 3), /1 … 2, got 3/);
  refused(() => checkConnectorCount(evlinkProAc, 1.5), /1 … 2/);
  assert.equal(checkModel(evlinkProAc, 'EVB3S 07N4EA'), 'EVB3S07N4EA');
  assert.throws(() => checkModel(evlinkProAc, 'EVB9'), (e) => isTwinError(e, 'TWIN_ERR_PROFILE_UNKNOWN_MODEL') && /known: EVB3S22N4B, .*EVB3S07N4EA$/.test((e as Error).message));
});
