/**
 * The embedded central system: a strict OCPP 1.6-J CSMS on loopback for tests, demos and benchmarks.
 * It answers the charge-point-initiated messages with sensible defaults (overridable per action), keeps a
 * record of every frame, connection and transaction, and can send any central-system-initiated call to
 * a connected station. It shares the OCPP vocabulary and RPC layer with the station, never its model.
 */
import { createRpcConnection, startWsServer, type Conf, type Handler, type IncomingAction, type OutgoingAction, type Req, type RpcConnection, type WsServer } from '../rpc/index.ts';
import type { StatusNotificationReq, BootNotificationReq } from '../ocpp/index.ts';
import { ClockText, type Clock } from '../shared/clock.ts';
import { TwinError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { ScaledClock } from '../platform/scaled-clock.ts';
import { TagList, type IdTagInfo } from './tag-list.ts';
import { TransactionLedger } from './transaction-ledger.ts';
import { defaultHandlerTable, type CsmsLink } from './default-handlers.ts';

export type CsmsEvent =
  | { type: 'connected'; stationId: string; at: number }
  | { type: 'disconnected'; stationId: string; at: number; code: number }
  | { type: 'frame'; stationId: string; direction: 'in' | 'out'; text: string; at: number };

export interface CsmsOptions {
  host?: string;
  port?: number;
  path?: string;
  clock?: Clock;
  /** Tags the CSMS knows: tag → status or full idTagInfo. Unknown tags are Invalid. */
  tags?: Record<string, IdTagInfo | IdTagInfo['status']>;
  /** Heartbeat interval (s) given in BootNotification.conf. Default 60. */
  heartbeatInterval?: number;
  /** Security profile 1/2: charge point id → AuthorizationKey. Stations not listed are refused. */
  basicAuth?: Record<string, string>;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The record of transactions (pass the previous one to simulate a CSMS restart that keeps its database). */
  ledger?: TransactionLedger;
  /** Keep every frame in memory (default true; benchmarks turn it off). */
  recordFrames?: boolean;
  callTimeoutMs?: number;
  /**
   * Answers every charge-point-initiated call this many milliseconds late, in real time (the clock's wire
   * clock; the clock itself on a SimulatedClock): a slow central system for tests and benchmarks.
   */
  answerDelayMs?: number;
  logger?: Logger;
}

export interface StationRecord {
  id: string;
  connected: boolean;
  boot?: BootNotificationReq;
  bootCount: number;
  lastHeartbeatAt?: number;
  /** Last StatusNotification per connector id. */
  statuses: Map<number, StatusNotificationReq>;
  connection?: RpcConnection<'CentralSystem'>;
}

export interface RecordedFrame { at: number; stationId: string; direction: 'in' | 'out'; text: string }

export interface Csms {
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  readonly tags: TagList;
  readonly ledger: TransactionLedger;
  readonly frames: RecordedFrame[];
  stations(): StationRecord[];
  station(id: string): StationRecord | undefined;
  /** Sends a central-system-initiated CALL to a connected station. */
  call<A extends OutgoingAction<'CentralSystem'>>(stationId: string, action: A, payload: Req<A>): Promise<Conf<A>>;
  /** Replaces the default answer to a charge-point-initiated action (for scripted scenarios). */
  override<A extends IncomingAction<'CentralSystem'>>(action: A, fn: Handler<A> | undefined): void;
  on(fn: (e: CsmsEvent) => void): () => void;
  close(): Promise<void>;
}

export async function startCsms(options: CsmsOptions = {}): Promise<Csms> {
  const clock = options.clock ?? new ScaledClock();
  // Only a clock this CSMS made is disposed on close; a clock passed in may drive stations that go on.
  const ownClock = options.clock === undefined;
  const timeText = new ClockText(clock);
  const log = options.logger ?? silentLogger;
  const tags = new TagList(options.tags ?? {});
  const ledger = options.ledger ?? new TransactionLedger();
  const frames: RecordedFrame[] = [];
  const records = new Map<string, StationRecord>();
  const overrides = new Map<string, Handler<never>>();
  const listeners = new Set<(e: CsmsEvent) => void>();
  const emit = (e: CsmsEvent): void => { for (const fn of listeners) fn(e); };
  const record = options.recordFrames ?? true;
  // One table of answers for every connection; each gets its own Link as the handlers' third argument.
  const handlers = defaultHandlerTable({ clock, tags, ledger, overrides, answered: ledger.answered, timeText, heartbeatInterval: options.heartbeatInterval ?? 60, answerDelayMs: options.answerDelayMs ?? 0 });
  const frameLog: FrameLog = {
    frame(stationId, direction, text) {
      const at = clock.now();
      if (record) frames.push({ at, stationId, direction, text });
      if (listeners.size) emit({ type: 'frame', stationId, direction, text, at });
    },
  };

  const server: WsServer = await startWsServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    path: options.path ?? '/ocpp',
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.basicAuth ? { authenticate: (id: string, pw: string | undefined) => pw !== undefined && options.basicAuth?.[id] === pw } : {}),
    onConnection(stationId, transport) {
      const previous = records.get(stationId)?.connection;
      if (previous?.isOpen) previous.close(1000, 'replaced by a new connection');
      const rec: StationRecord = records.get(stationId) ?? { id: stationId, connected: false, bootCount: 0, statuses: new Map() };
      records.set(stationId, rec);
      const link = new Link(stationId, rec, frameLog);
      const conn = createRpcConnection<'CentralSystem'>({
        transport, role: 'CentralSystem', clock, logger: log.child({ stationId }),
        ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
        onFrame: link,
      });
      rec.connection = conn;
      rec.connected = true;
      conn.handleFrom(handlers, link);
      conn.onClose((code) => {
        if (rec.connection === conn) rec.connected = false;
        emit({ type: 'disconnected', stationId, at: clock.now(), code });
      });
      emit({ type: 'connected', stationId, at: clock.now() });
    },
  });

  return {
    url: server.url,
    port: server.port,
    clock,
    tags,
    ledger,
    frames,
    stations: () => [...records.values()],
    station: (id) => records.get(id),
    call(stationId, action, payload) {
      const conn = records.get(stationId)?.connection;
      if (!conn?.isOpen) return Promise.reject(new TwinError('TWIN_ERR_CSMS_STATION_OFFLINE', `station ${stationId} is not connected`));
      return conn.call(action, payload);
    },
    override(action, fn) {
      if (fn) overrides.set(action, fn as unknown as Handler<never>);
      else overrides.delete(action);
    },
    on(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    async close() {
      for (const r of records.values()) r.connection?.close(1001, 'central system shutting down');
      await server.close();
      if (ownClock && clock instanceof ScaledClock) clock.dispose();
    },
  };
}

/** Where a central system's frames go: its record of frames and its listeners. */
interface FrameLog { frame(stationId: string, direction: 'in' | 'out', text: string): void }

/**
 * One connection: the station it speaks for, that station's record, and the tap of its frames. A class, so
 * thousands of connections share its method (a closure per connection costs a context and a function).
 */
class Link implements CsmsLink {
  readonly stationId: string;
  readonly rec: StationRecord;
  readonly #log: FrameLog;
  constructor(stationId: string, rec: StationRecord, log: FrameLog) { this.stationId = stationId; this.rec = rec; this.#log = log; }
  frame(direction: 'in' | 'out', text: string): void { this.#log.frame(this.stationId, direction, text); }
}
