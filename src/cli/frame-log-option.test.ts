import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameLogOption } from './frame-log-option.ts';
import { UsageError } from './args.ts';

test('--frame-log: all, viewed or off as given; without it the whole fleet\'s size decides (all up to 1,000 twins, viewed above)', () => {
  for (const m of ['all', 'viewed', 'off']) assert.equal(frameLogOption({ 'frame-log': m }, 50_000), m);
  assert.equal(frameLogOption({}, 1), 'all');
  assert.equal(frameLogOption({}, 1000), 'all');
  assert.equal(frameLogOption({}, 1001), 'viewed');
  assert.throws(() => frameLogOption({ 'frame-log': 'short' }, 1), (e) => e instanceof UsageError && /--frame-log must be one of all, viewed, off, got "short"/.test(e.message));
});
