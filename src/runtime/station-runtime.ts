/**
 * The imperative shell of one station: opens the websocket, builds the RPC connection, attaches the
 * station model, and reconnects with exponential backoff and jitter when the link drops. It also owns
 * the physical switches a test needs: cut the network, cut the power, reboot.
 */
import { createRpcConnection, connectWs, type FrameDirection, type RpcConnection, type WsClientTransport } from '../rpc/index.ts';
import { FaultGate } from '../rpc/fault-gate.ts';
import { FaultInjector } from '../rpc/fault-injection.ts';
import { wireClock, type Clock, type TimerId } from '../shared/clock.ts';
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
  createStation: ((lifecycle: Lifecycle) => Station) | StationFactory;
  clock: Clock;
  /** Station-clock time a reboot takes before the station connects again. Default 5 s. */
  rebootDelayMs?: number;
  /** The AuthorizationKey to connect with, asked at every connect (a function, or an object's `key()`). */
  authorizationKey?: (() => string | undefined) | KeySource;
  allowBasicAuthOverPlainWs?: boolean;
  ca?: string | Buffer;
  backoff?: BackoffOptions;
  callTimeoutMs?: number;
  connectTimeoutMs?: number;
  logger?: Logger;
  onFrame?: ((direction: FrameDirection, text: string, injected?: string) => void) | FrameSink;
}

/** An object that builds the station model (lets a fleet member be its own factory, with no closure). */
export interface StationFactory { build(lifecycle: Lifecycle): Station }
export interface KeySource { key(): string | undefined }
/** Receives each frame as it crossed the wire; `injected` says what an injected fault did to it (docs/fault-injection.md). */
export interface FrameSink { frame(direction: FrameDirection, text: string, injected?: string): void }

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
  /** The wire's injected faults, if any were ever added (docs/fault-injection.md). */
  readonly faults: FaultInjector | undefined;
  /** The wire's fault rules, made on first use; they last across reconnects and reboots until cleared. */
  faultInjector(): FaultInjector;
}

export function createStationRuntime(opts: StationRuntimeOptions): StationRuntime {
  return new Runtime(opts);
}

/** Why the runtime must not connect now. */
const idle = (state: LinkState): boolean => state === 'stopped' || state === 'network-down' || state === 'powered-off';

/** One station's runtime. A class so that a fleet of thousands shares its methods (no closures per station). */
class Runtime implements StationRuntime, Lifecycle {
  readonly #opts: StationRuntimeOptions;
  readonly #id: string;
  readonly #log: Logger;
  readonly #backoff: ReconnectBackoff;
  #station: Station;
  #reboots = 0;
  #state: LinkState = 'stopped';
  /** Whether the network is cut; kept apart from the link state, which a power cut overrides. */
  #networkCut = false;
  #transport: WsClientTransport | undefined;
  #conn: RpcConnection<'ChargePoint'> | undefined;
  /** Reconnect backoff, on the wire clock (real time: the network does not jump with the station's clock). */
  #retryTimer: TimerId | undefined;
  /** The reboot's delay before connecting, on the station's clock (the unit's own boot time). */
  #bootTimer: TimerId | undefined;
  readonly #wire: Clock;
  #lastError: string | undefined;
  #generation = 0;
  #faults: FaultInjector | undefined;

  constructor(opts: StationRuntimeOptions) {
    this.#opts = opts;
    this.#station = this.#build();
    this.#id = this.#station.context.identity.chargePointId;
    this.#log = (opts.logger ?? silentLogger).child({ stationId: this.#id });
    this.#backoff = new ReconnectBackoff(opts.backoff);
    this.#wire = wireClock(opts.clock);
  }

