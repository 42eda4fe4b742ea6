/**
 * The session generator's bench (issue 15): a fleet of twins with the generator running at 1 session per
 * station per simulated 8 h and MeterValues every 60 s. At clock ×60 for a window: transaction and other
 * messages per second the central system received, and transaction messages lost (dropped or still
 * queued after a 5 s drain); then at 1× in the steady mix of sessions: CPU % of one core and RSS per twin.
 * Full: 10,000 twins, 300 s at ×60 (5 simulated hours), 20 s steady; quick: 300 twins, 20 s, 5 s.
 * The central system is in its own process (heartbeat interval 900 s, so ×60 is not a heartbeat test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Figure } from './report.ts';

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

export async function run(o: { quick: boolean; n?: number; fastSeconds?: number; steadySeconds?: number }): Promise<Figure[]> {
  const n = o.n ?? (o.quick ? 300 : 10_000);
  const fastS = o.fastSeconds ?? (o.quick ? 20 : 300);
  const steadyS = o.steadySeconds ?? (o.quick ? 5 : 20);
  const csms = spawnPeer('bench/peers/csms-counting-server.ts', ['900']);
  const children: ChildProcess[] = [csms.child];
  try {
    const { url } = await nextJson(csms.lines, 'central system') as { url: string };
    const count = async (): Promise<{ at: number; calls: number; errorsOut: number; byAction: Record<string, number> }> => {
      csms.child.stdin!.write('count\n');
      return await nextJson(csms.lines, 'central system counts') as never;
    };
    const fleet = spawnPeer('bench/peers/generator-fleet.ts', [url, String(n), String(fastS), String(steadyS)]);
    children.push(fleet.child);
    const marks: Record<string, Record<string, unknown>> = {};
    let c0: Awaited<ReturnType<typeof count>> | undefined, c1: typeof c0;
    for (;;) {
      const m = await nextJson(fleet.lines, 'generator fleet');
      marks[m.mark as string] = m;
      if (m.mark === 'fast-start') c0 = await count();
      if (m.mark === 'fast-end') c1 = await count();
      if (m.mark === 'steady') break;
    }
    const seconds = (c1!.at - c0!.at) / 1000;
    const rate = (c1!.calls - c0!.calls) / seconds;
    const txKinds = ['MeterValues', 'StartTransaction', 'StopTransaction'];
    const txRate = txKinds.reduce((a, k) => a + (c1!.byAction[k] ?? 0) - (c0!.byAction[k] ?? 0), 0) / seconds;
    const d = marks.drained as { queued: number; dropped: number; totals: { arrivals: number; started: number } };
    const lost = d.queued + d.dropped;
    const s = marks.steady as { rssPerTwinKiB: number; cpuPercent: number; charging: number };
    return [
      { name: `session generator, ${n} twins at ×60 for ${fastS} s: messages/s received by the central system`, value: Math.round(rate), unit: 'msg/s',
        note: `${Math.round(txRate)} transaction msg/s (MeterValues, Start/StopTransaction); ${lost} transaction messages lost (dropped ${d.dropped}, still queued ${d.queued}; target 0); ${c1!.errorsOut - c0!.errorsOut} CALLERRORs; ${d.totals.started} sessions started` },
      { name: `session generator, ${n} twins at 1× (steady mix, ${s.charging} charging): CPU`, value: Math.round(s.cpuPercent * 10) / 10, unit: '% of a core', note: 'target ≤ 25 %; MeterValues every 60 s, 1 session per station per 8 h' },
      { name: `session generator, ${n} twins at 1×: RSS per twin`, value: Math.round(s.rssPerTwinKiB * 10) / 10, unit: 'KiB', note: 'target ≤ 20 KiB; baseline after 1,000 warm-up boots (removed) and gc; measured after the ×60 window, so it holds the heap that traffic grew' },
    ];
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}
