/**
 * GET /api/events: the fleet's events as Server-Sent Events, the way EventSource clients expect them.
 * Each event has a name (`event: frame | changed | added | removed`, its `type`) and an `id:` taken from
 * one counter per API process, so ids grow by one from event to event. The stream opens with a `retry:`
 * hint; a comment line every 15 s keeps proxies and idle timeouts from closing it (real time, not the
 * fleet clock). A client that reconnects with `Last-Event-ID` first gets the events it missed from a
 * bounded buffer of the latest events; when its id is older than the buffer (or unknown to this process,
 * e.g. after a restart), a `missed` event says so before the buffered events follow.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FleetEvent } from '../fleet/index.ts';

export interface EventStreamOptions {
  /** Events kept for resuming with Last-Event-ID (default 1000). */
  bufferSize?: number;
  /** Real-time interval of the keep-alive comment (default 15 s). */
  keepAliveMs?: number;
  /** The reconnection delay suggested to clients with `retry:` (default 3 s). */
  retryMs?: number;
}

interface Numbered { id: number; event: FleetEvent }

/** One open stream and its filter: with `?station=<id>`, frames of that station only. */
interface Client { res: ServerResponse; station: string | undefined }

const wanted = (c: Client, e: FleetEvent): boolean => e.type !== 'frame' || c.station === undefined || e.stationId === c.station;

const format = (n: Numbered): string => `event: ${n.event.type}\nid: ${n.id}\ndata: ${JSON.stringify(n.event)}\n\n`;

export class EventStream {
  readonly #size: number;
  readonly #keepAliveMs: number;
  readonly #retryMs: number;
  /** The latest events, oldest first once full (a ring: #start is the oldest slot). */
  readonly #ring: Numbered[] = [];
  #start = 0;
  /**
   * The ids of this stream start above its start time in microseconds-of-a-millisecond (Date.now() × 1000),
   * so an id handed out by an earlier process (a restart) is always below them and is recognised as not
   * ours (`missed`, reason unknown-id) instead of resuming from the wrong place. Stays a safe integer.
   */
  readonly #base = Date.now() * 1000;
  /** The id of the latest event published (#base: none yet). */
  #lastId = this.#base;
  /** Events are kept only once a client has connected: until then nobody holds an id to resume from. */
  #keeping = false;
  readonly #clients = new Set<Client>();
  #keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(o: EventStreamOptions = {}) {
    this.#size = Math.max(1, o.bufferSize ?? 1000);
    this.#keepAliveMs = o.keepAliveMs ?? 15_000;
    this.#retryMs = o.retryMs ?? 3000;
  }

  /** A fleet event: numbered, kept for resuming, written to every stream that wants it. */
  publish(event: FleetEvent): void {
    const n: Numbered = { id: ++this.#lastId, event };
    if (this.#keeping) this.#keep(n);
    let text: string | undefined;
    for (const c of this.#clients) if (wanted(c, event)) c.res.write(text ??= format(n));
  }

  /** Serves one GET /api/events: headers, retry hint, the missed events if Last-Event-ID says so, then live. */
  open(req: IncomingMessage, res: ServerResponse, station: string | undefined): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const client: Client = { res, station };
    let head = `: connected\nretry: ${this.#retryMs}\n\n`;
    const last = req.headers['last-event-id'];
    if (typeof last === 'string' && last.trim() !== '') head += this.#replay(client, last.trim());
    res.write(head);
    this.#keeping = true;
    this.#clients.add(client);
    this.#keepAlive ??= this.#startKeepAlive();
    req.on('close', () => this.#drop(client));
  }

  /** Ends every stream and the keep-alive timer (the API is closing). */
  close(): void {
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
    this.#stopKeepAlive();
  }

  #keep(n: Numbered): void {
    if (this.#ring.length < this.#size) { this.#ring.push(n); return; }
    this.#ring[this.#start] = n;
    this.#start = (this.#start + 1) % this.#size;
  }

  /** The buffered events after `lastEventId` the client wants, preceded by `missed` when some are gone. */
  #replay(client: Client, lastEventId: string): string {
    const kept = [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
    const oldest = kept[0]?.id ?? this.#lastId + 1;
    const parsed = /^\d{1,16}$/.test(lastEventId) ? Number(lastEventId) : NaN;
    // An id of another process (before a restart: below this one's base) or none we gave out.
    const last = parsed >= this.#base && parsed <= this.#lastId ? parsed : NaN;
    let text = '';
    let from = last;
    if (Number.isNaN(last) || last < oldest - 1) {
      // Events between the client's id and the buffer are gone, or the id is not one of this process.
      const reason = Number.isNaN(last) ? 'unknown-id' : 'too-old';
      text += `event: missed\ndata: ${JSON.stringify({ type: 'missed', reason, lastEventId, firstAvailableId: oldest })}\n\n`;
      from = oldest - 1;
    }
    for (const n of kept) if (n.id > from && wanted(client, n.event)) text += format(n);
    return text;
  }

  #startKeepAlive(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => { for (const c of this.#clients) c.res.write(': keep-alive\n\n'); }, this.#keepAliveMs);
    timer.unref();
    return timer;
  }

  #stopKeepAlive(): void {
    if (this.#keepAlive !== undefined) clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
  }

  #drop(client: Client): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0) this.#stopKeepAlive();
  }
}
