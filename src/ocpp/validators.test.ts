import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { ocppValidator } from './validators.ts';
import { SCHEMAS } from './generated/schemas.ts';
import { normalizeErrorCode } from './error-codes.ts';
import { ACTIONS, type ActionName } from './generated/catalog.ts';

const v = ocppValidator();

test('OCPP-J 1.6 §4.2.3: a valid BootNotification.req passes', () => {
  assert.equal(v.check('BootNotification', 'req', { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVB3S22N4' }), undefined);
});

test('OCPP-J 1.6 §4.2.3: schema failures map to the 1.6 error codes', () => {
  assert.equal(v.check('BootNotification', 'req', { chargePointVendor: 'x' })?.code, 'OccurenceConstraintViolation');
  assert.equal(v.check('BootNotification', 'req', { chargePointVendor: 1, chargePointModel: 'm' })?.code, 'TypeConstraintViolation');
  assert.equal(v.check('BootNotification', 'req', { chargePointVendor: 'x'.repeat(21), chargePointModel: 'm' })?.code, 'PropertyConstraintViolation');
  assert.equal(v.check('Heartbeat', 'req', { extra: 1 })?.code, 'FormationViolation');
  assert.equal(v.check('StatusNotification', 'req', { connectorId: 1, errorCode: 'NoError', status: 'Nope' })?.code, 'PropertyConstraintViolation');
  assert.equal(v.check('StartTransaction', 'req', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: 'yesterday' })?.code, 'PropertyConstraintViolation');
});

test('OCPP 1.6 SetChargingProfile: limit multipleOf 0.1 accepts decimal limits despite floating point', () => {
  const profile = { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7.3 }, { startPeriod: 60, limit: 16.1 }] } };
  assert.equal(v.check('SetChargingProfile', 'req', { connectorId: 1, csChargingProfiles: profile }), undefined);
});

test('OCPP-J 1.6 §4.2.3: corrected spellings are accepted on input', () => {
  assert.equal(normalizeErrorCode('FormatViolation'), 'FormationViolation');
  assert.equal(normalizeErrorCode('OccurrenceConstraintViolation'), 'OccurenceConstraintViolation');
  assert.equal(normalizeErrorCode('NotSupported'), 'NotSupported');
  assert.equal(normalizeErrorCode('Whatever'), 'GenericError');
});

test('every action of the 1.6 catalog has a req and a conf schema that compiles at its first check, and an unknown action has none', () => {
  // Schemas compile on first use (decision D32), so a schema that does not compile would only show when a
  // payload of its kind arrives; this checks all 78 (39 actions × req/conf) at once.
  for (const action of Object.keys(ACTIONS) as ActionName[]) {
    for (const kind of ['req', 'conf'] as const) {
      const r = v.check(action, kind, 'not an object');
      assert.equal(r?.code, 'TypeConstraintViolation', `${action}.${kind}`);
    }
  }
  assert.equal(v.check('toString' as ActionName, 'req', {})?.code, 'NotImplemented');
  assert.equal(v.check('__proto__' as ActionName, 'conf', {})?.code, 'NotImplemented');
});

test('each official schema (a req and a conf per catalog action) is a valid draft-07 schema (the product compiles them without that check)', () => {
  // The product's Ajv runs with validateSchema: false (decision D34), so this test is where a schema that
  // breaks the meta-schema would show.
  const ajv = new Ajv({ strict: false });
  const keys = Object.keys(SCHEMAS);
  assert.equal(keys.length, 2 * Object.keys(ACTIONS).length);
  for (const key of keys) {
    // As the product compiles it: without $id and $schema (that URL names draft-07, Ajv's default meta-schema).
    const { $id: _id, $schema, ...schema } = SCHEMAS[key] as Record<string, unknown>;
    assert.equal($schema, 'http://json-schema.org/draft-07/schema', key);
    assert.equal(ajv.validateSchema(schema), true, `${key}: ${ajv.errorsText(ajv.errors)}`);
  }
  // The check can fail: a schema whose "type" is not a JSON type breaks the meta-schema.
  assert.equal(ajv.validateSchema({ type: 'nothing' }), false);
});
