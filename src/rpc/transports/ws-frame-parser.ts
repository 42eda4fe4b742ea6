/**
 * The server-to-client half of RFC 6455's framing (§5) as an incremental state machine: bytes in, in
 * chunks cut anywhere; messages, control frames and protocol failures out, through a sink. No I/O and no
 * clock: the socket class does the writing and the closing.
 *
 * What it enforces (each with the close code the connection then fails with):
 * - §5.2 no RSV bit (no extension was agreed), a known opcode, and a 64-bit length with its top bit clear → 1002;
 * - §5.1 a server never masks its frames → 1002;
 * - §5.4 a fragmented message is a text or binary frame without FIN then continuation frames; a continuation
 *   with no message begun, or a new message before the last one ended → 1002; control frames may come
 *   between the fragments;
 * - §5.5 control frames carry at most 125 bytes and are never fragmented → 1002;
 * - a message (all its fragments) above `maxPayload` → 1009, decided from the frame header, before its
 *   payload is read;
 * - §8.1 a text message must be UTF-8 → 1007; §5.5.1 a close frame's reason too → 1007, and its code must
 *   be one a peer may send (§7.4) and not 1 byte long → 1002.
 * Binary messages are read past and dropped (OCPP-J uses text frames only). After a close frame or a
 * failure the parser reads nothing more.
 */
import { isUtf8 } from 'node:buffer';
import { CLOSE_INVALID_DATA, CLOSE_NO_CODE, CLOSE_PROTOCOL_ERROR, CLOSE_TOO_BIG, isSendableCloseCode } from './ws-close-codes.ts';
import { OPCODE_BINARY, OPCODE_CLOSE, OPCODE_CONTINUATION, OPCODE_PING, OPCODE_PONG, OPCODE_TEXT } from './ws-frame-encoder.ts';

export interface FrameSink {
  /** A whole text message, its fragments joined. */
  text(message: string): void;
  ping(payload: Buffer): void;
  pong(payload: Buffer): void;
  /** The peer's close frame: its code (1005 when it carried none) and reason. Nothing follows. */
  closeFrame(code: number, reason: string): void;
  /** The peer broke the protocol: the connection fails with `code`. Nothing follows. */
  fail(code: number, reason: string): void;
}

const NO_MESSAGE = -1;

export class FrameParser {
  readonly #sink: FrameSink;
  readonly #maxPayload: number;
  /** Bytes of a frame header that has not fully arrived (at most 13). */
  #partialHeader: Buffer | undefined;
  /** Whether the current frame's payload is being read, and how much of it is left. */
  #inPayload = false;
  #remaining = 0;
  #opcode = 0;
  #fin = false;
  /** The current control frame's payload parts. */
  #control: Buffer[] = [];
  /** The message being assembled: its opcode (text or binary, NO_MESSAGE when none), parts and size. */
  #messageOpcode = NO_MESSAGE;
  #parts: Buffer[] = [];
  #messageBytes = 0;
  #done = false;

  constructor(sink: FrameSink, maxPayload: number) {
    this.#sink = sink;
    this.#maxPayload = maxPayload;
  }

