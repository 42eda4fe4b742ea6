/**
 * Client-to-server websocket frames (RFC 6455 §5.2): FIN set, no RSV bits, the payload length in 7, 16 or
 * 64 bits, and the payload masked with a fresh 4-byte key (§5.3: every frame a client sends is masked, with
 * a key the application cannot predict). One buffer per frame, written in one `write`.
 */
import type { RandomBytePool } from './random-byte-pool.ts';

export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

/** The header's size for a masked frame of `length` payload bytes. */
function maskedHeaderLength(length: number): number {
  return length < 126 ? 6 : length < 0x10000 ? 8 : 14;
}

/** Writes the header at 0 and returns where the payload starts; the mask key is the 4 bytes before it. */
function writeHeader(frame: Buffer, opcode: number, length: number, keys: RandomBytePool): number {
  frame[0] = 0x80 | opcode;
  let at: number;
  if (length < 126) { frame[1] = 0x80 | length; at = 2; }
  else if (length < 0x10000) { frame[1] = 0x80 | 126; frame.writeUInt16BE(length, 2); at = 4; }
  else { frame[1] = 0x80 | 127; frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2); frame.writeUInt32BE(length >>> 0, 6); at = 10; }
  keys.copyInto(frame, at, 4);
  return at + 4;
}

/** XORs frame[start..] with the 4-byte key just before `start` (§5.3). */
function mask(frame: Buffer, start: number): void {
  const k0 = frame[start - 4]!, k1 = frame[start - 3]!, k2 = frame[start - 2]!, k3 = frame[start - 1]!;
  const end = frame.length;
  let i = start;
  for (; i + 3 < end; i += 4) {
    frame[i] = frame[i]! ^ k0;
    frame[i + 1] = frame[i + 1]! ^ k1;
    frame[i + 2] = frame[i + 2]! ^ k2;
    frame[i + 3] = frame[i + 3]! ^ k3;
  }
  for (let j = 0; i < end; i++, j++) frame[i] = frame[i]! ^ (j === 0 ? k0 : j === 1 ? k1 : k2);
}

/** One masked text frame carrying `text` in UTF-8. */
export function encodeTextFrame(text: string, keys: RandomBytePool): Buffer {
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(maskedHeaderLength(length) + length);
  const start = writeHeader(frame, OPCODE_TEXT, length, keys);
  frame.write(text, start, 'utf8');
  mask(frame, start);
  return frame;
}

/** One masked frame of any opcode carrying `payload` (control frames: ping, pong, close). */
export function encodeFrame(opcode: number, payload: Uint8Array, keys: RandomBytePool): Buffer {
  const frame = Buffer.allocUnsafe(maskedHeaderLength(payload.length) + payload.length);
  const start = writeHeader(frame, opcode, payload.length, keys);
  frame.set(payload, start);
  mask(frame, start);
  return frame;
}

/** A close frame's payload (§5.5.1): the code in 2 bytes then the reason in UTF-8, cut to fit 125 bytes. */
export function closePayload(code: number | undefined, reason: string): Buffer {
  if (code === undefined) return Buffer.alloc(0);
  let text: Buffer = Buffer.from(reason, 'utf8');
  if (text.length > 123) text = cutUtf8(text, 123);
  const out = Buffer.allocUnsafe(2 + text.length);
  out.writeUInt16BE(code, 0);
  text.copy(out, 2);
  return out;
}

/** The longest prefix of `utf8` of at most `max` bytes that does not split a character. */
function cutUtf8(utf8: Buffer, max: number): Buffer {
  let end = max;
  while (end > 0 && (utf8[end]! & 0xc0) === 0x80) end--; // a continuation byte: back to its lead byte
  return utf8.subarray(0, end);
}
