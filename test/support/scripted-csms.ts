/**
 * A bare central system on loopback (`ws`, subprotocol ocpp1.6) for wire-level tests whose answers must
 * differ from the embedded CSMS's: every frame the station sends is kept in order, each of its CALLs is
 * answered with `answer(action, n)` (n counts that action's calls from 1), and the test can send any frame.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedCsms {
  /** The station's frames, parsed, in the order read. */
  received: unknown[][];
  /** Sends a frame (an array is JSON-encoded; a string goes as it is) to the connected station. */
  send(frame: unknown[] | string): void;
  url: string;
  close(): Promise<void>;
  /** The station's CALLs of `action`. */
  callsOf(action: string): unknown[][];
  /** The station's answer (CALLRESULT or CALLERROR) to our message `id`. */
  answerTo(id: string): unknown[] | undefined;
}

export async function startScriptedCsms(answer: (action: string, n: number) => Record<string, unknown>): Promise<ScriptedCsms> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: unknown[][] = [];
  const counts = new Map<string, number>();
  let socket: WebSocket | undefined;
  server.on('connection', (ws: WebSocket) => {
    socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      received.push(frame);
      if (frame[0] !== 2) return;
      const [, id, action] = frame as [number, string, string];
      const n = (counts.get(action) ?? 0) + 1;
      counts.set(action, n);
      ws.send(JSON.stringify([3, id, answer(action, n)]));
    });
  });
  return {
    received,
    send: (frame) => socket!.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => { for (const c of server.clients) c.terminate(); await new Promise<void>((r) => server.close(() => r())); },
    callsOf: (action) => received.filter((f) => f[0] === 2 && f[2] === action),
    answerTo: (id) => received.find((f) => (f[0] === 3 || f[0] === 4) && f[1] === id),
  };
}
