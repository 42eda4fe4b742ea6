/**
 * OCPP 1.6 §5.13 Reset. The station accepts, then (after the confirmation is on the wire) runs the
 * before-reboot hooks of its features (sessions stop their transactions with reason SoftReset /
 * HardReset) and reboots through the runtime. A hook that fails makes the attempt fail; the guide's
 * ResetRetries bounds the attempts. After the last failed attempt a Hard reset reboots anyway (a hard
 * reset does not wait for the software) and a Soft reset is abandoned; both are logged.
 */
import type { OperationSet, StationContext } from '../station.ts';

export const reset: OperationSet = {
  handlers: {
    Reset: (req, hctx, st) => {
      hctx.afterReply(() => { void run(st, req.type); });
      return { status: 'Accepted' };
    },
  },
};

async function run(st: StationContext, kind: 'Hard' | 'Soft'): Promise<void> {
  const attempts = Math.max(1, st.config.int('ResetRetries'));
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await st.runBeforeReboot(kind);
      st.lifecycle.reboot(kind);
      return;
    } catch (e) {
      st.log.log('warn', `${kind} reset attempt ${attempt} of ${attempts} failed`, { error: String(e) });
    }
  }
  if (kind === 'Hard') st.lifecycle.reboot('Hard');
  else st.log.log('error', 'Soft reset abandoned after ResetRetries attempts');
}