  /** Whether a close frame or a failure has ended the stream. */
  get done(): boolean { return this.#done; }

  push(chunk: Buffer): void {
    if (this.#done) return;
    let data = chunk;
    if (this.#partialHeader !== undefined) { data = Buffer.concat([this.#partialHeader, chunk]); this.#partialHeader = undefined; }
    let at = 0;
    while (at < data.length && !this.#done) {
      if (this.#inPayload) {
        const take = Math.min(this.#remaining, data.length - at);
        this.#payload(data.subarray(at, at + take));
        at += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#endFrame();
        continue;
      }
      const used = this.#header(data, at);
      if (used === 0) { this.#partialHeader = Buffer.from(data.subarray(at)); return; }
      at += used;
    }
  }

  /** Reads the frame header at `at`; returns its size, or 0 when it has not fully arrived. */
  #header(data: Buffer, at: number): number {
    const available = data.length - at;
    if (available < 2) return 0;
    const b0 = data[at]!, b1 = data[at + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const length7 = b1 & 0x7f;
    if ((b0 & 0x70) !== 0) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'RSV bits set without an extension', 2);
    if ((b1 & 0x80) !== 0) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a server frame must not be masked', 2);
    const control = opcode >= 0x8;
    if (control) {
      if (opcode !== OPCODE_CLOSE && opcode !== OPCODE_PING && opcode !== OPCODE_PONG) return this.#refuse(CLOSE_PROTOCOL_ERROR, `unknown opcode ${opcode}`, 2);
      if (!fin) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a control frame must not be fragmented', 2);
      if (length7 > 125) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a control frame carries at most 125 bytes', 2);
    } else if (opcode === OPCODE_CONTINUATION) {
      if (this.#messageOpcode === NO_MESSAGE) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a continuation frame with no message begun', 2);
    } else if (opcode === OPCODE_TEXT || opcode === OPCODE_BINARY) {
      if (this.#messageOpcode !== NO_MESSAGE) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a new message before the fragmented one ended', 2);
    } else return this.#refuse(CLOSE_PROTOCOL_ERROR, `unknown opcode ${opcode}`, 2);
    const size = length7 === 126 ? 4 : length7 === 127 ? 10 : 2;
    if (available < size) return 0;
    let length = length7;
    if (length7 === 126) length = data.readUInt16BE(at + 2);
    else if (length7 === 127) {
      const high = data.readUInt32BE(at + 2);
      if (high >= 0x8000_0000) return this.#refuse(CLOSE_PROTOCOL_ERROR, 'a 64-bit length must have its top bit clear', size);
      length = high * 0x1_0000_0000 + data.readUInt32BE(at + 6);
    }
    if (!control) {
      if (this.#messageBytes + length > this.#maxPayload) return this.#refuse(CLOSE_TOO_BIG, `message above ${this.#maxPayload} bytes`, size);
      if (opcode !== OPCODE_CONTINUATION) this.#messageOpcode = opcode;
      this.#messageBytes += length;
    }
    this.#opcode = opcode;
    this.#fin = fin;
    this.#remaining = length;
    this.#inPayload = true;
    if (length === 0) this.#endFrame();
    return size;
  }

  #payload(part: Buffer): void {
    if (this.#opcode >= 0x8) this.#control.push(part);
    else if (this.#messageOpcode === OPCODE_TEXT) this.#parts.push(part);
    // binary: read past, not kept
  }

  #endFrame(): void {
    this.#inPayload = false;
    if (this.#opcode >= 0x8) { this.#endControl(); return; }
    if (!this.#fin) return;
    const opcode = this.#messageOpcode;
    const parts = this.#parts;
    this.#messageOpcode = NO_MESSAGE;
    this.#parts = [];
    this.#messageBytes = 0;
    if (opcode !== OPCODE_TEXT) return;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (!isUtf8(bytes)) { this.#fail(CLOSE_INVALID_DATA, 'a text message that is not UTF-8'); return; }
    this.#sink.text(bytes.toString('utf8'));
  }

  #endControl(): void {
    const parts = this.#control;
    const payload = parts.length === 0 ? Buffer.alloc(0) : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.#control = [];
    if (this.#opcode === OPCODE_PING) { this.#sink.ping(payload); return; }
    if (this.#opcode === OPCODE_PONG) { this.#sink.pong(payload); return; }
    if (payload.length === 0) { this.#done = true; this.#sink.closeFrame(CLOSE_NO_CODE, ''); return; }
    if (payload.length === 1) { this.#fail(CLOSE_PROTOCOL_ERROR, 'a close frame with a 1-byte code'); return; }
    const code = payload.readUInt16BE(0);
    if (!isSendableCloseCode(code)) { this.#fail(CLOSE_PROTOCOL_ERROR, `invalid close code ${code}`); return; }
    const reason = payload.subarray(2);
    if (!isUtf8(reason)) { this.#fail(CLOSE_INVALID_DATA, 'a close reason that is not UTF-8'); return; }
    this.#done = true;
    this.#sink.closeFrame(code, reason.toString('utf8'));
  }

  /** Fails the stream from a frame header; returns the bytes it read (the loop stops anyway). */
  #refuse(code: number, reason: string, read: number): number {
    this.#fail(code, reason);
    return read;
  }

  #fail(code: number, reason: string): void {
    this.#done = true;
    this.#parts = [];
    this.#control = [];
    this.#sink.fail(code, reason);
  }
}
