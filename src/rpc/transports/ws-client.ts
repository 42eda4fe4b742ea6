/**
 * The charge point's side of the socket: opens `<csmsUrl>/<chargePointId>` with subprotocol `ocpp1.6`,
 * optional HTTP Basic credentials (security profiles 1 and 2 of the 1.6 security whitepaper), TLS
 * verification against a CA bundle for wss://, and websocket pings every WebSocketPingInterval seconds
 * on the station's clock.
 */
import WebSocket from 'ws';
import type { Clock, TimerId } from '../../shared/clock.ts';
import { TwinError } from '../../shared/errors.ts';
import type { Transport, TransportEvents } from '../transport.ts';

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
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], {
      headers,
      perMessageDeflate: false,
      maxPayload: opts.maxPayload ?? 4 * 1024 * 1024,
      handshakeTimeout: opts.connectTimeoutMs ?? 30_000,
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    });
    let events: TransportEvents | undefined;
    let pingTimer: TimerId | undefined;
    let awaitingPong = false;
    let pingMs = (opts.pingIntervalS ?? 0) * 1000;
    const armPing = (): void => {
      opts.clock.clearTimeout(pingTimer);
      if (pingMs <= 0 || ws.readyState !== WebSocket.OPEN) return;
      pingTimer = opts.clock.setTimeout(() => {
        if (awaitingPong) { ws.terminate(); return; }
        awaitingPong = true;
        ws.ping();
        armPing();
      }, pingMs);
    };
    ws.on('pong', () => { awaitingPong = false; });
    ws.once('unexpected-response', (_req, res) => {
      reject(new TwinError(res.statusCode === 401 ? 'TWIN_ERR_WS_UNAUTHORIZED' : 'TWIN_ERR_WS_HANDSHAKE', `CSMS refused the connection: HTTP ${res.statusCode}`, { details: { status: res.statusCode } }));
      ws.terminate();
    });
    ws.once('error', (e) => reject(new TwinError('TWIN_ERR_WS_CONNECT', `cannot connect to ${url}: ${e.message}`, { cause: e })));
    ws.once('open', () => {
      if (ws.protocol !== 'ocpp1.6') {
        ws.close(1002, 'subprotocol ocpp1.6 not agreed');
        reject(new TwinError('TWIN_ERR_WS_SUBPROTOCOL', 'the CSMS did not agree on subprotocol ocpp1.6'));
        return;
      }
      ws.on('error', () => { /* reported through close */ });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return; // OCPP-J uses text frames only; binary frames are ignored
        events?.message(data.toString());
      });
      ws.on('close', (code, reason) => {
        opts.clock.clearTimeout(pingTimer);
        events?.close(code, reason.toString());
      });
      armPing();
      resolve({
        send(text) { if (ws.readyState === WebSocket.OPEN) ws.send(text); },
        close(code = 1000, reason = '') {
          // 1006 ("abnormal closure") cannot be sent: it means the TCP connection dies without a close frame.
          if (code === 1006) ws.terminate();
          else if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
        },
        attach(e) { events = e; },
        get isOpen() { return ws.readyState === WebSocket.OPEN; },
        setPingInterval(seconds) { pingMs = seconds * 1000; armPing(); },
      });
    });
  });
}
