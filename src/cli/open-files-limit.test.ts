/** The open-files limit `station --processes` reports (docs/sharding.md, "Many processes on one host"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openFilesLimit, openFilesReport, parseOpenFilesLimit } from './open-files-limit.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

test('/proc/self/limits: the soft and hard "Max open files"', () => {
  assert.deepEqual(parseOpenFilesLimit(LIMITS), { soft: 1024, hard: 524288 });
  assert.deepEqual(parseOpenFilesLimit('Max open files            unlimited            unlimited            files\n'), { soft: Infinity, hard: Infinity });
  assert.equal(parseOpenFilesLimit('nothing here'), undefined);
  assert.equal(openFilesLimit(() => { throw new Error('no /proc'); }), undefined);
  assert.deepEqual(openFilesLimit(() => LIMITS), { soft: 1024, hard: 524288 });
});

test('a warning when a shard\'s twins do not fit under the soft limit, naming how to raise it', () => {
  const limit = { soft: 1024, hard: 524288 };
  assert.match(openFilesReport(limit, 500), /^open-files limit 1024 \(hard 524288\) per process: enough for 500 twins per shard$/);
  const warning = openFilesReport(limit, 6250);
  assert.match(warning, /^warning: open-files limit 1024 .* a shard of 6250 twins needs/);
  assert.match(warning, /ulimit -n/);
  assert.match(openFilesReport(undefined, 10), /unknown/);
  assert.match(openFilesReport(limit, 6250, 'process'), /below the ~6314 a process of 6250 twins needs; node already runs at the hard limit: raise that/);
});
