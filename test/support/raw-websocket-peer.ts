/**
 * A websocket server on 127.0.0.1 written on a bare `net` server, for the client's hostile cases: the test
 * decides the bytes of the handshake answer and of every frame, and reads the client's frames unmasked.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface ClientFrame { fin: boolean; opcode: number; masked: boolean; key: Buffer; payload: Buffer }

/** Decodes the client's frames in `bytes`; returns them and the bytes of an incomplete last frame. */
export function decodeClientFrames(bytes: Buffer): { frames: ClientFrame[]; rest: Buffer } {
  const frames: ClientFrame[] = [];
  let at = 0;
  for (;;) {
    if (bytes.length - at < 2) break;
    const b0 = bytes[at]!, b1 = bytes[at + 1]!;
    let length = b1 & 0x7f;
    let p = at + 2;
    if (length === 126) { if (bytes.length < p + 2) break; length = bytes.readUInt16BE(p); p += 2; }
    else if (length === 127) { if (bytes.length < p + 8) break; length = Number(bytes.readBigUInt64BE(p)); p += 8; }
    const masked = (b1 & 0x80) !== 0;
    const key = masked ? bytes.subarray(p, p + 4) : Buffer.alloc(4);
    if (masked) p += 4;
    if (bytes.length < p + length) break;
    const payload = Buffer.from(bytes.subarray(p, p + length));
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ key[i % 4]!;
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, masked, key: Buffer.from(key), payload });
    at = p + length;
  }
  return { frames, rest: bytes.subarray(at) };
}

/** An unmasked server frame (FIN set unless `fin` is false); `first` overrides the first byte entirely. */
export function serverFrame(opcode: number, payload: Buffer | string, opts: { fin?: boolean; first?: number; masked?: boolean } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const first = opts.first ?? (((opts.fin ?? true) ? 0x80 : 0) | opcode);
  const maskBit = opts.masked ? 0x80 : 0;
  let head: Buffer;
  if (body.length < 126) head = Buffer.from([first, maskBit | body.length]);
  else if (body.length < 0x10000) { head = Buffer.from([first, maskBit | 126, 0, 0]); head.writeUInt16BE(body.length, 2); }
  else { head = Buffer.alloc(10); head[0] = first; head[1] = maskBit | 127; head.writeBigUInt64BE(BigInt(body.length), 2); }
  if (!opts.masked) return Buffer.concat([head, body]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(body.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([head, key, masked]);
}

export function acceptOf(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** The usual 101 answer to a request head, with `extra` header lines. */
export function switchingProtocols(requestHead: string, extra: string[] = ['Sec-WebSocket-Protocol: ocpp1.6']): string {
  const key = /^sec-websocket-key:\s*(\S+)/im.exec(requestHead)?.[1] ?? '';
  return ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptOf(key)}`, ...extra, '', ''].join('\r\n');
}

export interface RawPeer {
  readonly url: string;
  /** The request head of each connection, in order. */
  readonly requests: string[];
  /** The client's frames on the current connection. */
  readonly frames: ClientFrame[];
  /** Whether the current connection's socket has closed. */
  readonly closed: boolean;
  connections: number;
  write(bytes: Buffer | string): void;
  /** Ends the TCP connection without a close frame. */
  destroy(): void;
  close(): Promise<void>;
}

/**
 * `answer` gets the request head and the socket and writes what it likes (default: the usual 101). With
 * `silent` the server reads the request and answers nothing.
 */
export async function startRawPeer(answer?: (requestHead: string, socket: Socket) => void): Promise<RawPeer> {
  const server = createServer();
  const sockets = new Set<Socket>();
  let current: Socket | undefined;
  const peer = {
    url: '',
    requests: [] as string[],
    frames: [] as ClientFrame[],
    closed: false,
    connections: 0,
    write(bytes: Buffer | string) { current?.write(bytes); },
    destroy() { current?.destroy(); },
    close: () => new Promise<void>((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    current = socket;
    peer.connections++;
    peer.frames = [];
    peer.closed = false;
    let head = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', () => {});
    socket.on('close', () => { sockets.delete(socket); if (current === socket) peer.closed = true; });
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (!upgraded) {
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        const text = head.toString('latin1', 0, end);
        peer.requests.push(text);
        head = head.subarray(end + 4);
        if (answer) answer(text, socket);
        else socket.write(switchingProtocols(text));
      }
      const { frames, rest } = decodeClientFrames(head);
      peer.frames.push(...frames);
      head = Buffer.from(rest);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  peer.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp`;
  return peer;
}
