import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../../src/csms/index.ts';
import { seededRandom } from '../../src/runtime/reconnect-backoff.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KILLS = 8;

function child(url: string, dir: string, mode: 'loop' | 'final'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts', url, dir, 'EVB-CRASH', mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

test('power loss: kill -9 at random points of charging sessions, restart: every transaction reaches the CSMS complete, in order, exactly once', { timeout: 120_000 }, async () => {
  const csms = await startCsms({ recordFrames: false, tags: { EVLINK: 'Accepted' } });
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-crash-'));
  const rnd = seededRandom(7);
  try {
    for (let i = 0; i < KILLS; i++) {
      const p = child(csms.url, dir, 'loop');
      let err = '';
      p.stderr!.on('data', (d) => { err += String(d); });
      await new Promise((r) => setTimeout(r, 900 + Math.floor(rnd() * 1500)));
      const exited = p.exitCode !== null;
      p.kill('SIGKILL');
      await new Promise((r) => p.once('exit', r));
      assert.equal(exited, false, `the station process died by itself: ${err}`);
    }
    const last = child(csms.url, dir, 'final');
    let out = '';
    let err = '';
    last.stdout!.on('data', (d) => { out += String(d); });
    last.stderr!.on('data', (d) => { err += String(d); });
    const code = await new Promise((r) => last.once('exit', r));
    assert.equal(code, 0, `final run failed: ${err}`);
    assert.match(out, /DONE/);

    const txs = csms.ledger.forStation('EVB-CRASH');
    assert.ok(txs.length >= 3, `transactions seen: ${txs.length}`);
    assert.deepEqual(csms.ledger.orphans, [], 'no message named a transaction the CSMS never started (e.g. id -1)');
    let previousStop = -1;
    for (const tx of txs) {
      assert.deepEqual(tx.anomalies, [], `transaction ${tx.transactionId}`);
      assert.ok(tx.stop, `transaction ${tx.transactionId} has its StopTransaction`);
      const actions = tx.events.map((e) => e.action);
      assert.equal(actions[0], 'StartTransaction');
      assert.equal(actions.at(-1), 'StopTransaction');
      assert.equal(actions.filter((a) => a === 'StopTransaction').length, 1);
      assert.ok(tx.stop!.meterStop >= tx.start.meterStart, 'meterStop ≥ meterStart');
      assert.ok(tx.start.meterStart >= previousStop, 'the energy register never goes back across restarts');
      previousStop = tx.stop!.meterStop;
      const energies = tx.meterValues.map((m) => Number(m.meterValue[0]!.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')!.value));
      for (let i = 1; i < energies.length; i++) assert.ok(energies[i]! >= energies[i - 1]!, 'MeterValues in order');
      if (energies.length) assert.ok(tx.stop!.meterStop >= energies.at(-1)!, 'meterStop is not below the last meter value');
    }
    const reasons = txs.map((t) => t.stop!.reason);
    assert.ok(reasons.includes('EVDisconnected'), `sessions ended normally: ${reasons.join(',')}`);
    assert.ok(reasons.includes('PowerLoss'), `a kill during a session stops it with PowerLoss: ${reasons.join(',')}`);
  } finally {
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
