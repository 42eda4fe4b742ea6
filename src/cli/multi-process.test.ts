/** The flags of `station --processes` (docs/sharding.md, "Many processes on one host", D23). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { childFlags, perShardDataDir, processesOption, runProcesses } from './multi-process.ts';
import { UsageError } from './args.ts';

test('--processes: auto is one per core; an integer 1 … 256; anything else a usage error', () => {
  assert.equal(processesOption({}), undefined);
  assert.equal(processesOption({ processes: 'auto' }, () => 6), 6);
  assert.equal(processesOption({ processes: 'auto' }, () => 1000), 256);
  assert.equal(processesOption({ processes: '2' }), 2);
  for (const bad of ['0', '257', '-1', '1.5', 'two', '']) assert.throws(() => processesOption({ processes: bad }), UsageError, bad);
});

test('a child gets every flag but the parent\'s own (API, data folder, processes, shard), as --name=value', () => {
  assert.deepEqual(childFlags({ csms: ['ws://a/ocpp', 'ws://b/ocpp,weight=2'], id: 'EVS', count: '10', verbose: true, json: false, processes: '2', 'api-port': '9230', 'api-host': '0.0.0.0', 'api-token': 'x'.repeat(20), 'metrics-public': true, 'data-dir': '/d', config: ['-odd=-1'] }),
    ['--csms=ws://a/ocpp', '--csms=ws://b/ocpp,weight=2', '--id=EVS', '--count=10', '--verbose', '--config=-odd=-1']);
});

test('each shard process gets its own data folder: {shard} kept, else shard-{shard} inside the one given', () => {
  assert.equal(perShardDataDir('/var/twins-{shard}'), '/var/twins-{shard}');
  assert.equal(perShardDataDir('/var/twins'), join('/var/twins', 'shard-{shard}'));
});

test('--processes with --shard, or more processes than twins, is a usage error before any child starts', async () => {
  const io = { out: () => undefined, err: () => undefined };
  await assert.rejects(runProcesses({ csms: ['ws://127.0.0.1:1/ocpp'], id: 'EVS', count: '4', shard: '0/2' }, 2, io), /does not mix with --shard/);
  await assert.rejects(runProcesses({ csms: ['ws://127.0.0.1:1/ocpp'], id: 'EVS', count: '2' }, 3, io), (e: unknown) => e instanceof UsageError && /3 shards for --count 2/.test(e.message));
});
