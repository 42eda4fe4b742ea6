/**
 * The session generator's bench (issue 15): a fleet of twins with the generator running at 1 session per
 * station per simulated 8 h and MeterValues every 60 s, measured in two separate runs (decision D25), each
 * with its own fleet process and its own central system:
 * - at clock ×60 for a window: transaction and other messages per second the central system received, and
 *   transaction messages lost (dropped or still queued after a 5 s drain);
 * - at 1× in the steady mix of sessions (the generator's warm start, no ×60 phase): CPU % of one core, RSS
 *   and heap used per twin over a baseline taken after one twin, with the dashboard history at the full
 *   size it reaches after days (decision D29): as `chargetwin station --count N` ships it (`viewed` above
 *   1,000 twins), and, in a second fresh process of the same run, with every twin's history (`--history all`).
 *   Each twin's frame log is filled with the traffic of its state, at the length the command keeps by
 *   default (decision D31: above 1,000 twins the last FRAMES_UNVIEWED frames, the full log for the
 *   VIEWED_STATIONS_MAX twins whose frames were viewed), in both runs.
 * Full: 10,000 twins, 300 s at ×60 (5 simulated hours), 30 s settling and 20 s measured at 1×; quick: 300
 * twins, 20 s, 5 s, 5 s. The central system runs with a 900 s heartbeat interval (×60 is not a heartbeat test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Figure } from './report.ts';
import { HISTORY_CAPACITY } from '../src/fleet/connector-history.ts';
import { FLEET_FRAMES_PER_STATION } from '../src/fleet/frame-ring.ts';
import { FRAMES_UNVIEWED } from '../src/fleet/frame-log-mode.ts';
import { VIEWED_STATIONS_MAX } from '../src/fleet/history-mode.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function spawnPeer(file: string, args: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--expose-gc', '--import', new URL('../bin/register-ts.mjs', import.meta.url).href, file, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextJson(lines: AsyncIterator<string>, what: string): Promise<Record<string, unknown>> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in 900 s`)), 900_000).unref());
  const r = await Promise.race([lines.next(), timeout]);
  if (r.done) throw new Error(`${what}: the peer exited`);
  return JSON.parse(r.value) as Record<string, unknown>;
}

export async function run(o: { quick: boolean; n?: number; fastSeconds?: number; settleSeconds?: number; steadySeconds?: number }): Promise<Figure[]> {
  const n = o.n ?? (o.quick ? 300 : 10_000);
  const fastS = o.fastSeconds ?? (o.quick ? 20 : 300);
  const settleS = o.settleSeconds ?? (o.quick ? 5 : 30);
  const steadyS = o.steadySeconds ?? (o.quick ? 5 : 20);
  const children: ChildProcess[] = [];
  try {
    // ×60 throughput: its own central system and fleet process
    const csms = spawnPeer('bench/peers/csms-counting-server.ts', ['900']);
    children.push(csms.child);
    const { url } = await nextJson(csms.lines, 'central system') as { url: string };
    const count = async (): Promise<{ at: number; calls: number; errorsOut: number; byAction: Record<string, number> }> => {
      csms.child.stdin!.write('count\n');
      return await nextJson(csms.lines, 'central system counts') as never;
    };
    const fleet = spawnPeer('bench/peers/generator-fleet.ts', ['fast', url, String(n), String(fastS)]);
    children.push(fleet.child);
    const marks: Record<string, Record<string, unknown>> = {};
    let c0: Awaited<ReturnType<typeof count>> | undefined, c1: typeof c0;
    for (;;) {
      const m = await nextJson(fleet.lines, 'generator fleet (×60)');
      marks[m.mark as string] = m;
      if (m.mark === 'fast-start') c0 = await count();
      if (m.mark === 'fast-end') c1 = await count();
      if (m.mark === 'drained') break;
    }
    for (const c of children.splice(0)) c.kill('SIGKILL');
    const seconds = (c1!.at - c0!.at) / 1000;
    const rate = (c1!.calls - c0!.calls) / seconds;
    const txKinds = ['MeterValues', 'StartTransaction', 'StopTransaction'];
    const txRate = txKinds.reduce((a, k) => a + (c1!.byAction[k] ?? 0) - (c0!.byAction[k] ?? 0), 0) / seconds;
    const d = marks.drained as { queued: number; dropped: number; totals: { arrivals: number; started: number } };
    const lost = d.queued + d.dropped;

    // 1× steady state: a fresh central system and a fresh fleet process for each history, no ×60 burst before it
    type Steady = { rssPerTwinKiB: number; heapPerTwinKiB: number; cpuPercent: number; charging: number; sessions: number; history: string; frameLog: string; rings: number; framesKept: number };
    const steady = async (history: 'shipped' | 'all'): Promise<Steady> => {
      await new Promise((r) => setTimeout(r, 2000));
      const csms2 = spawnPeer('bench/peers/csms-counting-server.ts', ['900']);
      children.push(csms2.child);
      const { url: url2 } = await nextJson(csms2.lines, 'central system') as { url: string };
      const steadyFleet = spawnPeer('bench/peers/generator-fleet.ts', ['steady', url2, String(n), String(settleS), String(steadyS), history]);
      children.push(steadyFleet.child);
      try {
        for (;;) {
          const m = await nextJson(steadyFleet.lines, `generator fleet (1×, history ${history})`);
          if (m.mark === 'steady') return m as never;
        }
      } finally {
        for (const c of children.splice(0)) c.kill('SIGKILL');
      }
    };
    const s = await steady('shipped');
    const all = await steady('all');
    const mix = `steady mix from a warm start (${s.sessions} sessions under way, ${s.charging} charging), frame logs filled, ${settleS} s settled, then ${steadyS} s measured`;
    const historyNote = (x: Steady): string => `history ${x.history}: ${x.rings} connector rings full (${HISTORY_CAPACITY} readings each, as after days); frame logs (${x.frameLog}): ${x.framesKept.toLocaleString('en-US')} frames kept (${x.frameLog === 'viewed' ? `the last ${FRAMES_UNVIEWED} per twin, ${FLEET_FRAMES_PER_STATION} for the ${VIEWED_STATIONS_MAX} twins whose frames were viewed, as \`station --count\` keeps them (D31)` : `${FLEET_FRAMES_PER_STATION} per twin as \`station --count\` keeps them`}, MeterValues exchanges for a twin in session, heartbeats for an idle one)`;
    return [
      { name: `session generator, ${n} twins at ×60 for ${fastS} s: messages/s received by the central system`, value: Math.round(rate), unit: 'msg/s',
        note: `${Math.round(txRate)} transaction msg/s (MeterValues, Start/StopTransaction); ${lost} transaction messages lost (dropped ${d.dropped}, still queued ${d.queued}; target 0); ${c1!.errorsOut - c0!.errorsOut} CALLERRORs; ${d.totals.started} sessions started` },
      { name: `session generator, ${n} twins at 1× (steady mix, ${s.charging} charging): CPU`, value: Math.round(s.cpuPercent * 10) / 10, unit: '% of a core', note: `target ≤ 25 %; MeterValues every 60 s, 1 session per station per 8 h; ${mix}` },
      { name: `session generator, ${n} twins at 1×: RSS per twin (dashboard history as shipped: ${s.history})`, value: Math.round(s.rssPerTwinKiB * 10) / 10, unit: 'KiB',
        note: `target ≤ 20 KiB; heap used ${s.heapPerTwinKiB.toFixed(1)} KiB per twin; ${historyNote(s)}; baseline after one twin, after gc; heap compacted once after the boot wave, as every station --count process does (D27); own process and central system (decisions D25, D29)` },
      { name: `session generator, ${n} twins at 1×: RSS per twin with every twin's history (--history all)`, value: Math.round(all.rssPerTwinKiB * 10) / 10, unit: 'KiB',
        note: `heap used ${all.heapPerTwinKiB.toFixed(1)} KiB per twin; ${historyNote(all)}; ${s.history === 'all' ? `the mode shipped at this size too (a difference of ${(all.rssPerTwinKiB - s.rssPerTwinKiB).toFixed(1)} KiB is run-to-run noise)` : `${(all.rssPerTwinKiB - s.rssPerTwinKiB).toFixed(1)} KiB per twin more than as shipped, measured in the same run`} (${all.sessions} sessions under way); CPU ${all.cpuPercent.toFixed(1)} % of a core` },
    ];
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}
