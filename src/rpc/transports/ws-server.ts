/**
 * The central system's side of the socket: an HTTP(S) server that upgrades `<path>/<chargePointId>` with
 * subprotocol `ocpp1.6`, checks HTTP Basic credentials when asked to, and hands each accepted socket to
 * the caller as a Transport.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Transport, TransportEvents } from '../transport.ts';

/**
 * Connections the kernel may hold completed but not yet accepted. Node's default is 511: a fleet that
 * connects thousands of twins at once overflows it, and each dropped SYN costs its twin a retransmission
 * (1 s, then 3 s, …) before the central system even sees it. The kernel caps this at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 8192;

export interface WsServerOptions {
  host?: string;
  port?: number;
  /** URL path before the charge point id, e.g. "/ocpp". */
  path?: string;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Return false to refuse with 401. Receives the id and the Basic password (undefined when absent). */
  authenticate?: (chargePointId: string, password: string | undefined) => boolean;
  /** Largest accepted frame in bytes (ws maxPayload). Default 1 MiB. */
  maxPayload?: number;
  onConnection(chargePointId: string, transport: Transport, request: IncomingMessage): void;
}

export interface WsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function basicPassword(req: IncomingMessage, id: string): string | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== id) return undefined;
  return decoded.slice(colon + 1);
}

function wrap(ws: WebSocket): Transport {
  let events: TransportEvents | undefined;
  ws.on('message', (data, isBinary) => { if (!isBinary) events?.message(data.toString()); });
  ws.on('close', (code, reason) => events?.close(code, reason.toString()));
  ws.on('error', () => { /* reported through close */ });
  return {
    send(text) { if (ws.readyState === WebSocket.OPEN) ws.send(text); },
    close(code = 1000, reason = '') { ws.close(code, reason); },
    attach(e) { events = e; },
    get isOpen() { return ws.readyState === WebSocket.OPEN; },
  };
}

export function startWsServer(opts: WsServerOptions): Promise<WsServer> {
  const prefix = (opts.path ?? '/ocpp').replace(/\/+$/, '');
  const http: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }) : createHttpServer();
  http.on('request', (_req, res) => { res.statusCode = 426; res.end('OCPP-J endpoint: connect with a websocket\n'); });
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: opts.maxPayload ?? 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(`${prefix}/`)) return reject(socket, 404, 'Not Found');
    let id: string;
    try {
      id = decodeURIComponent(path.slice(prefix.length + 1));
    } catch {
      return reject(socket, 400, 'Bad Request'); // a malformed %-escape in the charge point id
    }
    if (!id || id.includes('/')) return reject(socket, 404, 'Not Found');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.includes('ocpp1.6')) return reject(socket, 400, 'Bad Request');
    if (opts.authenticate && !opts.authenticate(id, basicPassword(req, id))) return reject(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(id, wrap(ws), req));
  });
  return new Promise((resolve, rejectStart) => {
    http.once('error', rejectStart);
    http.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
      const port = (http.address() as AddressInfo).port;
      const host = opts.host ?? '127.0.0.1';
      resolve({
        port,
        url: `${opts.tls ? 'wss' : 'ws'}://${host}:${port}${prefix}`,
        close: () => new Promise<void>((done) => {
          for (const ws of wss.clients) ws.terminate();
          wss.close();
          http.close(() => done());
          http.closeAllConnections?.();
        }),
      });
    });
  });
}
