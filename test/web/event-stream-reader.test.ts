/**
 * The dashboard's event-stream reader (web/src/event-stream-reader.ts: fetch + the streaming SSE parser,
 * in place of EventSource) against the control API's own SSE server class over real HTTP on loopback:
 * it sends the token, reconnects after a drop with the retry delay and Last-Event-ID, and waits for a
 * token after a 401.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStream } from '../../src/api/event-stream.ts';
import { readEventStream } from '../../web/src/event-stream-reader.ts';
import type { SseEvent } from '../../web/src/sse-parser.ts';
import { waitFor } from '../support/wait-for.ts';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string; sockets: Set<import('node:net').Socket> }> {
  const server = createServer(handler);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`, sockets };
}

const closeServer = (server: Server): Promise<void> => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });

test('event-stream reader: after the server drops the stream it reconnects with Last-Event-ID and the bearer token, and gets exactly the events it missed (no duplicate, no gap)', { timeout: 20_000 }, async () => {
  const stream = new EventStream({ retryMs: 30, keepAliveMs: 60_000 });
  const seen: Array<{ headers: IncomingMessage['headers'] }> = [];
  const { server, url, sockets } = await serve((req, res) => { seen.push({ headers: req.headers }); stream.open(req, res, undefined); });
  const events: SseEvent[] = [];
  let opened = 0;
  const reader = readEventStream({ url, headers: () => ({ authorization: 'Bearer tok-1234567890abcdef' }), onEvent: (e) => events.push(e), onOpen: () => { opened++; }, retryMs: 5_000 });
  try {
    await waitFor(() => opened === 1, 5_000, 'the first connection');
    stream.publish({ type: 'changed', stationId: 'A', what: 'connector:1' });
    stream.publish({ type: 'added', stationId: 'B' });
    await waitFor(() => events.length === 2, 5_000, 'two events');
    assert.equal(reader.retryMs, 30, 'the server\'s retry hint replaces the default');
    // The connection drops (a proxy, the network); events go on while the reader is away.
    for (const s of sockets) s.destroy();
    stream.publish({ type: 'changed', stationId: 'A', what: 'connector:2' });
    stream.publish({ type: 'removed', stationId: 'B' });
    await waitFor(() => events.length === 4, 5_000, 'the missed events after reconnecting');
    stream.publish({ type: 'changed', stationId: 'A', what: 'link' });
    await waitFor(() => events.length === 5, 5_000, 'a live event after reconnecting');
    assert.deepEqual(events.map((e) => [e.type, e.lastEventId, (JSON.parse(e.data) as { stationId: string }).stationId]),
      [['changed', '1', 'A'], ['added', '2', 'B'], ['changed', '3', 'A'], ['removed', '4', 'B'], ['changed', '5', 'A']]);
    assert.equal(seen.length, 2);
    assert.equal(seen[0]!.headers['last-event-id'], undefined, 'the first connection has no id to resume from');
    assert.equal(seen[1]!.headers['last-event-id'], '2', 'the reconnection resumes after the last event it got');
    for (const s of seen) {
      assert.equal(s.headers.authorization, 'Bearer tok-1234567890abcdef');
      assert.equal(s.headers.accept, 'text/event-stream');
    }
  } finally {
    reader.close();
    stream.close();
    await closeServer(server);
  }
});

test('event-stream reader: a 401 waits for onUnauthorized (a token entered), then connects with the new token; close() ends it for good', { timeout: 20_000 }, async () => {
  const stream = new EventStream({ retryMs: 10, keepAliveMs: 60_000 });
  const auths: Array<string | undefined> = [];
  const { server, url } = await serve((req, res) => {
    auths.push(req.headers.authorization);
    if (req.headers.authorization !== 'Bearer right-token-0123456789') { res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"error":{"code":"TWIN_ERR_API_UNAUTHORIZED","message":"no"}}'); return; }
    stream.open(req, res, undefined);
  });
  let token: string | undefined;
  let enter: (() => void) | undefined;
  const refusedWith: Array<Record<string, string>> = [];
  const events: SseEvent[] = [];
  let opened = 0;
  const reader = readEventStream({
    url, retryMs: 10,
    headers: (): Record<string, string> => (token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    onUnauthorized: (sent) => { refusedWith.push(sent); return new Promise<void>((r) => { enter = r; }); },
    onEvent: (e) => events.push(e), onOpen: () => { opened++; },
  });
  try {
    await waitFor(() => enter !== undefined, 5_000, 'the 401 reported');
    // Well past several retry delays: a refused reader does not hammer the server while nobody has typed a token.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(auths, [undefined], 'one request, then it waits for a token');
    assert.equal(refusedWith[0]!.authorization, undefined);
    token = 'right-token-0123456789';
    enter!();
    await waitFor(() => opened === 1, 5_000, 'the stream opened with the token');
    stream.publish({ type: 'added', stationId: 'C' });
    await waitFor(() => events.length === 1, 5_000, 'an event');
    assert.deepEqual(auths, [undefined, 'Bearer right-token-0123456789']);
    reader.close();
    stream.publish({ type: 'removed', stationId: 'C' });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.length, 1, 'nothing is delivered after close()');
    assert.equal(auths.length, 2, 'no reconnection after close()');
  } finally {
    reader.close();
    stream.close();
    await closeServer(server);
  }
});
