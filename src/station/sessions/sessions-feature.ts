/**
 * Installs charging sessions into a station: the Sessions model, its handlers, its TriggerMessage
 * behaviour, its controls, its reactions to configuration changes, and its before-reboot hook.
 */
import type { StationContext, StationFeature } from '../station.ts';
import type { StationStateStore } from '../storage-port.ts';
import type { TransactionQueue } from '../../queue/index.ts';
import type { VendorErrorDef } from '../profile/device-profile.ts';
import { TxDelivery } from '../tx-delivery.ts';
import { Sessions, type LimitSource } from './sessions.ts';
import type { SessionsState } from './session-state.ts';
import type { ProductElectrics } from './electrical.ts';
import { isValidMeasurandList, meterValue } from './meter-values.ts';
import { sessionControls } from './controls.ts';
import { remoteStartTransaction, type RemoteStartProfileHook } from '../handlers/remote-start-transaction.ts';
import { remoteStopTransaction } from '../handlers/remote-stop-transaction.ts';
import { reserveNow } from '../handlers/reserve-now.ts';
import { cancelReservation } from '../handlers/cancel-reservation.ts';
import { clearCache } from '../handlers/clear-cache.ts';
import { getLocalListVersion } from '../handlers/get-local-list-version.ts';
import { unlockConnector } from '../handlers/unlock-connector.ts';
import { changeAvailability } from '../handlers/change-availability.ts';

export interface SessionsFeatureOptions {
  product: ProductElectrics & { tethered: boolean };
  vendorId: string;
  vendorErrors: VendorErrorDef[];
  store: StationStateStore;
  queue: TransactionQueue;
  /** Smart charging plugs in here (limit per connector and its next change). */
  limitAt?: (ctx: StationContext) => LimitSource;
  remoteStartProfile?: (ctx: StationContext) => RemoteStartProfileHook;
  onTransactionEnded?: (connectorId: number, transactionId: number | undefined) => void;
  onTransactionStarting?: (connectorId: number, auth: { idTag: string; at: number }) => void;
  /** Receives the Sessions model once built (for wiring other features to it). */
  onReady?: (s: Sessions) => void;
}

/** Reboot kinds → StopTransaction reasons (OCPP 1.6 §7.38 Reason). */
const STOP_REASON = { Soft: 'SoftReset', Hard: 'HardReset', Firmware: 'Reboot' } as const;

export function sessionsFeature(o: SessionsFeatureOptions): StationFeature {
  return (ctx) => {
    const delivery = new TxDelivery(ctx, o.queue);
    const s = new Sessions(ctx, {
      product: o.product, vendorId: o.vendorId, vendorErrors: o.vendorErrors, delivery,
      saved: o.store.load<SessionsState>('sessions'),
      save: (state) => o.store.save('sessions', state),
      atomically: (fn) => o.store.atomically(fn),
      ...(o.limitAt ? { limitAt: o.limitAt(ctx) } : {}),
      ...(o.onTransactionEnded ? { onTransactionEnded: o.onTransactionEnded } : {}),
      ...(o.onTransactionStarting ? { onTransactionStarting: o.onTransactionStarting } : {}),
    });
    const presence = (connectorId: number, present: boolean): void => {
      if (!ctx.config.bool('EvPresenceNotification') || !ctx.uplink.online) return;
      ctx.uplink.call('DataTransfer', { vendorId: o.vendorId, messageId: 'EvPresence', data: JSON.stringify({ connectorId, evPresent: present }) })
        .catch((e: unknown) => ctx.log.log('warn', 'EV presence notification not delivered', { error: String(e) }));
    };
    Object.assign(ctx.controls, sessionControls(s, presence));
    for (const f of [
      remoteStartTransaction(s, o.remoteStartProfile?.(ctx)), remoteStopTransaction(s), reserveNow(s), cancelReservation(s),
      clearCache(s), getLocalListVersion(s), unlockConnector(s), changeAvailability(s),
    ]) f(ctx);
    ctx.onTrigger('MeterValues', (connectorId) => ({
      status: 'Accepted',
      send: () => {
        for (const c of s.state.connectors.filter((x) => connectorId === undefined || connectorId === 0 || x.id === connectorId)) {
          s.integrate(c);
          const mv = meterValue(ctx.clock.now(), s.reading(c), ctx.config.str('SampledData').split(',').filter(Boolean), 'Trigger');
          ctx.uplink.call('MeterValues', { connectorId: c.id, ...(c.tx?.transactionId !== undefined ? { transactionId: c.tx.transactionId } : {}), meterValue: [mv] }).catch(() => {});
        }
      },
    }));
    const rules = ctx.configuration as { addRule?: (key: string, fn: (v: string) => boolean) => void };
    for (const key of ['SampledData', 'AlignedData', 'SampledDataTxEnded', 'AlignedDataTxEnded']) {
      rules.addRule?.(key, isValidMeasurandList);
      // Lowering a *MaxLength key below the number of measurands its list holds now is Rejected, so the
      // two keys never disagree and no configured measurand is silently dropped.
      rules.addRule?.(`${key}MaxLength`, (v) => ctx.config.str(key).split(',').filter(Boolean).length <= Number(v));
    }
    ctx.config.onChange((key) => {
      if (key === 'SampledDataInterval') s.rearmSamplers();
      if (key === 'AlignedDataInterval') s.rearmAligned();
    });
    ctx.beforeReboot(async (kind) => { await s.stopAll(STOP_REASON[kind]); });
    ctx.onDispose(() => { delivery.stop(); s.dispose(); });
    ctx.events.on('accepted', () => delivery.pump());
    s.recoverAfterRestart();
    o.onReady?.(s);
  };
}
