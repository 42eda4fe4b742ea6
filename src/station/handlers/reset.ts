/**
 * OCPP 1.6 §5.13 Reset. The station accepts, then (after the confirmation is on the wire) runs the
 * before-reboot hooks of its features (sessions stop their transactions with reason SoftReset /
 * HardReset) and reboots through the runtime. A hook that fails makes the attempt fail; the guide's
 * ResetRetries bounds the attempts. After the last failed attempt a Hard reset reboots anyway (a hard
 * reset does not wait for the software) and a Soft reset is abandoned; both are logged.
 */
import type { StationFeature } from '../station.ts';

export const reset: StationFeature = (ctx) => {
  ctx.handle('Reset', (req, hctx) => {
    hctx.afterReply(() => { void run(req.type); });
    return { status: 'Accepted' };
  });

  async function run(kind: 'Hard' | 'Soft'): Promise<void> {
    const attempts = Math.max(1, ctx.config.int('ResetRetries'));
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await ctx.runBeforeReboot(kind);
        ctx.lifecycle.reboot(kind);
        return;
      } catch (e) {
        ctx.log.log('warn', `${kind} reset attempt ${attempt} of ${attempts} failed`, { error: String(e) });
      }
    }
    if (kind === 'Hard') ctx.lifecycle.reboot('Hard');
    else ctx.log.log('error', 'Soft reset abandoned after ResetRetries attempts');
  }
};
