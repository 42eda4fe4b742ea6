/** A JSON view of the sessions for dashboards, the control API and `waitFor` conditions. */
import type { Sessions } from './sessions.ts';
import { statusOf } from './connector-fsm.ts';

export function sessionsView(s: Sessions): Record<string, unknown> {
  const now = s.ctx.clock.now();
  return {
    at: now,
    stationOperative: s.state.stationOperative,
    stationFaults: [...s.state.stationFaults],
    ledIntensity: s.ctx.config.int('LedIntensity'),
    localListVersion: s.auth.state.localList.version,
    connectors: s.state.connectors.map((c) => {
      const live = s.live(c.id);
      const limit = s.limitAt(now, c.id);
      return {
        id: c.id,
        status: s.ctx.status.get(c.id).status,
        machineStatus: statusOf(c.fsm),
        plugged: c.fsm.plugged,
        evRequesting: c.fsm.evRequesting,
        ev: { ...c.ev },
        energyWh: Math.round(c.energyWh),
        currentA: live.currentA,
        offeredA: live.offeredA,
        powerW: Math.round(s.o.product.voltageV * live.currentA * live.phases.length),
        phases: live.phases,
        limitA: Number.isFinite(limit.limitA) ? limit.limitA : null,
        transaction: c.tx ? { transactionId: c.tx.transactionId ?? null, idTag: c.tx.idTag, meterStart: c.tx.meterStart, startedAt: c.tx.startedAt } : null,
        reservation: c.reservation ?? null,
        faults: [...c.faults],
        pendingAuthorization: c.pendingAuth?.idTag ?? null,
      };
    }),
  };
}
