/**
 * The charge point's side of the socket: opens `<csmsUrl>/<chargePointId>` with subprotocol `ocpp1.6`,
 * optional HTTP Basic credentials (security profiles 1 and 2 of the 1.6 security whitepaper), TLS
 * verification against a CA bundle for wss://, and websocket pings every WebSocketPingInterval seconds
 * on the clock's wire clock: real time, which a fast-forward of the station's clock does not move (a ping
 * answered in real milliseconds must not look lost because the station's clock jumped an hour; D11).
 *
 * RFC 6455 on a bare `net`/`tls` socket (D33): the opening handshake is written and checked here
 * (ws-opening-handshake.ts), the open socket is ws-client-socket.ts.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { wireClock, type Clock } from '../../shared/clock.ts';
import { TwinError } from '../../shared/errors.ts';
import type { Transport } from '../transport.ts';
import { processHandshakes, type HandshakeGate } from './handshake-gate.ts';
import { processRandomBytes } from './random-byte-pool.ts';
import { WsClientSocket } from './ws-client-socket.ts';
import { checkUpgrade, MAX_RESPONSE_HEAD_BYTES, parseResponseHead, upgradeRequestText } from './ws-opening-handshake.ts';

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
  /** Largest message accepted from the CSMS, in bytes; a larger one closes the socket with 1009. Default 4 MiB. */
  maxPayload?: number;
  /** Where the handshake waits its turn (default: the process's gate, 256 handshakes at once; handshake-gate.ts). */
  gate?: HandshakeGate;
}

export interface WsClientTransport extends Transport {
  /** Re-arms the ping timer with a new WebSocketPingInterval (seconds; 0 disables). */
  setPingInterval(seconds: number): void;
}

const SUBPROTOCOL = 'ocpp1.6';
const HEAD_END = Buffer.from('\r\n\r\n');

/** Builds the endpoint URL: the CSMS URL with the charge point id as last path segment (OCPP-J 1.6 §3.1.1). */
export function stationUrl(csmsUrl: string, chargePointId: string): string {
  return `${csmsUrl.replace(/\/+$/, '')}/${encodeURIComponent(chargePointId)}`;
}

export function connectWs(opts: WsClientOptions): Promise<WsClientTransport> {
  const url = stationUrl(opts.csmsUrl, opts.chargePointId);
  const secure = url.startsWith('wss://');
  if (!secure && !url.startsWith('ws://')) return Promise.reject(new TwinError('TWIN_ERR_WS_BAD_URL', `CSMS URL must start with ws:// or wss://: ${opts.csmsUrl}`));
  let target: URL;
  try { target = new URL(url); } catch { return Promise.reject(new TwinError('TWIN_ERR_WS_BAD_URL', `not a URL: ${opts.csmsUrl}`)); }
  let authorization: string | undefined;
  if (opts.authorizationKey !== undefined) {
    if (!secure && !opts.allowBasicAuthOverPlainWs) {
      return Promise.reject(new TwinError('TWIN_ERR_WS_KEY_OVER_PLAIN', 'refusing to send the AuthorizationKey over plain ws:// (use wss:// or allow it explicitly)'));
    }
    authorization = `Basic ${Buffer.from(`${opts.chargePointId}:${opts.authorizationKey}`).toString('base64')}`;
  }
  // The handshake timeout runs from the moment the gate lets this attempt through, not while it waits.
  return (opts.gate ?? processHandshakes).run(() => openingHandshake(url, target, secure, authorization, opts));
}

function openingHandshake(url: string, target: URL, secure: boolean, authorization: string | undefined, opts: WsClientOptions): Promise<WsClientTransport> {
  return new Promise<WsClientTransport>((resolve, reject) => {
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    const port = Number(target.port) || (secure ? 443 : 80);
    const socket: Socket = secure
      ? tlsConnect({ host, port, servername: isIP(host) ? '' : host, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) })
      : tcpConnect({ host, port });
    socket.setNoDelay(true);
    const key = processRandomBytes.take(16).toString('base64');
    socket.write(upgradeRequestText({ host: target.host, path: `${target.pathname}${target.search}`, key, subprotocol: SUBPROTOCOL, ...(authorization !== undefined ? { authorization } : {}) }));
    let head: Buffer | undefined;
    const stop = (): void => {
      clearTimeout(timer);
      socket.off('data', onHeadData);
      socket.off('error', onFailure);
      socket.off('close', onEarlyClose);
    };
    const fail = (e: TwinError): void => {
      stop();
      socket.on('error', ignore);
      socket.destroy();
      reject(e);
    };
    const onFailure = (e: Error): void => fail(new TwinError('TWIN_ERR_WS_CONNECT', `cannot connect to ${url}: ${e.message}`, { cause: e }));
    const onEarlyClose = (): void => fail(new TwinError('TWIN_ERR_WS_CONNECT', `cannot connect to ${url}: the connection closed during the opening handshake`));
    const timer = setTimeout(() => fail(new TwinError('TWIN_ERR_WS_CONNECT', `cannot connect to ${url}: opening handshake has timed out`)), opts.connectTimeoutMs ?? 30_000);
    const onHeadData = (chunk: Buffer): void => {
      const bytes = head === undefined ? chunk : Buffer.concat([head, chunk]);
      const end = bytes.indexOf(HEAD_END, head === undefined ? 0 : Math.max(0, head.length - 3));
      if (end < 0) {
        if (bytes.length > MAX_RESPONSE_HEAD_BYTES) fail(new TwinError('TWIN_ERR_WS_HANDSHAKE', `the CSMS's handshake answer exceeds ${MAX_RESPONSE_HEAD_BYTES} bytes`, { details: { status: 0 } }));
        else head = bytes;
        return;
      }
      const response = parseResponseHead(bytes.toString('latin1', 0, end));
      if (response === undefined) { fail(new TwinError('TWIN_ERR_WS_HANDSHAKE', 'the CSMS did not answer with HTTP/1.1', { details: { status: 0 } })); return; }
      const status = response.status;
      if (status !== 101) {
        fail(new TwinError(status === 401 ? 'TWIN_ERR_WS_UNAUTHORIZED' : 'TWIN_ERR_WS_HANDSHAKE', `CSMS refused the connection: HTTP ${status}`, { details: { status } }));
        return;
      }
      const problem = checkUpgrade(response, key, SUBPROTOCOL);
      if (problem?.kind === 'subprotocol') { fail(new TwinError('TWIN_ERR_WS_SUBPROTOCOL', `the CSMS did not agree on subprotocol ocpp1.6: ${problem.reason}`)); return; }
      if (problem) { fail(new TwinError('TWIN_ERR_WS_HANDSHAKE', `invalid handshake answer: ${problem.reason}`, { details: { status } })); return; }
      stop();
      resolve(new WsClientSocket(socket, bytes.subarray(end + 4), wireClock(opts.clock), opts.pingIntervalS ?? 0, opts.maxPayload ?? 4 * 1024 * 1024, processRandomBytes));
    };
    socket.on('data', onHeadData);
    socket.on('error', onFailure);
    socket.on('close', onEarlyClose);
  });
}

function ignore(): void { /* the attempt is already settled */ }
