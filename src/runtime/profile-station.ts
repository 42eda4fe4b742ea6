/**
 * Builds a twin of any product from its device profile: identity of the chosen product reference, a
 * configuration store over the profile's keys (restored from the station's durable state, so accepted
 * changes survive reboots), and the features, with the central-system operations the profile lists as
 * supported installed and the others answered as not supported (station/profile/operations.ts). A second
 * product is a second profile file, not code.
 */
import type { Clock } from '../shared/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import type { StationBuilder, StationExtras, StationSpec } from '../fleet/fleet.ts';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { firmwareOperations, installFirmware } from '../station/firmware/firmware-feature.ts';
import type { FileTransfer } from '../station/firmware/transfer-port.ts';
import { StationLog } from '../station/firmware/station-log.ts';
import type { SessionsProduct } from '../station/sessions/sessions.ts';
import { createFileTransfer } from './file-transfer/file-transfer.ts';
import { ConfigStore, type ConfigSnapshot } from '../station/config/index.ts';
import { findModel, type DeviceProfile } from '../station/profile/index.ts';
import { operationRules } from '../station/profile/operations.ts';
import { ProfileSmartCharging } from '../station/profile/profile-smart-charging.ts';
import type { Lifecycle } from '../station/ports.ts';
import { createStation, StationBlueprint, type Station, type StationContext } from '../station/station.ts';
import { memoryStationStore, type StationStateStore } from '../station/storage-port.ts';
import { getConfiguration } from '../station/handlers/get-configuration.ts';
import { changeConfiguration } from '../station/handlers/change-configuration.ts';
import { dataTransfer } from '../station/handlers/data-transfer.ts';
import { sendLocalList } from '../station/handlers/send-local-list.ts';
import { triggerMessage } from '../station/handlers/trigger-message.ts';
import { reset } from '../station/handlers/reset.ts';
import { installSessions, sessionsOperations } from '../station/sessions/sessions-feature.ts';
import { setChargingProfile } from '../station/handlers/set-charging-profile.ts';
import { clearChargingProfile } from '../station/handlers/clear-charging-profile.ts';
import { getCompositeSchedule } from '../station/handlers/get-composite-schedule.ts';
import { memoryQueueStore, TransactionQueue, type MessageQueueStore } from '../queue/index.ts';

export interface ProfileBuilderOptions {
  profile: DeviceProfile;
  logger?: Logger;
  /** Durable state per station id (default: kept in memory for the life of the process). */
  storeFor?: (stationId: string) => StationStateStore;
  /** Durable transaction-message queue per station id (default: in memory for the life of the process). */
  queueFor?: (stationId: string) => MessageQueueStore;
  /** Configuration values to start from (before any saved state), e.g. a short HeartbeatInterval. */
  configOverrides?: Record<string, string>;
  /** Number of connectors when the installation has two (the EVlink guide's NumberOfConnectors is 1..2). */
  connectors?: 1 | 2;
  /** Firmware and diagnostics transfers (default: HTTP(S)/FTP over the network). */
  transfer?: FileTransfer;
}

