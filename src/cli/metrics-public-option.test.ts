/**
 * `--metrics-public` and CHARGETWIN_METRICS_PUBLIC (D36): whether /metrics answers without the API token.
 * The flag wins; the variable takes 1/true/yes or 0/false/no (any case, empty is no); anything else is a
 * usage error, so a typo in a manifest stops the process instead of leaving the scrape refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricsPublicOption, UsageError } from './args.ts';
import { main } from './main.ts';

test('--metrics-public / CHARGETWIN_METRICS_PUBLIC: the flag, or the variable as 1/true/yes (0/false/no/empty: off)', () => {
  assert.equal(metricsPublicOption({}, {}), false);
  assert.equal(metricsPublicOption({ 'metrics-public': true }, {}), true);
  assert.equal(metricsPublicOption({ 'metrics-public': true }, { CHARGETWIN_METRICS_PUBLIC: '0' }), true);
  for (const on of ['1', 'true', 'YES', ' True ']) assert.equal(metricsPublicOption({}, { CHARGETWIN_METRICS_PUBLIC: on }), true, on);
  for (const off of ['', '0', 'false', 'No']) assert.equal(metricsPublicOption({}, { CHARGETWIN_METRICS_PUBLIC: off }), false, off);
  for (const bad of ['2', 'on', 'enabled']) {
    assert.throws(() => metricsPublicOption({}, { CHARGETWIN_METRICS_PUBLIC: bad }), (e: unknown) => e instanceof UsageError && e.message.includes(`got "${bad}"`), bad);
  }
});

test('a bad CHARGETWIN_METRICS_PUBLIC stops `station` with one line and exit 2 before anything starts', async () => {
  const before = process.env.CHARGETWIN_METRICS_PUBLIC;
  process.env.CHARGETWIN_METRICS_PUBLIC = 'maybe';
  try {
    const err: string[] = [];
    const code = await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--api-port', '0'], { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 2);
    assert.equal(err.length, 1);
    assert.match(err[0]!, /CHARGETWIN_METRICS_PUBLIC must be 1, true, yes, 0, false or no, got "maybe"/);
  } finally {
    if (before === undefined) delete process.env.CHARGETWIN_METRICS_PUBLIC; else process.env.CHARGETWIN_METRICS_PUBLIC = before;
  }
});
