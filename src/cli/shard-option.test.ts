/**
 * Which shard `chargetwin station` runs: --shard I/K (0-based), CHARGETWIN_SHARD, CHARGETWIN_SHARDS with
 * Kubernetes' JOB_COMPLETION_INDEX (Indexed Job) or the StatefulSet ordinal in HOSTNAME; bad values are one
 * line and exit 2 (docs/sharding.md, D18).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.ts';
import { UsageError } from './args.ts';
import { shardOption, stationIds } from './shard-option.ts';

test('the flag, then CHARGETWIN_SHARD, then CHARGETWIN_SHARDS with JOB_COMPLETION_INDEX, then with the StatefulSet ordinal', () => {
  const env = { CHARGETWIN_SHARD: '2/5', CHARGETWIN_SHARDS: '5', JOB_COMPLETION_INDEX: '3', HOSTNAME: 'twins-4' };
  assert.deepEqual(shardOption({ shard: '1/4' }, env), { shard: { index: 1, count: 4 }, from: '--shard' });
  assert.deepEqual(shardOption({}, env), { shard: { index: 2, count: 5 }, from: 'CHARGETWIN_SHARD' });
  assert.deepEqual(shardOption({}, { ...env, CHARGETWIN_SHARD: '' }), { shard: { index: 3, count: 5 }, from: 'JOB_COMPLETION_INDEX' });
  assert.deepEqual(shardOption({}, { CHARGETWIN_SHARDS: '5', HOSTNAME: 'twins-4' }), { shard: { index: 4, count: 5 }, from: 'HOSTNAME' });
  assert.deepEqual(shardOption({}, { CHARGETWIN_SHARDS: '5', HOSTNAME: 'chargetwin-shard-0' }), { shard: { index: 0, count: 5 }, from: 'HOSTNAME' });
  // Kubernetes sets JOB_COMPLETION_INDEX in every Indexed Job: without CHARGETWIN_SHARDS it shards nothing.
  assert.equal(shardOption({}, { JOB_COMPLETION_INDEX: '3', HOSTNAME: 'twins-4' }), undefined);
  assert.equal(shardOption({}, {}), undefined);
});

test('bad shard values: one line naming where the value came from', () => {
  const bad = (values: Record<string, unknown>, env: NodeJS.ProcessEnv, message: RegExp): void => {
    assert.throws(() => shardOption(values, env), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'), String(message));
  };
  bad({ shard: '4/4' }, {}, /^--shard: the shard index is 0-based, from 0 to 3 for 4 shards, got 4$/);
  bad({ shard: '1' }, {}, /^--shard must be I\/K, the 0-based shard index I of K shards/);
  bad({ shard: '-1/4' }, {}, /--shard must be I\/K/);
  bad({ shard: '0/0' }, {}, /--shard: the shard count must be at least 1/);
  bad({ shard: 'a/b' }, {}, /--shard must be I\/K/);
  bad({}, { CHARGETWIN_SHARD: '1/2/3' }, /^CHARGETWIN_SHARD must be I\/K/);
  bad({}, { CHARGETWIN_SHARD: '1/4', CHARGETWIN_SHARDS: '3' }, /CHARGETWIN_SHARD=1\/4 and CHARGETWIN_SHARDS=3 disagree/);
  bad({}, { CHARGETWIN_SHARDS: 'four' }, /^CHARGETWIN_SHARDS must be the number of shards/);
  bad({}, { CHARGETWIN_SHARDS: '0' }, /^CHARGETWIN_SHARDS must be the number of shards/);
  bad({}, { CHARGETWIN_SHARDS: '4', JOB_COMPLETION_INDEX: '4' }, /^JOB_COMPLETION_INDEX=4 with CHARGETWIN_SHARDS=4: the shard index is 0-based, from 0 to 3/);
  bad({}, { CHARGETWIN_SHARDS: '4', JOB_COMPLETION_INDEX: 'x' }, /^JOB_COMPLETION_INDEX must be a non-negative integer/);
  bad({}, { CHARGETWIN_SHARDS: '4', HOSTNAME: 'twins-7' }, /^HOSTNAME=twins-7 \(StatefulSet ordinal 7\) with CHARGETWIN_SHARDS=4: the shard index is 0-based/);
  bad({}, { CHARGETWIN_SHARDS: '4', HOSTNAME: 'laptop' }, /^CHARGETWIN_SHARDS=4 is set but no shard index: set JOB_COMPLETION_INDEX .*got "laptop"/);
});

test('stationIds: more shards than twins, or a slice above 19000 twins in one process, is a usage error', () => {
  assert.deepEqual(stationIds('EVB', 5, { shard: { index: 2, count: 3 }, from: '--shard' }), ['EVB-0004', 'EVB-0005']);
  assert.throws(() => stationIds('EVB', 3, { shard: { index: 0, count: 4 }, from: '--shard' }), /--shard: 4 shards for --count 3 would leave shards without a twin/);
  assert.throws(() => stationIds('EVB', 100_000, { shard: { index: 0, count: 5 }, from: 'CHARGETWIN_SHARD' }), /--count 100000 over 5 shards puts up to 20000 twins in one process; at most 19000: use at least 6 shards/);
  assert.equal(stationIds('EVB', 100_000, { shard: { index: 5, count: 6 }, from: '--shard' }).length, 16_667);
});

test('chargetwin station with a bad shard exits 2 with one line, before connecting anything', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--shard', '3/3', '--count', '9'], /--shard: the shard index is 0-based/],
    [['--shard', '0/4', '--count', '3'], /4 shards for --count 3/],
    [['--shard', '0/2', '--count', '1000001'], /--count must be an integer between 1 and 1000000/],
    [['--count', '20000'], /--count must be an integer between 1 and 19000/],
  ];
  for (const [args, message] of cases) {
    const err: string[] = [];
    const code = await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'EVB', '--api-port', '0', ...args], { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 2, `${args.join(' ')}: ${err.join('|')}`);
    assert.equal(err.length, 1);
    assert.match(err[0]!, message);
  }
});

test('chargetwin station with a bad shard environment (CHARGETWIN_SHARDS without an index) exits 2 with one line', async () => {
  const saved = { shards: process.env.CHARGETWIN_SHARDS, host: process.env.HOSTNAME, index: process.env.JOB_COMPLETION_INDEX, shard: process.env.CHARGETWIN_SHARD };
  process.env.CHARGETWIN_SHARDS = '3';
  process.env.HOSTNAME = 'build-box';
  delete process.env.JOB_COMPLETION_INDEX;
  delete process.env.CHARGETWIN_SHARD;
  try {
    const err: string[] = [];
    const code = await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'EVB', '--count', '9', '--api-port', '0'], { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 2);
    assert.deepEqual(err, ['chargetwin: CHARGETWIN_SHARDS=3 is set but no shard index: set JOB_COMPLETION_INDEX (Indexed Job), run as a StatefulSet pod (HOSTNAME <name>-<ordinal>, got "build-box"), or set CHARGETWIN_SHARD=I/K']);
  } finally {
    for (const [k, v] of [['CHARGETWIN_SHARDS', saved.shards], ['HOSTNAME', saved.host], ['JOB_COMPLETION_INDEX', saved.index], ['CHARGETWIN_SHARD', saved.shard]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
});
