import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, editDistance } from './did-you-mean.ts';

test('edit distance: insertions, deletions, substitutions and a swap of neighbours cost 1 each', () => {
  assert.equal(editDistance('cont', 'count'), 1);
  assert.equal(editDistance('count', 'cont'), 1);
  assert.equal(editDistance('jsno', 'json'), 1);
  assert.equal(editDistance('port', 'host'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
});

test('did you mean: the closest known name when it is a plausible typo, nothing otherwise', () => {
  const station = ['csms', 'id', 'count', 'model', 'auth-key', 'ca', 'allow-plain-auth', 'data-dir', 'api-port', 'json', 'help'];
  assert.equal(closestName('cont', station), 'count');
  assert.equal(closestName('api-prot', station), 'api-port');
  assert.equal(closestName('COUNT', station), 'count');
  assert.equal(closestName('bogus', station), undefined);
  assert.equal(closestName('x', station), undefined, 'one letter is no basis for a guess');
  assert.equal(closestName('lsit', ['list', 'state', 'add']), 'list');
});