/** A serial number derived from the charge point id, stable across restarts, ≤ 25 characters. */
export function serialFor(chargePointId: string): string {
  let h = 2166136261;
  for (const ch of chargePointId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `3S${h.toString(10).padStart(10, '0')}`;
}

/** Memoized per-id factory: the default durable state lives as long as the builder. */
function perId<T>(make: () => T): (id: string) => T {
  const m = new Map<string, T>();
  return (id) => {
    let v = m.get(id);
    if (v === undefined) m.set(id, (v = make()));
    return v;
  };
}

/** Values the builder writes into keys the profile declares (only those: other keys stay unknown). */
function identityKeys(profile: DeviceProfile, spec: StationSpec, connectorCount: number): Record<string, string> {
  const values: Record<string, string> = {
    NumberOfConnectors: String(connectorCount),
    BoxIdentifier: spec.id.slice(0, 50),
    SupervisionUrl: (spec.csmsUrl ?? '').slice(0, 255),
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const def = profile.keyIndex.get(k);
    if (def) out[k] = def.maxLength !== undefined ? v.slice(0, def.maxLength) : v;
  }
  return out;
}

/**
 * The saved configuration without the installation's keys (connector count, id, central system URL):
 * those describe how the unit is installed now, so a restart with another --connectors or --csms shows
 * the new values rather than those saved in an earlier life.
 */
function withoutKeys(saved: ConfigSnapshot | undefined, keys: Record<string, string>): ConfigSnapshot | undefined {
  if (!saved || !Object.keys(keys).some((k) => k in saved.values || k in saved.pending)) return saved;
  const drop = <T extends Record<string, string>>(o: T): Record<string, string> => Object.fromEntries(Object.entries(o).filter(([k]) => !(k in keys)));
  return { values: drop(saved.values), pending: drop(saved.pending) };
}

/** Saves a station's configuration to its durable state whenever it changes. */
class ConfigPersister {
  readonly #config: ConfigStore;
  readonly #store: StationStateStore;
  constructor(config: ConfigStore, store: StationStateStore) { this.#config = config; this.#store = store; }
  configDirty(soon: boolean): void {
    if (soon && this.#store.saveSoon) this.#store.saveSoon('config', this.#config.snapshot());
    else this.#store.save('config', this.#config.snapshot());
  }
}

/** The recent frames of a station that keeps none. */
const NO_FRAMES = { recentFrames: (): [] => [] };

export function buildProfileStation(opts: ProfileBuilderOptions): StationBuilder {
  const { profile } = opts;
  const storeFor = opts.storeFor ?? perId(memoryStationStore);
  const queueFor = opts.queueFor ?? perId(memoryQueueStore);
  // The recent log of each station, kept across its reboots like flash (bounded per station).
  const logFor = perId(() => new StationLog());
  const transfer = opts.transfer ?? createFileTransfer();
  const gz = promisify(gzip);
  const gzipBytes = async (b: Uint8Array): Promise<Uint8Array> => new Uint8Array(await gz(b));
  // Everything every station of the profile shares: handlers, triggers, operation rules, product data per model.
  const blueprint = new StationBlueprint([
    getConfiguration, changeConfiguration, dataTransfer(profile.vendorId), triggerMessage, reset,
    ...sessionsOperations, sendLocalList, ...firmwareOperations,
    setChargingProfile, clearChargingProfile, getCompositeSchedule,
  ], operationRules(profile));
  const productOf = new Map<string, SessionsProduct>();
  const sessionsProduct = (model: ReturnType<typeof findModel>): SessionsProduct => {
    let p = productOf.get(model.reference);
    if (!p) {
      p = {
        product: { ratedCurrentA: model.ratedCurrentA, phases: model.phases, voltageV: profile.nominalVoltageV, tethered: model.outlet === 'tethered-cable' },
        vendorId: profile.vendorId,
        vendorErrors: profile.vendorErrors,
      };
      productOf.set(model.reference, p);
    }
    return p;
  };
  return (spec: StationSpec, lifecycle: Lifecycle, clock: Clock, extras?: StationExtras): Station => {
    const model = findModel(profile, spec.model ?? profile.defaultModel);
    const connectorCount = spec.connectors ?? opts.connectors ?? model.connectors;
    const store = storeFor(spec.id);
    const stationLog = logFor(spec.id);
    const identity = identityKeys(profile, spec, connectorCount);
    const config = new ConfigStore(profile, {
      ...opts.configOverrides,
      ...spec.config,
      ...identity,
      ...(spec.authorizationKey !== undefined ? { AuthorizationKey: spec.authorizationKey } : {}),
    }, withoutKeys(store.load<ConfigSnapshot>('config'), identity));
    config.applyPendingAfterReboot();
    config.onDirty(new ConfigPersister(config, store));
    const smartCharging = new ProfileSmartCharging(profile.smartCharging, {
      clock, config, store, connectorCount, allowedUnits: profile.smartCharging.allowedUnits,
      ratedCurrentA: model.ratedCurrentA, voltageV: profile.nominalVoltageV, phases: model.phases,
    });
    const install = (ctx: StationContext): void => {
      ctx.parts.smartCharging = smartCharging;
      const sessions = installSessions(ctx, sessionsProduct(model), { store, queue: new TransactionQueue(queueFor(spec.id)), smartCharging });
      smartCharging.attachSessions(sessions);
      installFirmware(ctx, {
        // The station's CA bundle (--ca) verifies HTTPS transfers as it verifies wss:// (security profile 2).
        model: model.reference, store, transfer: opts.transfer ?? (spec.ca !== undefined ? createFileTransfer({ ca: spec.ca }) : transfer),
        frames: extras ?? NO_FRAMES, stationLog, gzip: gzipBytes,
      });
      ctx.onDispose(smartCharging);
    };
    return createStation({
      identity: {
        chargePointId: spec.id,
        vendor: profile.vendor,
        model: model.reference,
        serialNumber: serialFor(spec.id),
        firmwareVersion: store.load<{ version: string }>('firmware')?.version ?? profile.defaultFirmwareVersion,
      },
      connectorCount,
      config,
      clock,
      lifecycle,
      blueprint,
      features: [install],
      logger: stationLog.tap(opts.logger ?? silentLogger, clock),
    });
  };
}
