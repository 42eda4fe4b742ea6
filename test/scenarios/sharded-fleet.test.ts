/**
 * A fleet of 10 twins as 3 `chargetwin station` processes (docs/sharding.md, D18): shard 0/3 from the
 * --shard flag, 1/3 from CHARGETWIN_SHARD, 2/3 from CHARGETWIN_SHARDS with Kubernetes' JOB_COMPLETION_INDEX.
 * At the central system on loopback the union of BootNotifications is every id of the unsharded fleet,
 * each booted once, and each shard kept its state in its own folder ({shard} in --data-dir).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCsms } from '../../src/csms/index.ts';
import { shardIds } from '../../src/fleet/shard.ts';
import { startStationProcess, type StationProcess } from '../support/station-process.ts';
import { waitFor } from '../support/wait-for.ts';

const SHARD_VARS = ['CHARGETWIN_SHARD', 'CHARGETWIN_SHARDS', 'JOB_COMPLETION_INDEX'];

const station = (args: string[], env: NodeJS.ProcessEnv): StationProcess => startStationProcess(args, { env, scrub: SHARD_VARS });

test('3 shard processes of a 10-twin fleet: the union of boots at the CSMS is EVS-0001 … EVS-0010, each once; one data folder per shard', { timeout: 90_000 }, async () => {
  const csms = await startCsms({});
  const boots: string[] = [];
  csms.on((e) => { if (e.type === 'frame' && e.direction === 'in' && e.text.includes('"BootNotification"')) boots.push(e.stationId); });
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-shards-'));
  const common = ['--csms', csms.url, '--id', 'EVS', '--count', '10', '--data-dir', join(dir, 'shard-{shard}')];
  const runs = [
    station([...common, '--shard', '0/3'], {}),
    station(common, { CHARGETWIN_SHARD: '1/3' }),
    station(common, { CHARGETWIN_SHARDS: '3', JOB_COMPLETION_INDEX: '2' }),
  ];
  const expected = shardIds('EVS', 10);
  try {
    await waitFor(() => expected.every((id) => csms.station(id)?.boot !== undefined) || runs.some((r) => r.p.exitCode !== null), 45_000, () => `all 10 booted: ${runs.map((r) => r.err()).join('\n')}`);
    assert.deepEqual([...new Set(boots)].sort(), expected, runs.map((r) => r.err()).join('\n'));
    assert.equal(boots.length, 10, `each id booted once: ${boots.join(',')}`);
    assert.deepEqual(csms.stations().map((s) => s.id).sort(), expected, 'no other id connected');
    assert.match(runs[0]!.err(), /shard 0\/3 \(from --shard\) of 10 twins: EVS-0001 … EVS-0003 \(3\)/);
    assert.match(runs[1]!.err(), /shard 1\/3 \(from CHARGETWIN_SHARD\) of 10 twins: EVS-0004 … EVS-0006 \(3\)/);
    assert.match(runs[2]!.err(), /shard 2\/3 \(from JOB_COMPLETION_INDEX\) of 10 twins: EVS-0007 … EVS-0010 \(4\)/);
    for (const [i, slice] of [['EVS-0001', 'EVS-0002', 'EVS-0003'], ['EVS-0004', 'EVS-0005', 'EVS-0006'], ['EVS-0007', 'EVS-0008', 'EVS-0009', 'EVS-0010']].entries()) {
      assert.ok(existsSync(join(dir, `shard-${i}`, 'chargetwin.db')), `shard ${i} has its own database`);
      assert.deepEqual(readdirSync(join(dir, `shard-${i}`, 'locks')).sort(), slice.map((id) => `${id}.lock`), `shard ${i} locks only its own twins`);
    }
    for (const r of runs) r.p.kill('SIGTERM');
    for (const r of runs) assert.equal((await r.exited).code, 0, r.err());
  } finally {
    for (const r of runs) r.p.kill('SIGKILL');
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
