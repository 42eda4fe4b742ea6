/**
 * A small Server-Sent Events client that follows the HTML standard's parsing rules (§9.2.6 "Interpreting
 * an event stream"), as an EventSource does: lines end with CRLF, LF or CR; a line starting with ":" is a
 * comment; "field: value" loses one leading space of the value; `data` lines join with LF; `id` sets the
 * last event id (kept across events, ignored if it holds NUL); `retry` takes digits only; an empty line
 * dispatches the event (named by `event`, "message" by default) unless its data is empty. Reconnecting
 * is left to the test, which passes `lastEventId` as an EventSource would in its Last-Event-ID header.
 */
import { request, type ClientRequest } from 'node:http';

export interface SseEvent { type: string; data: string; lastEventId: string }

export interface SseStream {
  readonly status: number;
  readonly contentType: string;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** The reconnection time from the last `retry:` field, if any. */
  readonly retryMs: number | undefined;
  /** The last event id as an EventSource keeps it (what it would send as Last-Event-ID). */
  readonly lastEventId: string;
  /** Resolves when `cond` holds over what was received (checked on each chunk); rejects after timeoutMs. */
  until(cond: (s: SseStream) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function openSse(url: string, o: { lastEventId?: string } = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const comments: string[] = [];
    let retryMs: number | undefined;
    let lastEventId = o.lastEventId ?? '';
    let data = '';
    let type = '';
    let pending = '';
    let firstChunk = true;
    const waiters = new Set<() => void>();

    const line = (l: string): void => {
      if (l === '') {
        if (data === '') { type = ''; return; }
        events.push({ type: type || 'message', data: data.endsWith('\n') ? data.slice(0, -1) : data, lastEventId });
        data = ''; type = '';
        return;
      }
      if (l.startsWith(':')) { comments.push(l.slice(1).trimStart()); return; }
      const colon = l.indexOf(':');
      const field = colon === -1 ? l : l.slice(0, colon);
      let value = colon === -1 ? '' : l.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data += `${value}\n`;
      else if (field === 'id') { if (!value.includes('\0')) lastEventId = value; }
      else if (field === 'retry') { if (/^\d+$/.test(value)) retryMs = Number(value); }
    };

    let afterCr = false;
    const feed = (chunk: string): void => {
      let text = chunk;
      if (firstChunk) { firstChunk = false; if (text.startsWith('\uFEFF')) text = text.slice(1); }
      // A CRLF split across chunks: the CR ended the line, the LF is not another (empty) line.
      if (afterCr && text.startsWith('\n')) text = text.slice(1);
      afterCr = text.endsWith('\r');
      const parts = (pending + text).split(/\r\n|\r|\n/);
      pending = parts.pop() ?? '';
      for (const p of parts) line(p);
      for (const w of waiters) w();
    };

    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
    if (o.lastEventId !== undefined) headers['last-event-id'] = o.lastEventId;
    const req: ClientRequest = request(url, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', feed);
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        events, comments,
        get retryMs() { return retryMs; },
        get lastEventId() { return lastEventId; },
        until(cond, what, timeoutMs = 10_000) {
          return new Promise<void>((done, fail) => {
            if (cond(stream)) { done(); return; }
            const timer = setTimeout(() => { waiters.delete(check); fail(new Error(`timed out waiting for ${what}; got ${events.map((e) => `${e.lastEventId}:${e.type}`).join(' ')}`)); }, timeoutMs);
            const check = (): void => { if (cond(stream)) { clearTimeout(timer); waiters.delete(check); done(); } };
            waiters.add(check);
          });
        },
        close() { req.destroy(); },
      };
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
