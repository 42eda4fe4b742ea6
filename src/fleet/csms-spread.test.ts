import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsmsPlan, chooseSpread, parseCsmsTarget } from './csms-spread.ts';
import { isTwinError } from '../shared/errors.ts';

const A = 'ws://127.0.0.1:1/ocpp';
const B = 'wss://user:pw@csms.example/ocpp';

test('multi-CSMS: --csms URL,weight=N parses; a URL with userinfo or a port is kept whole', () => {
  assert.deepEqual(parseCsmsTarget(A), { url: A, weight: 1, weighted: false });
  assert.deepEqual(parseCsmsTarget(`${B},weight=4`), { url: B, weight: 4, weighted: true });
  for (const bad of [`${A},weight=0`, `${A},weight=x`, `${A},weight=1001`, 'http://x/ocpp', 'ws://x/ocpp#frag', ',weight=2']) {
    assert.throws(() => parseCsmsTarget(bad), (e) => isTwinError(e, 'TWIN_ERR_FLEET_CSMS_INVALID'), bad);
  }
});

test('multi-CSMS: round robin by station index; weights spread exactly per cycle and interleave', () => {
  const rr = new CsmsPlan([{ url: A, weight: 1 }, { url: B, weight: 1 }]);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => rr.urlFor(i)), [A, B, A, B, A]);
  const w = new CsmsPlan([{ url: A, weight: 1 }, { url: B, weight: 4 }], 'weight');
  const ten = Array.from({ length: 10 }, (_, i) => w.urlFor(i));
  assert.equal(ten.filter((u) => u === A).length, 2);
  assert.equal(ten.filter((u) => u === B).length, 8);
  const three = new CsmsPlan([{ url: A, weight: 2 }, { url: B, weight: 1 }, { url: 'ws://c/x', weight: 3 }], 'weight');
  const cycle = Array.from({ length: 6 }, (_, i) => three.urlFor(i));
  assert.deepEqual(cycle.map((u) => [A, B, 'ws://c/x'].indexOf(u)).sort(), [0, 0, 1, 2, 2, 2]);
  assert.notDeepEqual(cycle.slice(0, 3), ['ws://c/x', 'ws://c/x', 'ws://c/x'], 'slots interleave');
  assert.deepEqual(Array.from({ length: 12 }, (_, i) => three.urlFor(i)), [...cycle, ...cycle], 'the same index gives the same CSMS (a restarted fleet lands where it was)');
});

test('multi-CSMS: weights imply the weight spread; round-robin with weights is refused', () => {
  assert.equal(chooseSpread([{ url: A, weight: 1 }, { url: B, weight: 3 }], undefined), 'weight');
  assert.equal(chooseSpread([{ url: A, weight: 1 }, { url: B, weight: 1 }], undefined), 'round-robin');
  assert.throws(() => chooseSpread([{ url: A, weight: 2 }], 'round-robin'), (e) => isTwinError(e, 'TWIN_ERR_FLEET_CSMS_INVALID'));
  assert.throws(() => chooseSpread([{ url: A, weight: 1 }], 'random'), /round-robin or weight/);
});
