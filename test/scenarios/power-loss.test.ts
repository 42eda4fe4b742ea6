/**
 * Issue 6 / docs/conformance/offline-queue.md "Power loss / kill -9": a real station process is killed
 * with SIGKILL at random points after it has booted, restarted on the same database, and finally left
 * to finish. The embedded CSMS's ledger and its raw frames must then show every transaction complete,
 * in order, each transaction message recorded exactly once (retransmissions of a message id allowed,
 * never recorded twice).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsms } from '../../src/csms/index.ts';
import { seededRandom } from '../../src/runtime/reconnect-backoff.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { connectWs, createRpcConnection } from '../../src/rpc/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KILLS = 12;
const STATION = 'EVB-CRASH';
const TX_ACTIONS = new Set(['StartTransaction', 'MeterValues', 'StopTransaction']);

function child(url: string, dir: string, mode: 'loop' | 'final'): { p: ChildProcess; out: () => string; err: () => string; booted: Promise<void> } {
  const p = spawn(process.execPath, ['--import', './bin/register-ts.mjs', 'test/support/crash-child.ts', url, dir, STATION, mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onBoot!: () => void;
  const booted = new Promise<void>((r) => { onBoot = r; });
  p.stdout!.on('data', (d) => { out += String(d); if (out.includes('BOOTED')) onBoot(); });
  p.stderr!.on('data', (d) => { err += String(d); });
  return { p, out: () => out, err: () => err, booted };
}

test('power loss: kill -9 at random points after boot, restart: every transaction reaches the CSMS complete, in order, each message recorded exactly once', { timeout: 240_000 }, async (t) => {
  const csms = await startCsms({ recordFrames: true, tags: { EVLINK: 'Accepted' } });
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-crash-'));
  const rnd = seededRandom(7);
  /** What the killed runs printed on stderr (warnings such as a dropped message), for a failure's report. */
  const warnings: string[] = [];
  try {
    for (let i = 0; i < KILLS; i++) {
      const c = child(csms.url, dir, 'loop');
      c.p.once('close', () => { warnings.push(`run ${i}: ${c.out().split('\n').find((l) => l.startsWith('START')) ?? ''} ${c.err().trim().slice(-800)}`); });
      const exit = new Promise((r) => c.p.once('exit', r));
      const early = await Promise.race([c.booted.then(() => false), exit.then(() => true)]);
      assert.equal(early, false, `the station process died before booting: ${c.err()}`);
      // 0.1–1.3 s of real time = 6–78 s of the 60× station clock: inside a session, between two, at a sample…
      await new Promise((r) => setTimeout(r, 100 + Math.floor(rnd() * 1200)));
      assert.equal(c.p.exitCode, null, `the station process died by itself: ${c.err()}`);
      c.p.kill('SIGKILL');
      await exit;
    }
    const last = child(csms.url, dir, 'final');
    const code = await new Promise((r) => last.p.once('close', r));
    assert.equal(code, 0, `final run failed: ${last.err()}`);
    assert.match(last.out(), /DONE/);

    const txs = csms.ledger.forStation(STATION);
    assert.ok(txs.length >= 3, `transactions seen: ${txs.length}`);
    assert.deepEqual(csms.ledger.orphans, [], 'no message named a transaction the CSMS never started (e.g. id -1)');
    let previousStop = -1;
    for (const tx of txs) {
      assert.deepEqual(tx.anomalies, [], `transaction ${tx.transactionId}`);
      assert.ok(tx.stop, `transaction ${tx.transactionId} has its StopTransaction: ${JSON.stringify(tx.events.map((e) => e.action))}; final run: ${last.out().slice(-500)} ${last.err().slice(-1500)}; killed runs: ${warnings.join(' | ').slice(-3000)}`);
      const actions = tx.events.map((e) => e.action);
      assert.equal(actions[0], 'StartTransaction');
      assert.equal(actions.at(-1), 'StopTransaction');
      assert.equal(actions.filter((a) => a === 'StopTransaction').length, 1);
      assert.equal(actions.filter((a) => a === 'StartTransaction').length, 1);
      assert.ok(tx.stop!.meterStop >= tx.start.meterStart, 'meterStop ≥ meterStart');
      assert.ok(tx.start.meterStart >= previousStop, 'the energy register never goes back across restarts');
      previousStop = tx.stop!.meterStop;
      // Each sample is taken once at its own instant: timestamps strictly increase (a duplicate or a
      // reordering would repeat or lower one), and no two recorded MeterValues are the same message.
      const stamps = tx.meterValues.map((m) => Date.parse(m.meterValue[0]!.timestamp));
      for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i]! > stamps[i - 1]!, `MeterValues of transaction ${tx.transactionId} strictly in order, no duplicate`);
      assert.equal(new Set(tx.meterValues.map((m) => JSON.stringify(m))).size, tx.meterValues.length, 'no MeterValues recorded twice');
      const energies = tx.meterValues.map((m) => Number(m.meterValue[0]!.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')!.value));
      for (let i = 1; i < energies.length; i++) assert.ok(energies[i]! >= energies[i - 1]!, 'the energy register never goes back');
      if (energies.length) assert.ok(tx.stop!.meterStop >= energies.at(-1)!, 'meterStop is not below the last meter value');
    }
    const reasons = txs.map((tx) => tx.stop!.reason);
    assert.ok(reasons.includes('EVDisconnected'), `sessions ended normally: ${reasons.join(',')}`);
    assert.ok(reasons.includes('PowerLoss'), `a kill during a session stops it with PowerLoss: ${reasons.join(',')}`);

    // What the CSMS received on the wire: transaction CALLs by message id. A message sent just before a
    // kill is sent again after the restart with the same id; the CSMS answers it again from its
    // record (by station and message id) and must not record it twice.
    const byId = new Map<string, { action: string; count: number; payload: unknown }>();
    for (const f of csms.frames) {
      if (f.stationId !== STATION || f.direction !== 'in') continue;
      const frame = JSON.parse(f.text) as unknown[];
      if (frame[0] !== 2 || !TX_ACTIONS.has(frame[2] as string)) continue;
      const seen = byId.get(frame[1] as string) ?? { action: frame[2] as string, count: 0, payload: frame[3] };
      seen.count++;
      byId.set(frame[1] as string, seen);
    }
    const distinct = (action: string) => [...byId.values()].filter((v) => v.action === action).length;
    assert.equal(distinct('StartTransaction'), txs.length, 'one recorded transaction per distinct StartTransaction id');
    assert.equal(distinct('MeterValues'), txs.reduce((n, tx) => n + tx.meterValues.length, 0), 'one recorded MeterValues per distinct message id');
    assert.equal(distinct('StopTransaction'), txs.filter((tx) => tx.stop).length, 'one recorded StopTransaction per distinct message id');
    const retransmitted = [...byId.values()].filter((v) => v.count > 1);
    // Whether or not a kill fell between a send and its answer this run, replay one message of each kind
    // with its original id, as a restarted station would: same answer, nothing recorded again.
    const before = JSON.stringify(csms.ledger.forStation(STATION));
    const clock = new ScaledClock();
    const transport = await connectWs({ csmsUrl: csms.url, chargePointId: STATION, clock });
    const rpc = createRpcConnection<'ChargePoint'>({ transport, role: 'ChargePoint', clock });
    try {
      for (const action of ['StartTransaction', 'MeterValues', 'StopTransaction'] as const) {
        const [id, sent] = [...byId.entries()].find(([, v]) => v.action === action)!;
        const conf = await rpc.call(action, sent.payload as never, { messageId: id }) as Record<string, unknown>;
        if (action === 'StartTransaction') assert.equal(conf.transactionId, txs[0]!.transactionId, 'a repeated StartTransaction gets its first transactionId back');
      }
    } finally { rpc.close(); clock.dispose(); }
    assert.equal(JSON.stringify(csms.ledger.forStation(STATION)), before, 'replayed ids recorded nothing new');
    t.diagnostic(`${txs.length} transactions, ${byId.size} transaction messages, ${retransmitted.length} retransmitted after a kill (${retransmitted.map((v) => v.action).join(', ') || 'none'})`);
  } finally {
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
