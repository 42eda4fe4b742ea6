/**
 * The imperative shell of one station: opens the websocket, builds the RPC connection, attaches the
 * station model, and reconnects with exponential backoff and jitter when the link drops. It also owns
 * the physical switches a test needs: cut the network, cut the power, reboot.
 */
import { createRpcConnection, connectWs, type FrameDirection, type RpcConnection, type WsClientTransport } from '../rpc/index.ts';
import type { Clock, TimerId } from '../shared/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import type { Station } from '../station/station.ts';
import type { Lifecycle } from '../station/ports.ts';
import { ReconnectBackoff, type BackoffOptions } from './reconnect-backoff.ts';

export interface StationRuntimeOptions {
  csmsUrl: string;
  /**
   * Builds the station model from its durable state. Called at start and again at every reboot, so a
   * reboot really restarts the model (what was not persisted is gone, as on the real unit).
   */
  createStation: (lifecycle: Lifecycle) => Station;
  clock: Clock;
  /** Station-clock time a reboot takes before the station connects again. Default 5 s. */
  rebootDelayMs?: number;
  authorizationKey?: () => string | undefined;
  allowBasicAuthOverPlainWs?: boolean;
  ca?: string | Buffer;
  backoff?: BackoffOptions;
  callTimeoutMs?: number;
  connectTimeoutMs?: number;
  logger?: Logger;
  onFrame?: (direction: FrameDirection, text: string) => void;
}

export type LinkState = 'stopped' | 'connecting' | 'open' | 'waiting' | 'network-down' | 'powered-off';

export interface StationRuntime {
  /** The current station model (a new one after each reboot). */
  readonly station: Station;
  readonly reboots: number;
  /** Reboots now (as after Reset or a power cycle). */
  reboot(kind: 'Soft' | 'Hard' | 'Firmware'): void;
  readonly link: LinkState;
  readonly lastError: string | undefined;
  start(): void;
  /** Closes the socket and stops reconnecting. */
  stop(): Promise<void>;
  /** Simulates a network cut: the socket drops and no reconnect happens until restored. */
  cutNetwork(): void;
  restoreNetwork(): void;
  /** Drops the socket now and reconnects after the backoff (e.g. after a reboot). */
  reconnect(): void;
  /** Power cut: the socket dies, every timer stops; nothing but the durable state remains. */
  powerOff(): void;
  /** Power back: the station boots from its durable state (a running transaction ends with PowerLoss). */
  powerOn(): void;
}

export function createStationRuntime(opts: StationRuntimeOptions): StationRuntime {
  const { clock } = opts;
  const lifecycle: Lifecycle = { reboot: (kind) => reboot(kind) };
  let station = opts.createStation(lifecycle);
  let reboots = 0;
  const id = station.context.identity.chargePointId;
  const log = (opts.logger ?? silentLogger).child({ stationId: id });
  const backoff = new ReconnectBackoff(opts.backoff);
  let state: LinkState = 'stopped';
  let transport: WsClientTransport | undefined;
  let conn: RpcConnection<'ChargePoint'> | undefined;
  let retryTimer: TimerId | undefined;
  let lastError: string | undefined;
  let generation = 0;

  const scheduleRetry = (): void => {
    if (state === 'stopped' || state === 'network-down' || state === 'powered-off') return;
    state = 'waiting';
    const wait = backoff.next();
    log.log('info', `reconnecting in ${wait} ms`);
    retryTimer = clock.setTimeout(() => { retryTimer = undefined; connect(); }, wait);
  };

  const connect = (): void => {
    if (state === 'stopped' || state === 'network-down' || state === 'powered-off') return;
    state = 'connecting';
    const gen = ++generation;
    const key = opts.authorizationKey?.();
    connectWs({
      csmsUrl: opts.csmsUrl,
      chargePointId: id,
      clock,
      pingIntervalS: station.context.config.int('WebSocketPingInterval'),
      ...(key ? { authorizationKey: key } : {}),
      ...(opts.allowBasicAuthOverPlainWs !== undefined ? { allowBasicAuthOverPlainWs: opts.allowBasicAuthOverPlainWs } : {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    }).then((t) => {
      if (gen !== generation || state === 'stopped' || state === 'network-down' || state === 'powered-off') { t.close(1000); return; }
      transport = t;
      conn = createRpcConnection<'ChargePoint'>({
        transport: t, role: 'ChargePoint', clock, logger: log,
        ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
        ...(opts.onFrame ? { onFrame: opts.onFrame } : {}),
      });
      conn.onClose((code, reason) => {
        if (gen !== generation) return;
        log.log('info', `connection closed (${code}${reason ? ` ${reason}` : ''})`);
        transport = undefined;
        conn = undefined;
        station.detach();
        scheduleRetry();
      });
      state = 'open';
      lastError = undefined;
      backoff.reset();
      log.log('info', 'connected');
      station.attach(conn);
    }, (e: unknown) => {
      if (gen !== generation) return;
      lastError = e instanceof Error ? e.message : String(e);
      log.log('warn', lastError);
      scheduleRetry();
    });
  };

  const watchConfig = (s: Station): void => {
    s.context.config.onChange((key, value) => {
      if (key === 'WebSocketPingInterval') transport?.setPingInterval(Number(value));
    });
  };
  watchConfig(station);

  const drop = (): void => {
    generation++;
    clock.clearTimeout(retryTimer);
    retryTimer = undefined;
    const hadConn = conn !== undefined;
    conn = undefined;
    transport?.close(1000);
    transport = undefined;
    if (hadConn) station.detach();
  };

  function reboot(kind: 'Soft' | 'Hard' | 'Firmware'): void {
    if (state === 'stopped' || state === 'powered-off') return;
    log.log('info', `rebooting (${kind})`);
    const wasDown = state === 'network-down';
    drop();
    station.dispose();
    reboots++;
    station = opts.createStation(lifecycle);
    watchConfig(station);
    if (wasDown) return;
    state = 'waiting';
    retryTimer = clock.setTimeout(() => { retryTimer = undefined; backoff.reset(); connect(); }, opts.rebootDelayMs ?? 5000);
  }

  return {
    get station() { return station; },
    get reboots() { return reboots; },
    reboot,
    get link() { return state; },
    get lastError() { return lastError; },
    start() { if (state !== 'stopped') return; state = 'connecting'; connect(); },
    async stop() { state = 'stopped'; drop(); station.dispose(); },
    cutNetwork() { state = 'network-down'; drop(); },
    restoreNetwork() { if (state !== 'network-down') return; state = 'connecting'; backoff.reset(); connect(); },
    powerOff() {
      if (state === 'stopped' || state === 'powered-off') return;
      state = 'powered-off';
      generation++;
      clock.clearTimeout(retryTimer);
      conn = undefined;
      transport?.close(1006);
      transport = undefined;
      station.dispose();
    },
    powerOn() {
      if (state !== 'powered-off') return;
      reboots++;
      station = opts.createStation(lifecycle);
      watchConfig(station);
      state = 'waiting';
      retryTimer = clock.setTimeout(() => { retryTimer = undefined; backoff.reset(); connect(); }, opts.rebootDelayMs ?? 5000);
    },
    reconnect() {
      if (state === 'stopped' || state === 'network-down') return;
      drop();
      state = 'connecting';
      scheduleRetry();
    },
  };
}
