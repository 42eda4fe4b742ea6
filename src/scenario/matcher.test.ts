import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPattern, substitute } from './matcher.ts';

const status = { connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp: '2026-03-02T08:00:00.000Z' };

test('scenario matching: an object pattern matches by subset; a differing field says where, expected and got', () => {
  assert.equal(matchPattern({ connectorId: 1, status: 'Charging' }, status, {}).ok, true);
  const r = matchPattern({ connectorId: 1, status: 'Available' }, status, {});
  assert.equal(r.ok, false);
  assert.equal(r.reason, '.status: expected "Available", got "Charging"');
  assert.equal(matchPattern({ vendorErrorCode: 'x' }, status, {}).reason, '.vendorErrorCode: expected "x", got nothing');
  assert.equal(matchPattern({ connectorId: '1' }, status, {}).ok, false, '1 is not "1"');
});

test('scenario matching: "*" is any present value, "/re/flags" a regular expression', () => {
  assert.equal(matchPattern({ timestamp: '*' }, status, {}).ok, true);
  assert.equal(matchPattern({ info: '*' }, status, {}).ok, false);
  assert.equal(matchPattern({ status: '/^charg/i' }, status, {}).ok, true);
  assert.equal(matchPattern({ connectorId: '/^[12]$/' }, status, {}).ok, true, 'a number is tested as its text');
  assert.match(matchPattern({ status: '/^Avail/' }, status, {}).reason!, /expected to match \/\^Avail\/, got "Charging"/);
  assert.match(matchPattern({ status: '/(/' }, status, {}).reason!, /bad regular expression/);
});

test('scenario variables: "$name" captures when unset and compares when set; "$$" escapes a literal dollar', () => {
  const first = matchPattern({ transactionId: '$tx' }, { transactionId: 42 }, {});
  assert.deepEqual(first, { ok: true, captured: { tx: 42 } });
  assert.equal(matchPattern({ transactionId: '$tx' }, { transactionId: 42 }, { tx: 42 }).ok, true);
  assert.equal(matchPattern({ transactionId: '$tx' }, { transactionId: 43 }, { tx: 42 }).reason, '.transactionId: expected $tx = 42, got 43');
  assert.equal(matchPattern({ a: '$x', b: '$x' }, { a: 1, b: 2 }, {}).ok, false, 'a variable captured earlier in the same pattern binds the rest');
  assert.deepEqual(matchPattern({ a: '$x', b: 'no' }, { a: 1, b: 2 }, {}).captured, {}, 'no capture from a failed match');
  assert.equal(matchPattern({ idTag: '$$TAG' }, { idTag: '$TAG' }, {}).ok, true);
});

test('scenario matching: an array pattern needs each element matched by a different element, in any order', () => {
  const mv = { meterValue: [{ sampledValue: [{ measurand: 'Power.Active.Import', value: '7000' }, { measurand: 'Energy.Active.Import.Register', value: '12.5' }] }] };
  assert.equal(matchPattern({ meterValue: [{ sampledValue: [{ measurand: 'Energy.Active.Import.Register' }] }] }, mv, {}).ok, true);
  assert.equal(matchPattern({ meterValue: [{ sampledValue: [{ measurand: '*' }, { measurand: '*' }, { measurand: '*' }] }] }, mv, {}).ok, false, 'three elements cannot match two');
  assert.match(matchPattern({ meterValue: [{ sampledValue: [{ measurand: 'Voltage' }] }] }, mv, {}).reason!, /no element matches pattern \[0\] \{"measurand":"Voltage"\}/);
});

test('scenario payloads: "$name" is replaced by its value; an unset variable is an error naming it', () => {
  assert.deepEqual(substitute({ transactionId: '$tx', idTag: 'A', list: ['$tx', '$$x'] }, { tx: 7 }), { transactionId: 7, idTag: 'A', list: [7, '$x'] });
  assert.throws(() => substitute({ transactionId: '$tx' }, {}), /variable \$tx is not set/);
});
