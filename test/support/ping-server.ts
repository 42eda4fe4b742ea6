/**
 * A websocket server on 127.0.0.1 whose answers to pings the test controls (ws `autoPong` off). After
 * each ping it sends a text frame "ping-seen", so the client, having read that frame, has also read the
 * pong before it (one TCP stream, in order). Text frames go to `onText`; by default they are echoed.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface PingServer {
  readonly url: string;
  pings: number;
  /** When false, pings get no pong. */
  answerPings: boolean;
  connections: number;
  readonly socket: WebSocket | undefined;
  close(): Promise<void>;
}

export async function startPingServer(onText?: (ws: WebSocket, text: string) => void): Promise<PingServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  await once(wss, 'listening');
  let current: WebSocket | undefined;
  const server: PingServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
    pings: 0,
    answerPings: true,
    connections: 0,
    get socket() { return current; },
    close: () => new Promise<void>((done) => { for (const c of wss.clients) c.terminate(); wss.close(() => done()); }),
  };
  wss.on('connection', (ws) => {
    current = ws;
    server.connections++;
    ws.on('error', () => {});
    ws.on('ping', (data) => {
      server.pings++;
      if (server.answerPings) ws.pong(data);
      ws.send('ping-seen');
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      if (onText) onText(ws, data.toString());
      else ws.send(`echo:${data.toString()}`);
    });
  });
  return server;
}
