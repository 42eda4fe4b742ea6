/**
 * The defect "SDK waits are exact": a state the SDK reports as reached is visible in every read right
 * after it, and nothing holds the event loop once a suite has stopped its station and closed its CSMS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startCsms, startStation } from '../../src/index.ts';

test('SDK waits are exact: a transaction the station shows as ended is in station.transactions() at once, while its StopTransaction still waits behind a slow answer', async () => {
  const csms = await startCsms({ tags: { 'TAG-EXACT': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-EXACT' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    await station.plugIn(1);
    await station.presentBadge('TAG-EXACT');
    await station.evRequestsEnergy(1, true);
    await station.waitFor((s) => s.connectors[1]!.status === 'Charging' && s.transactionQueue?.length === 0);
    // The CSMS now takes its time over status notifications: the StopTransaction queues behind one.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    csms.override('StatusNotification', async () => { await held; return {}; });
    await station.evRequestsEnergy(1, false);
    await station.pressStop(1);
    await station.waitFor((s) => s.connectors[1]!.transaction === null);
    const [tx] = station.transactions();
    assert.deepEqual([station.transactions().length, tx?.state, tx?.stopReason, tx?.stopSent], [1, 'stopped', 'Local', false], JSON.stringify(station.transactions()));
    assert.ok(tx!.meterStop! >= tx!.meterStart);
    release();
    csms.override('StatusNotification', undefined);
    await station.waitFor((s) => s.transactionQueue?.length === 0);
    const [sent] = station.transactions();
    assert.deepEqual([station.transactions().length, sent?.state, sent?.stopSent, sent?.meterStop], [1, 'stopped', true, tx?.meterStop]);
  } finally {
    await station.stop();
    await csms.close();
  }
});

test('SDK waits are exact: a transaction stopped offline is in station.transactions() as stopped (StopTransaction queued), and stays one record once delivered', async () => {
  const csms = await startCsms({ tags: { 'TAG-EXACT': 'Accepted' } });
  const station = await startStation({ csmsUrl: csms.url, id: 'EVB-EXACT-OFF' });
  try {
    await station.waitFor((s) => s.registration === 'Accepted');
    await station.plugIn(1);
    await station.presentBadge('TAG-EXACT');
    await station.waitFor((s) => s.connectors[1]!.transaction !== null && (s.connectors[1]!.transaction as { transactionId: number | null }).transactionId !== null);
    await station.cutNetwork();
    await station.clock.fastForward(10 * 60_000);
    await station.unplug(1);
    await station.waitFor((s) => s.connectors[1]!.transaction === null);
    const off = station.transactions();
    assert.deepEqual(off.map((t) => [t.state, t.stopReason, t.stopSent, t.startSent]), [['stopped', 'EVDisconnected', false, true]]);
    await station.restoreNetwork();
    await station.waitFor((s) => s.link === 'open' && s.transactionQueue?.length === 0);
    const on = station.transactions();
    assert.deepEqual(on.map((t) => [t.state, t.stopReason, t.stopSent, t.meterStop]), [['stopped', 'EVDisconnected', true, off[0]!.meterStop]]);
    assert.equal(on[0]!.transactionId, csms.ledger.forStation('EVB-EXACT-OFF')[0]?.transactionId);
  } finally {
    await station.stop();
    await csms.close();
  }
});

test('SDK: after `await station.stop(); await csms.close()` nothing holds the event loop: a child process ends by itself within 2 s (no process.exit)', async () => {
  const child = spawn(process.execPath, ['--import', './bin/register-ts.mjs', 'test/support/sdk-exit-child.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { child.kill(); reject(new Error(`the child never finished its teardown: ${out} ${err}`)); }, 20_000);
    const poll = setInterval(() => { if (out.includes('CLOSED')) { clearInterval(poll); clearTimeout(t); resolve(); } }, 10);
    void exited.then(() => { clearInterval(poll); clearTimeout(t); resolve(); });
  });
  // A hang detector, not a speed measure: the leak being pinned held the process for ~30 s.
  const code = await Promise.race([exited, new Promise<'held'>((r) => setTimeout(() => r('held'), 2000).unref())]);
  if (code === 'held') {
    await new Promise((r) => setTimeout(r, 100));
    child.kill();
    assert.fail(`the process was still alive 2 s after stop/close: ${out.trim()}`);
  }
  assert.equal(code, 0, err);
  assert.match(out, /CLOSED/);
});
