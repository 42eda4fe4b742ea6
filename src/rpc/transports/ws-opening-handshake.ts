/**
 * The client's side of the websocket opening handshake (RFC 6455 §4.1, §4.2.2): the HTTP/1.1 upgrade
 * request it sends, and the checks of the server's answer. Text in, text out: the socket is elsewhere.
 */
import { createHash } from 'node:crypto';

/** §1.3: the GUID appended to the key before hashing it into Sec-WebSocket-Accept. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The longest response head read before the handshake is given up (the server's headers are few). */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

export interface UpgradeRequest {
  /** Host header: host and, when not the scheme's default, port (§4.1 item 4). */
  host: string;
  /** Request target: path and query. */
  path: string;
  /** Sec-WebSocket-Key: 16 random bytes in base64 (§4.1 item 7). */
  key: string;
  subprotocol: string;
  /** Authorization header value, when credentials are sent. */
  authorization?: string;
}

export function upgradeRequestText(r: UpgradeRequest): string {
  return `GET ${r.path} HTTP/1.1\r\n`
    + `Host: ${r.host}\r\n`
    + 'Upgrade: websocket\r\n'
    + 'Connection: Upgrade\r\n'
    + `Sec-WebSocket-Key: ${r.key}\r\n`
    + 'Sec-WebSocket-Version: 13\r\n'
    + `Sec-WebSocket-Protocol: ${r.subprotocol}\r\n`
    + (r.authorization !== undefined ? `Authorization: ${r.authorization}\r\n` : '')
    + '\r\n';
}

/** The Sec-WebSocket-Accept a server must answer to `key` (§4.2.2 item 5.4). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
}

export interface ResponseHead {
  status: number;
  /** Header values by lower-case name; a header given twice has its values joined with ", ". */
  headers: Map<string, string>;
}

/** Parses a response head (without its final blank line); undefined when it is not an HTTP/1.x response. */
export function parseResponseHead(text: string): ResponseHead | undefined {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

/** What is wrong with a 101 answer (§4.1, the client's checks), or undefined when it completes the handshake. */
export type UpgradeProblem =
  | { kind: 'handshake'; reason: string }
  | { kind: 'subprotocol'; reason: string };

export function checkUpgrade(head: ResponseHead, key: string, subprotocol: string): UpgradeProblem | undefined {
  const h = head.headers;
  if (h.get('upgrade')?.toLowerCase() !== 'websocket') return { kind: 'handshake', reason: 'no "Upgrade: websocket" in the 101 answer' };
  const connection = h.get('connection')?.toLowerCase().split(',').map((t) => t.trim()) ?? [];
  if (!connection.includes('upgrade')) return { kind: 'handshake', reason: 'no "Connection: Upgrade" in the 101 answer' };
  if (h.get('sec-websocket-accept') !== acceptFor(key)) return { kind: 'handshake', reason: 'wrong Sec-WebSocket-Accept' };
  if (h.has('sec-websocket-extensions')) return { kind: 'handshake', reason: `an extension the client did not ask for: ${h.get('sec-websocket-extensions')}` };
  const agreed = h.get('sec-websocket-protocol');
  if (agreed !== subprotocol) return { kind: 'subprotocol', reason: agreed === undefined ? 'no subprotocol agreed' : `subprotocol ${agreed} agreed, not ${subprotocol}` };
  return undefined;
}
