/**
 * The embedded central system's HTTP file server: hosts firmware images (GET /firmware/<name>) and
 * accepts diagnostics uploads both ways stations send them: PUT /diagnostics/<name> with the raw file,
 * or POST to /diagnostics/ (or any path under it) as multipart/form-data (the file part's file name is
 * kept; a POST with a raw body is stored under the last path segment). It records what arrived (name,
 * size, sha256, method) and every request it saw (method, path, time on its clock, outcome).
 *
 * Failure paths for tests: /missing/* answers 404; PUT/POST /refuse/* answers 403; GET /cut/<name>
 * sends half of the file and drops the connection; PUT/POST /cut/* drops the connection after the first
 * bytes; GET /slow/<name> sends half, then the rest once release() is called; PUT/POST /slow/* reads the
 * whole file, then answers once release() is called.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ReceivedFile { name: string; size: number; sha256: string; bytes: Buffer; via: 'http' | 'ftp'; method?: 'PUT' | 'POST' | 'STOR' }

/** One request as the server saw it. `outcome` is set when it ended: the status sent, or 'dropped'. */
export interface SeenRequest { method: string; path: string; at: number; outcome?: number | 'dropped' | 'closed by client' }

export interface HttpFileServer {
  readonly url: string;
  readonly received: ReceivedFile[];
  readonly requests: SeenRequest[];
  host(name: string, bytes: Uint8Array): string;
  /** Lets every request held on a /slow/ path finish. */
  release(): void;
  close(): Promise<void>;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const MAX_UPLOAD = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD) { req.destroy(); resolve(undefined); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('close', () => { if (!req.complete) resolve(undefined); });
  });
}

/** The file of a multipart/form-data body, parsed by the web platform's own form-data parser. */
async function multipartFile(req: IncomingMessage, body: Buffer): Promise<{ name: string; bytes: Buffer } | undefined> {
  try {
    const form = await new Request('http://parser.invalid/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(body) }).formData();
    let file: File | undefined;
    form.forEach((value) => { if (!file && typeof value !== 'string') file = value; });
    if (file) return { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
  } catch { /* not a well-formed form: answered 400 */ }
  return undefined;
}

export async function startHttpFileServer(options: { host?: string; port?: number; tls?: { key: string; cert: string }; now?: () => number } = {}): Promise<HttpFileServer> {
  const files = new Map<string, Buffer>();
  const received: ReceivedFile[] = [];
  const requests: SeenRequest[] = [];
  const held = new Set<() => void>();
  const now = options.now ?? Date.now;
  const hold = (fn: () => void): void => { held.add(fn); };

  const upload = async (req: IncomingMessage, res: ServerResponse, path: string, seen: SeenRequest): Promise<void> => {
    if (path.startsWith('/refuse/')) { req.resume(); seen.outcome = 403; res.writeHead(403).end(); return; }
    if (path.startsWith('/cut/')) { req.once('data', () => { seen.outcome = 'dropped'; req.socket.destroy(); }); return; }
    const body = await readBody(req);
    if (!body) { seen.outcome ??= 'closed by client'; return; }
    const multipart = /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''));
    const file = multipart ? await multipartFile(req, body) : { name: path.split('/').pop() ?? '', bytes: body };
    if (!file || file.name === '') { seen.outcome = 400; res.writeHead(400).end(); return; }
    const answer = (): void => {
      received.push({ name: file.name, size: file.bytes.length, sha256: sha256(file.bytes), bytes: file.bytes, via: 'http', method: req.method as 'PUT' | 'POST' });
      seen.outcome = 201;
      res.writeHead(201).end();
    };
    if (path.startsWith('/slow/')) hold(answer); else answer();
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const raw = (req.url ?? '/').split('?')[0] ?? '/';
    let decoded: string | undefined;
    try { decoded = decodeURIComponent(raw); } catch { /* a malformed %-escape: answered 400 below */ }
    const seen: SeenRequest = { method: req.method ?? '', path: decoded ?? raw, at: now() };
    requests.push(seen);
    if (decoded === undefined) { seen.outcome = 400; res.writeHead(400).end(); return; }
    const path = decoded;
    res.on('close', () => { if (!res.writableFinished) seen.outcome ??= 'closed by client'; });
    if (req.method === 'GET') {
      const name = path.replace(/^\/(firmware|cut|slow|missing)\//, '');
      const file = files.get(name);
      if (!file || path.startsWith('/missing/')) { seen.outcome = 404; res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-length': file.length, 'content-type': 'application/octet-stream' });
      const half = Math.floor(file.length / 2);
      if (path.startsWith('/cut/')) { res.write(file.subarray(0, half), () => { seen.outcome = 'dropped'; res.destroy(); }); return; }
      if (path.startsWith('/slow/')) { res.write(file.subarray(0, half)); hold(() => { seen.outcome = 200; res.end(file.subarray(half)); }); return; }
      seen.outcome = 200;
      res.end(file);
      return;
    }
    if (req.method === 'PUT' || req.method === 'POST') { void upload(req, res, path, seen); return; }
    seen.outcome = 405;
    res.writeHead(405).end();
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;
  const release = (): void => { const fns = [...held]; held.clear(); for (const fn of fns) fn(); };
  return {
    url: base,
    received,
    requests,
    host(name, bytes) { files.set(name, Buffer.from(bytes)); return `${base}/firmware/${encodeURIComponent(name)}`; },
    release,
    close: () => new Promise((r) => { held.clear(); server.close(() => r()); server.closeAllConnections(); }),
  };
}
