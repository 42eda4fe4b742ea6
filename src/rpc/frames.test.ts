import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrame } from './frames.ts';

const cases: Array<[string, string, ReturnType<typeof parseFrame>['kind'], string?]> = [
  ['not JSON', '[2,"a","Heartbeat",', 'error', 'FormationViolation'],
  ['JSON but not an array', '{"a":1}', 'error', 'FormationViolation'],
  ['too short', '[2,"a"]', 'error', 'FormationViolation'],
  ['CALL without payload', '[2,"a","Heartbeat"]', 'error', 'FormationViolation'],
  ['CALL with array payload', '[2,"a","Heartbeat",[]]', 'error', 'FormationViolation'],
  ['CALL with numeric action', '[2,"a",5,{}]', 'error', 'FormationViolation'],
  ['CALL with too long id', `[2,"${'x'.repeat(37)}","Heartbeat",{}]`, 'error', 'FormationViolation'],
  ['CALL with numeric id', '[2,7,"Heartbeat",{}]', 'error', 'FormationViolation'],
  ['unknown message type', '[7,"a","x",{}]', 'ignore'],
  ['malformed CALLRESULT', '[3,"a"]', 'ignore'],
  ['malformed CALLERROR', '[4,"a",5]', 'ignore'],
  ['valid CALL', '[2,"a","Heartbeat",{}]', 'frame'],
  ['valid CALLRESULT', '[3,"a",{"currentTime":"2026-01-01T00:00:00Z"}]', 'frame'],
  ['CALLERROR without details', '[4,"a","NotSupported","nope"]', 'frame'],
];

for (const [name, text, kind, code] of cases) {
  test(`OCPP-J 1.6 §4.1-4.2 frame parsing: ${name} → ${kind}${code ? ` ${code}` : ''}`, () => {
    const p = parseFrame(text);
    assert.equal(p.kind, kind);
    if (code) assert.equal(p.kind === 'error' && p.code, code);
  });
}

test('OCPP-J 1.6 §4.2.3: a broken CALL whose id can be read is answered under that id', () => {
  const p = parseFrame('[2,"abc","Heartbeat"]');
  assert.equal(p.kind === 'error' && p.messageId, 'abc');
  const q = parseFrame('nonsense');
  assert.equal(q.kind === 'error' && q.messageId, '-1');
});