  get station(): Station { return this.#station; }
  /** The registration of the station model now running (the RPC connection reads it: `registrant`). */
  get registration(): Station['registration'] { return this.#station.registration; }
  get reboots(): number { return this.#reboots; }
  get link(): LinkState { return this.#state; }
  get lastError(): string | undefined { return this.#lastError; }
  get faults(): FaultInjector | undefined { return this.#faults; }
  faultInjector(): FaultInjector { return (this.#faults ??= new FaultInjector()); }

  start(): void {
    if (this.#state !== 'stopped') return;
    if (this.#networkCut) { this.#state = 'network-down'; return; }
    this.#state = 'connecting';
    this.#connect();
  }

  async stop(): Promise<void> { this.#state = 'stopped'; this.#drop(); this.#station.dispose(); }

  /** The network is cut whatever the power does: a station powered on behind a cut network stays off the link. */
  cutNetwork(): void {
    this.#networkCut = true;
    if (this.#state === 'stopped' || this.#state === 'powered-off') return;
    this.#state = 'network-down';
    this.#drop();
  }

  restoreNetwork(): void {
    this.#networkCut = false;
    if (this.#state !== 'network-down') return;
    this.#state = 'connecting';
    this.#backoff.reset();
    this.#connect();
  }

  reboot(kind: 'Soft' | 'Hard' | 'Firmware'): void {
    if (this.#state === 'stopped' || this.#state === 'powered-off') return;
    this.#log.log('info', `rebooting (${kind})`);
    const wasDown = this.#state === 'network-down';
    this.#drop();
    this.#station.dispose();
    this.#reboots++;
    this.#station = this.#build();
    if (wasDown) return;
    this.#connectAfterBoot();
  }

  powerOff(): void {
    if (this.#state === 'stopped' || this.#state === 'powered-off') return;
    this.#state = 'powered-off';
    this.#generation++;
    this.#clearTimers();
    this.#closeLink(1006);
    this.#station.dispose();
  }

  powerOn(): void {
    if (this.#state !== 'powered-off') return;
    this.#reboots++;
    this.#station = this.#build();
    if (this.#networkCut) { this.#state = 'network-down'; return; }
    this.#connectAfterBoot();
  }

  reconnect(): void {
    if (this.#state === 'stopped' || this.#state === 'network-down') return;
    this.#drop();
    this.#state = 'connecting';
    this.#scheduleRetry();
  }

  /** Builds the station model and follows the configuration keys the runtime owns. */
  #build(): Station {
    const make = this.#opts.createStation;
    const station = typeof make === 'function' ? make(this) : make.build(this);
    station.context.config.onChange(this);
    return station;
  }

  /** The configuration keys the runtime owns take effect at once. */
  configChanged(key: string, value: string): void {
    if (key === 'WebSocketPingInterval') this.#transport?.setPingInterval(Number(value));
    if (key === 'AuthorizationKey') this.#reconnectWithNewKey();
  }

  /**
   * A new AuthorizationKey (1.6 security whitepaper, HTTP Basic password update): the ChangeConfiguration
   * answer goes out on the current connection first, then the station reconnects at once with the new key.
   */
  #reconnectWithNewKey(): void {
    if (this.#state !== 'open') return;
    const gen = this.#generation;
    this.#wire.setTimeout(() => {
      if (gen !== this.#generation || this.#state !== 'open') return;
      this.#log.log('info', 'AuthorizationKey changed: reconnecting with the new key');
      this.#drop();
      this.#state = 'connecting';
      this.#backoff.reset();
      this.#connect();
    }, 0);
  }

  #connectAfterBoot(): void {
    this.#state = 'waiting';
    this.#bootTimer = this.#opts.clock.setTimeout(() => {
      this.#bootTimer = undefined;
      this.#backoff.reset();
      this.#connect();
    }, this.#opts.rebootDelayMs ?? 5000);
  }

  #scheduleRetry(): void {
    if (idle(this.#state)) return;
    this.#state = 'waiting';
    const wait = this.#backoff.next();
    this.#log.log('info', `reconnecting in ${wait} ms`);
    this.#wire.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#wire.setTimeout(() => { this.#retryTimer = undefined; this.#connect(); }, wait);
  }

  #connect(): void {
    if (idle(this.#state)) return;
    const opts = this.#opts;
    this.#state = 'connecting';
    const gen = ++this.#generation;
    const source = opts.authorizationKey;
    const key = typeof source === 'function' ? source() : source?.key();
    connectWs({
      csmsUrl: opts.csmsUrl,
      chargePointId: this.#id,
      clock: opts.clock,
      pingIntervalS: this.#station.context.config.int('WebSocketPingInterval'),
      ...(key ? { authorizationKey: key } : {}),
      ...(opts.allowBasicAuthOverPlainWs !== undefined ? { allowBasicAuthOverPlainWs: opts.allowBasicAuthOverPlainWs } : {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    }).then((t) => this.#opened(t, gen), (e: unknown) => {
      if (gen !== this.#generation) return;
      this.#lastError = e instanceof Error ? e.message : String(e);
      this.#log.log('warn', this.#lastError);
      this.#scheduleRetry();
    });
  }

  #opened(t: WsClientTransport, gen: number): void {
    const opts = this.#opts;
    if (gen !== this.#generation || idle(this.#state)) { t.close(1000); return; }
    this.#transport = t;
    // The gate taps the frames (as they cross the wire, marked where a fault touched them) and applies faults.
    const tap = opts.onFrame;
    const gate = new FaultGate(t, this, this.#wire, typeof tap === 'function' ? { frame: tap } : tap);
    const conn = createRpcConnection<'ChargePoint'>({
      transport: gate, role: 'ChargePoint', clock: opts.clock, logger: this.#log,
      // A Rejected charge point answers nothing until a later BootNotification is Accepted (1.6 §4.2).
      registrant: this,
      ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
    });
    this.#conn = conn;
    conn.onClose((code, reason) => {
      if (gen !== this.#generation) return;
      this.#log.log('info', `connection closed (${code}${reason ? ` ${reason}` : ''})`);
      this.#transport = undefined;
      this.#conn = undefined;
      this.#station.detach();
      this.#scheduleRetry();
    });
    this.#state = 'open';
    this.#lastError = undefined;
    this.#backoff.reset();
    this.#log.log('info', 'connected');
    this.#station.attach(conn);
  }

  #clearTimers(): void {
    this.#wire.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#opts.clock.clearTimeout(this.#bootTimer);
    this.#bootTimer = undefined;
  }

  /** Closes the link through its RPC connection, so its pending calls fail now, not after the close handshake. */
  #closeLink(code: number): void {
    const conn = this.#conn;
    const transport = this.#transport;
    this.#conn = undefined;
    this.#transport = undefined;
    if (conn) conn.close(code);
    else transport?.close(code);
  }

  #drop(): void {
    this.#generation++;
    this.#clearTimers();
    const hadConn = this.#conn !== undefined;
    this.#closeLink(1000);
    if (hadConn) this.#station.detach();
  }
}
