/**
 * Installs charging sessions into a station: the Sessions model, its handlers, its TriggerMessage
 * behaviour, its controls, its reactions to configuration changes, and its before-reboot hook.
 */
import type { OperationSet, StationContext } from '../station.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { TransactionQueue } from '../../queue/index.ts';
import { TxDelivery } from '../tx-delivery.ts';
import { Sessions, sessionsOf, type SessionsProduct, type SessionsSmartCharging } from './sessions.ts';
import { isValidMeasurandList, meterValue } from './meter-values.ts';
import { SessionControls } from './controls.ts';
import { remoteStartTransaction } from '../handlers/remote-start-transaction.ts';
import { remoteStopTransaction } from '../handlers/remote-stop-transaction.ts';
import { reserveNow } from '../handlers/reserve-now.ts';
import { cancelReservation } from '../handlers/cancel-reservation.ts';
import { clearCache } from '../handlers/clear-cache.ts';
import { getLocalListVersion } from '../handlers/get-local-list-version.ts';
import { unlockConnector } from '../handlers/unlock-connector.ts';
import { changeAvailability } from '../handlers/change-availability.ts';

/** One station's inputs to its sessions: its durable state, its transaction queue, its smart charging. */
export interface SessionsStationInputs {
  store: StationStateStore;
  queue: TransactionQueue;
  smartCharging?: SessionsSmartCharging | undefined;
}

/** Reboot kinds → StopTransaction reasons (OCPP 1.6 §7.38 Reason). */
const STOP_REASON = { Soft: 'SoftReset', Hard: 'HardReset', Firmware: 'Reboot' } as const;

/** The measurand lists whose values must name measurands of OCPP 1.6 §7.31. */
const MEASURAND_KEYS = ['SampledData', 'AlignedData', 'SampledDataTxEnded', 'AlignedDataTxEnded'] as const;

/** The central-system operations the sessions answer, and the MeterValues trigger (shared per profile). */
export const sessionsOperations: OperationSet[] = [
  remoteStartTransaction, remoteStopTransaction, reserveNow, cancelReservation,
  clearCache, getLocalListVersion, unlockConnector, changeAvailability,
  {
    triggers: {
      MeterValues: (st, connectorId) => ({
        status: 'Accepted',
        send: () => {
          const s = sessionsOf(st);
          for (const c of s.state.connectors.filter((x) => connectorId === undefined || connectorId === 0 || x.id === connectorId)) {
            s.integrate(c);
            const mv = meterValue(st.clock.now(), s.reading(c), st.config.str('SampledData').split(',').filter(Boolean), 'Trigger');
            st.uplink.call('MeterValues', { connectorId: c.id, ...(c.tx?.transactionId !== undefined ? { transactionId: c.tx.transactionId } : {}), meterValue: [mv] }).catch(() => {});
          }
        },
      }),
    },
  },
];

/** How long (station time) a reboot waits for the confirmations of the StopTransactions it caused. */
const REBOOT_CONFIRM_WAIT_MS = 10_000;

/** Resolves when `confirmed` does or `ms` of the station's clock have passed, whichever comes first. */
function confirmedOrAfter(ctx: StationContext, confirmed: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = ctx.clock.setTimeout(resolve, ms);
    const done = (): void => { ctx.clock.clearTimeout(timer); resolve(); };
    confirmed.then(done, done);
  });
}

/**
 * Installs the sessions of one station: the Sessions model (in the station's `sessions` part), its
 * controls, its configuration rules and reactions, and its before-reboot hook. The station's blueprint
 * must carry `sessionsOperations`.
 */
export function installSessions(ctx: StationContext, product: SessionsProduct, inputs: SessionsStationInputs): Sessions {
  const delivery = new TxDelivery(ctx, inputs.queue);
  const s = new Sessions(ctx, { ...product, delivery, store: inputs.store, smartCharging: inputs.smartCharging });
  ctx.parts.sessions = s;
  ctx.controls = new SessionControls(s);
  const rules = ctx.configuration as { addRule?: (key: string, fn: (v: string) => boolean) => void };
  for (const key of MEASURAND_KEYS) rules.addRule?.(key, isValidMeasurandList);
  ctx.config.onChange(s.metering);
  ctx.beforeReboot(async (kind) => {
    await s.stopAll(STOP_REASON[kind]);
    // The CSMS answers the StopTransactions before the link goes down for the reboot, so it does not get
    // them a second time after it (docs/conformance/sessions.md "Reset"); offline, the queue keeps them.
    await confirmedOrAfter(ctx, s.stopsConfirmed(), REBOOT_CONFIRM_WAIT_MS);
  });
  ctx.onDispose(delivery);
  ctx.onDispose(s);
  s.recoverAfterRestart();
  return s;
}
