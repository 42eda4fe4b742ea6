/**
 * A Server-Sent Events parser that follows the HTML standard ("Interpreting an event stream"), fed with
 * decoded text as it arrives, in chunks cut anywhere (inside a line, between a CR and its LF):
 * - lines end with CRLF, LF or CR; one leading U+FEFF (BOM) of the stream is dropped;
 * - a line starting with ":" is a comment (ignored); "field: value" loses one space after the colon;
 *   a line without a colon is a field with an empty value;
 * - `event` names the event, `data` lines join with LF, `id` sets the last event id (ignored if it holds
 *   NUL), `retry` sets the reconnection time when it is ASCII digits only; other fields are ignored;
 * - an empty line dispatches: the last event id is committed even when no data came; an event whose
 *   data is empty is not dispatched; the type defaults to "message";
 * - at the end of the stream an unfinished line or event is dropped.
 * Plain TypeScript with no DOM and no Node API: the dashboard bundles it, Node's test runner tests it.
 */
export interface SseEvent {
  /** The event's name (`event:`), "message" when it had none. */
  type: string;
  data: string;
  /** The last event id when the event was dispatched (what a reconnect sends as Last-Event-ID). */
  lastEventId: string;
}

export class SseParser {
  /** The last event id as an EventSource keeps it: committed at each empty line. */
  lastEventId: string;
  /** The reconnection time in ms from the latest valid `retry:` field, if any came. */
  retryMs: number | undefined;
  readonly #dispatch: (e: SseEvent) => void;
  #idBuffer: string;
  #line = '';
  #data = '';
  #type = '';
  #afterCr = false;
  #started = false;

  /** `lastEventId`: the id of the previous connection, kept until this stream sets another (as browsers do). */
  constructor(dispatch: (e: SseEvent) => void, lastEventId = '') {
    this.#dispatch = dispatch;
    this.lastEventId = lastEventId;
    this.#idBuffer = lastEventId;
  }

  /** Feeds decoded text; complete lines are interpreted at once, the rest waits for the next chunk. */
  push(text: string): void {
    if (text === '') return;
    let start = 0;
    if (!this.#started) { this.#started = true; if (text.charCodeAt(0) === 0xfeff) start = 1; }
    // A CRLF split across two chunks: the CR ended the line, this LF is not another (empty) line.
    if (this.#afterCr) { this.#afterCr = false; if (text.charCodeAt(start) === 10) start++; }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.#line + text.slice(start, i);
      this.#line = '';
      if (c === 13) {
        if (i + 1 === text.length) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
      this.#interpret(line);
    }
    this.#line += text.slice(start);
  }

  /** The stream ended: an unfinished line or event is dropped (the standard: it is not dispatched). */
  end(): void {
    this.#line = '';
    this.#data = '';
    this.#type = '';
    this.#afterCr = false;
  }

  #interpret(line: string): void {
    if (line === '') { this.#dispatchEvent(); return; }
    if (line.charCodeAt(0) === 58) return; // ":" a comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event': this.#type = value; break;
      case 'data': this.#data += `${value}\n`; break;
      case 'id': if (!value.includes('\0')) this.#idBuffer = value; break;
      case 'retry': if (/^[0-9]+$/.test(value)) this.retryMs = Number(value); break;
      default: break; // unknown fields are ignored
    }
  }

  #dispatchEvent(): void {
    this.lastEventId = this.#idBuffer;
    if (this.#data === '') { this.#type = ''; return; }
    const data = this.#data.endsWith('\n') ? this.#data.slice(0, -1) : this.#data;
    const type = this.#type || 'message';
    this.#data = '';
    this.#type = '';
    this.#dispatch({ type, data, lastEventId: this.lastEventId });
  }
}
