import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyOption } from './history-option.ts';
import { UsageError } from './args.ts';

test('--history: all, viewed or off as given; without it the whole fleet\'s size decides (all up to 1,000 twins, viewed above)', () => {
  for (const m of ['all', 'viewed', 'off']) assert.equal(historyOption({ history: m }, 50_000), m);
  assert.equal(historyOption({}, 1), 'all');
  assert.equal(historyOption({}, 1000), 'all');
  assert.equal(historyOption({}, 1001), 'viewed');
  assert.throws(() => historyOption({ history: 'none' }, 1), (e) => e instanceof UsageError && /--history must be one of all, viewed, off, got "none"/.test(e.message));
});
