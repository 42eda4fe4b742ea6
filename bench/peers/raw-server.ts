/** The floor's server: a bare ws server that parses each CALL and answers a CALLRESULT (no library, no validation). */
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: () => 'ocpp1.6' });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as unknown[];
    ws.send(JSON.stringify([3, f[1], { currentTime: new Date().toISOString() }]));
  });
});
wss.on('listening', () => process.stdout.write(`${JSON.stringify({ port: (wss.address() as AddressInfo).port })}\n`));
