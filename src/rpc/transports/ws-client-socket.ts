/**
 * An open charge-point websocket on a bare TCP or TLS socket: frames out through the encoder (one masked
 * buffer, one `write` each), frames in through the incremental parser, the close handshake (RFC 6455
 * §5.5.1, §7.1), pongs to pings (§5.5.2–3) and the twin's own pings on the wire clock (D11).
 *
 * Closing: a close frame from the server is answered with one echoing its code and the TCP socket is
 * ended; `close(code)` sends a close frame and ends the socket when the server's close arrives, or after
 * CLOSE_WAIT_MS; a protocol failure sends its code and ends the socket; `close(1006)` destroys it at once.
 * The close is reported once, when the TCP socket has closed: the server's code (1005 when its frame had
 * none), the failure's code, or 1006 when no close frame came.
 */
import type { Socket } from 'node:net';
import type { Clock, TimerId } from '../../shared/clock.ts';
import type { TransportEvents } from '../transport.ts';
import { CLOSE_ABNORMAL, CLOSE_NO_CODE, isSendableCloseCode } from './ws-close-codes.ts';
import { closePayload, encodeFrame, encodeTextFrame, OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG } from './ws-frame-encoder.ts';
import { FrameParser, type FrameSink } from './ws-frame-parser.ts';
import type { RandomBytePool } from './random-byte-pool.ts';
import type { WsClientTransport } from './ws-client.ts';

/** How long a closing socket waits for the server's side of the close before it is destroyed (real time). */
export const CLOSE_WAIT_MS = 2000;

const EMPTY = Buffer.alloc(0);

/** The socket's owner, found by the listeners below, which every socket shares (no closures per station). */
const owners = new WeakMap<Socket, WsClientSocket>();
function onData(this: Socket, chunk: Buffer): void { owners.get(this)?.bytes(chunk); }
function onClose(this: Socket): void { owners.get(this)?.ended(); }
function onError(): void { /* reported through close */ }

type State = 'open' | 'closing' | 'closed';

export class WsClientSocket implements WsClientTransport, FrameSink {
  readonly #socket: Socket;
  readonly #wire: Clock;
  readonly #keys: RandomBytePool;
  readonly #parser: FrameParser;
  #events: TransportEvents | undefined;
  /** Messages (and the close) that came before `attach`: the server's first frame may share the 101's chunk. */
  #early: string[] | undefined;
  #state: State = 'open';
  #closeSent = false;
  #closeCode = CLOSE_ABNORMAL;
  #closeReason = '';
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #pingMs: number;
  #pingTimer: TimerId | undefined;
  #awaitingPong = false;

  /**
   * Takes over `socket` after a completed opening handshake; `rest` holds the bytes that followed the 101
   * answer in its chunk (frames the server sent at once), read when the owner attaches.
   */
  constructor(socket: Socket, rest: Buffer, wire: Clock, pingIntervalS: number, maxPayload: number, keys: RandomBytePool) {
    this.#socket = socket;
    this.#wire = wire;
    this.#keys = keys;
    this.#pingMs = pingIntervalS * 1000;
    this.#parser = new FrameParser(this, maxPayload);
    owners.set(socket, this);
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
    if (rest.length > 0) this.#parser.push(rest);
    this.#armPing();
  }

  get isOpen(): boolean { return this.#state === 'open'; }

  attach(events: TransportEvents): void {
    this.#events = events;
    const early = this.#early;
    if (early === undefined) return;
    this.#early = undefined;
    for (const m of early) events.message(m);
    if (this.#state === 'closed') events.close(this.#closeCode, this.#closeReason);
  }

  send(text: string): void {
    const s = this.#socket;
    if (this.#state !== 'open' || s.destroyed) return; // frames sent after close are dropped
    s.write(encodeTextFrame(text, this.#keys));
  }

  close(code = 1000, reason = ''): void {
    if (this.#state === 'closed') return;
    // 1006 ("abnormal closure") cannot be sent: it means the TCP connection dies without a close frame.
    if (code === CLOSE_ABNORMAL) { this.#socket.destroy(); return; }
    if (this.#closeSent) return;
    this.#sendClose(isSendableCloseCode(code) ? code : undefined, reason);
    this.#state = 'closing';
    this.#armCloseWait();
  }

  setPingInterval(seconds: number): void { this.#pingMs = seconds * 1000; this.#armPing(); }

  // The parser's sink (FrameSink).

  text(message: string): void {
    if (this.#events) this.#events.message(message);
    else (this.#early ??= []).push(message);
  }

  ping(payload: Buffer): void {
    if (!this.#closeSent) this.#write(OPCODE_PONG, payload);
  }

  pong(): void { this.#awaitingPong = false; }

  closeFrame(code: number, reason: string): void {
    this.#closeCode = code;
    this.#closeReason = reason;
    if (!this.#closeSent) this.#sendClose(code === CLOSE_NO_CODE ? undefined : code, '');
    this.#finish();
  }

  fail(code: number, reason: string): void {
    this.#closeCode = code;
    this.#closeReason = reason;
    if (!this.#closeSent) this.#sendClose(code, reason);
    this.#finish();
  }

  // The socket's events (through the shared listeners).

  bytes(chunk: Buffer): void { this.#parser.push(chunk); }

  ended(): void {
    this.#state = 'closed';
    owners.delete(this.#socket);
    this.#socket.off('data', onData);
    clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.#wire.clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
    if (this.#events) this.#events.close(this.#closeCode, this.#closeReason);
    else this.#early ??= [];
  }

  /** Both close frames are out (or the stream failed): end our side of TCP; the server closes its side. */
  #finish(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closing';
    this.#socket.end();
    this.#armCloseWait();
  }

  #sendClose(code: number | undefined, reason: string): void {
    this.#closeSent = true;
    this.#wire.clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
    this.#write(OPCODE_CLOSE, closePayload(code, reason));
  }

  #write(opcode: number, payload: Buffer): void {
    const s = this.#socket;
    if (!s.destroyed && s.writable) s.write(encodeFrame(opcode, payload, this.#keys));
  }

  #armCloseWait(): void {
    if (this.#closeTimer !== undefined) return;
    this.#closeTimer = setTimeout(destroyLater, CLOSE_WAIT_MS, this.#socket);
    this.#closeTimer.unref();
  }

  #armPing(): void {
    this.#wire.clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
    if (this.#pingMs <= 0 || this.#state !== 'open') return;
    this.#pingTimer = this.#wire.setTimeout(() => this.#ping(), this.#pingMs);
  }

  #ping(): void {
    this.#pingTimer = undefined;
    if (this.#awaitingPong) { this.close(CLOSE_ABNORMAL); return; }
    this.#awaitingPong = true;
    this.#write(OPCODE_PING, EMPTY);
    this.#armPing();
  }
}

function destroyLater(socket: Socket): void { socket.destroy(); }
