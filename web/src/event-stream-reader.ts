/**
 * Reads GET /api/events with fetch and a streaming SSE parser instead of EventSource, because an
 * EventSource cannot send `Authorization: Bearer` and the token must never travel in a URL. It behaves
 * like an EventSource where that matters: `Accept: text/event-stream`, events dispatched by name, and
 * after a drop (the server closed, the network failed) a new connection after the reconnection time
 * (the server's `retry:`, else `retryMs`) that sends `Last-Event-ID` so the server replays what was
 * missed. Unlike an EventSource it keeps trying after an HTTP error (the API restarting); a 401 waits for
 * `onUnauthorized` (a token entered) and then connects again at once.
 * No DOM and no Node API: the dashboard bundles it; Node's test runner tests it against a real server.
 */
import { SseParser, type SseEvent } from './sse-parser.ts';

type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

export interface EventStreamReaderOptions {
  url: string;
  onEvent: (e: SseEvent) => void;
  /** Extra request headers, asked at every (re)connection (the current bearer token). */
  headers?: () => Record<string, string>;
  /** The server answered 401 to a request with these headers: resolves when it is worth trying again (a token was entered). */
  onUnauthorized?: (sent: Record<string, string>) => Promise<void>;
  /** Called each time a connection is open and its events flow (tests, status display). */
  onOpen?: () => void;
  /** Reconnection time until the server sends `retry:` (default 3000 ms). */
  retryMs?: number;
  fetch?: FetchLike;
}

export interface EventStreamReader {
  /** The id a reconnection sends as Last-Event-ID ('' before the first id). */
  readonly lastEventId: string;
  /** The reconnection time in force. */
  readonly retryMs: number;
  /** Stops reading for good: the connection is aborted and no reconnection follows. */
  close(): void;
}

/** Resolves after ms, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const done = (): void => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Resolves when the promise settles, or at once when the signal aborts. */
function unlessAborted(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const done = (): void => { signal.removeEventListener('abort', done); resolve(); };
    signal.addEventListener('abort', done);
    p.then(done, done);
  });
}

export function readEventStream(o: EventStreamReaderOptions): EventStreamReader {
  const abort = new AbortController();
  const doFetch: FetchLike = o.fetch ?? ((url, init) => fetch(url, init));
  let lastEventId = '';
  let retryMs = o.retryMs ?? 3000;

  /** One connection: resolves when it ends; 'unauthorized' for a 401. */
  let sent: Record<string, string> = {};
  async function connect(): Promise<'ended' | 'unauthorized'> {
    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache', ...o.headers?.() };
    if (lastEventId !== '') headers['last-event-id'] = lastEventId;
    sent = headers;
    const res = await doFetch(o.url, { headers, signal: abort.signal });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (res.status === 401) { await res.body?.cancel().catch(() => undefined); return 'unauthorized'; }
    if (res.status !== 200 || type !== 'text/event-stream' || !res.body) { await res.body?.cancel().catch(() => undefined); return 'ended'; }
    const parser = new SseParser((e) => { if (!abort.signal.aborted) o.onEvent(e); }, lastEventId);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const take = (): void => {
      lastEventId = parser.lastEventId;
      if (parser.retryMs !== undefined) retryMs = parser.retryMs;
    };
    o.onOpen?.();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
        take();
      }
      parser.push(decoder.decode());
    } finally {
      parser.end();
      take();
      reader.releaseLock();
    }
    return 'ended';
  }

  void (async () => {
    while (!abort.signal.aborted) {
      let outcome: 'ended' | 'unauthorized' | 'failed';
      try { outcome = await connect(); } catch { outcome = 'failed'; }
      if (abort.signal.aborted) return;
      if (outcome === 'unauthorized' && o.onUnauthorized) await unlessAborted(o.onUnauthorized(sent), abort.signal);
      else await pause(retryMs, abort.signal);
    }
  })();

  return {
    get lastEventId() { return lastEventId; },
    get retryMs() { return retryMs; },
    close: () => abort.abort(),
  };
}
