/**
 * The charge point's side of the socket: opens `<csmsUrl>/<chargePointId>` with subprotocol `ocpp1.6`,
 * optional HTTP Basic credentials (security profiles 1 and 2 of the 1.6 security whitepaper), TLS
 * verification against a CA bundle for wss://, and websocket pings every WebSocketPingInterval seconds
 * on the clock's wire clock: real time, which a fast-forward of the station's clock does not move (a ping
 * answered in real milliseconds must not look lost because the station's clock jumped an hour; D11).
 */
import WebSocket from 'ws';
import { wireClock, type Clock, type TimerId } from '../../shared/clock.ts';
import { TwinError } from '../../shared/errors.ts';
import type { Transport, TransportEvents } from '../transport.ts';
import { processHandshakes, type HandshakeGate } from './handshake-gate.ts';

export interface WsClientOptions {
  csmsUrl: string;
  chargePointId: string;
  clock: Clock;
  /** AuthorizationKey for HTTP Basic authentication (user = charge point id). */
  authorizationKey?: string;
  /** Allow sending the key over plain ws:// (security profile 1 without TLS). Default false. */
  allowBasicAuthOverPlainWs?: boolean;
  /** PEM CA bundle that the CSMS certificate must chain to (wss://). */
  ca?: string | Buffer;
  /** Handshake timeout in ms. */
  connectTimeoutMs?: number;
  /** Seconds between websocket pings; 0 disables. */
  pingIntervalS?: number;
  /** Largest frame accepted from the CSMS, in bytes; a larger one closes the socket with 1009. Default 4 MiB. */
  maxPayload?: number;
  /** Where the handshake waits its turn (default: the process's gate, 256 handshakes at once; handshake-gate.ts). */
  gate?: HandshakeGate;
}

export interface WsClientTransport extends Transport {
  /** Re-arms the ping timer with a new WebSocketPingInterval (seconds; 0 disables). */
  setPingInterval(seconds: number): void;
}

/** Builds the endpoint URL: the CSMS URL with the charge point id as last path segment (OCPP-J 1.6 §3.1.1). */
export function stationUrl(csmsUrl: string, chargePointId: string): string {
  return `${csmsUrl.replace(/\/+$/, '')}/${encodeURIComponent(chargePointId)}`;
}

export function connectWs(opts: WsClientOptions): Promise<WsClientTransport> {
  const url = stationUrl(opts.csmsUrl, opts.chargePointId);
  const secure = url.startsWith('wss://');
  if (!secure && !url.startsWith('ws://')) return Promise.reject(new TwinError('TWIN_ERR_WS_BAD_URL', `CSMS URL must start with ws:// or wss://: ${opts.csmsUrl}`));
  const headers: Record<string, string> = {};
  if (opts.authorizationKey !== undefined) {
    if (!secure && !opts.allowBasicAuthOverPlainWs) {
      return Promise.reject(new TwinError('TWIN_ERR_WS_KEY_OVER_PLAIN', 'refusing to send the AuthorizationKey over plain ws:// (use wss:// or allow it explicitly)'));
    }
    headers.authorization = `Basic ${Buffer.from(`${opts.chargePointId}:${opts.authorizationKey}`).toString('base64')}`;
  }
  // The handshake timeout runs from the moment the gate lets this attempt through, not while it waits.
  return (opts.gate ?? processHandshakes).run(() => new Promise<WsClientTransport>((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], {
      headers,
      perMessageDeflate: false,
      maxPayload: opts.maxPayload ?? 4 * 1024 * 1024,
      handshakeTimeout: opts.connectTimeoutMs ?? 30_000,
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    });
    // The handshake listeners go once the socket is open (a fleet keeps thousands of open sockets).
    const done = (): void => {
      ws.off('unexpected-response', refused);
      ws.off('error', failed);
      ws.off('open', opened);
    };
    const refused = (_req: unknown, res: { statusCode?: number }): void => {
      done();
      reject(new TwinError(res.statusCode === 401 ? 'TWIN_ERR_WS_UNAUTHORIZED' : 'TWIN_ERR_WS_HANDSHAKE', `CSMS refused the connection: HTTP ${res.statusCode}`, { details: { status: res.statusCode } }));
      ws.on('error', onError);
      ws.terminate();
    };
    const failed = (e: Error): void => {
      done();
      ws.on('error', onError);
      reject(new TwinError('TWIN_ERR_WS_CONNECT', `cannot connect to ${url}: ${e.message}`, { cause: e }));
    };
    const opened = (): void => {
      done();
      if (ws.protocol !== 'ocpp1.6') {
        ws.on('error', onError);
        ws.close(1002, 'subprotocol ocpp1.6 not agreed');
        reject(new TwinError('TWIN_ERR_WS_SUBPROTOCOL', 'the CSMS did not agree on subprotocol ocpp1.6'));
        return;
      }
      resolve(new WsClientSocket(ws, opts.clock, opts.pingIntervalS ?? 0));
    };
    ws.on('unexpected-response', refused);
    ws.on('error', failed);
    ws.on('open', opened);
  }));
}

/** The socket's owner, found from the socket by the shared listeners below. */
const owner = new WeakMap<WebSocket, WsClientSocket>();

// Listeners shared by every socket (ws calls them with `this` bound to the socket): no closures per station.
function onPong(this: WebSocket): void { owner.get(this)?.pong(); }
function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  if (isBinary) return; // OCPP-J uses text frames only; binary frames are ignored
  owner.get(this)?.received(data.toString());
}
function onClose(this: WebSocket, code: number, reason: Buffer): void { owner.get(this)?.closed(code, reason.toString()); }
function onError(): void { /* reported through close */ }

/** An open charge-point socket. A class so that a fleet of thousands shares its methods. */
class WsClientSocket implements WsClientTransport {
  readonly #ws: WebSocket;
  readonly #clock: Clock;
  #events: TransportEvents | undefined;
  #pingMs: number;
  #pingTimer: TimerId | undefined;
  #awaitingPong = false;

  constructor(ws: WebSocket, clock: Clock, pingIntervalS: number) {
    this.#ws = ws;
    this.#clock = wireClock(clock);
    this.#pingMs = pingIntervalS * 1000;
    owner.set(ws, this);
    ws.on('pong', onPong);
    ws.on('error', onError);
    ws.on('message', onMessage);
    ws.on('close', onClose);
    this.#armPing();
  }

  send(text: string): void { if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(text); }

  close(code = 1000, reason = ''): void {
    const ws = this.#ws;
    // 1006 ("abnormal closure") cannot be sent: it means the TCP connection dies without a close frame.
    if (code === 1006) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
  }

  attach(events: TransportEvents): void { this.#events = events; }
  get isOpen(): boolean { return this.#ws.readyState === WebSocket.OPEN; }
  setPingInterval(seconds: number): void { this.#pingMs = seconds * 1000; this.#armPing(); }

  pong(): void { this.#awaitingPong = false; }
  received(text: string): void { this.#events?.message(text); }
  closed(code: number, reason: string): void {
    this.#clock.clearTimeout(this.#pingTimer);
    this.#events?.close(code, reason);
  }

  #armPing(): void {
    this.#clock.clearTimeout(this.#pingTimer);
    if (this.#pingMs <= 0 || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#pingTimer = this.#clock.setTimeout(() => this.#ping(), this.#pingMs);
  }

  #ping(): void {
    if (this.#awaitingPong) { this.#ws.terminate(); return; }
    this.#awaitingPong = true;
    this.#ws.ping();
    this.#armPing();
  }
}
