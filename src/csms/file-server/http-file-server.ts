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
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadFolder, type ReceivedFile, type UploadLimits } from './upload-folder.ts';

export type { ReceivedFile, UploadLimits } from './upload-folder.ts';

/** One request as the server saw it. `outcome` is set when it ended: the status sent, or 'dropped'. */
export interface SeenRequest { method: string; path: string; at: number; outcome?: number | 'dropped' | 'closed by client' }

export interface HttpFileServer {
  readonly url: string;
  /** Completed uploads: name, size, sha256 and the path of the bytes on disk (never the bytes). */
  readonly received: ReceivedFile[];
  readonly requests: SeenRequest[];
  host(name: string, bytes: Uint8Array): string;
  /** Lets every request held on a /slow/ path finish. */
  release(): void;
  /** Closes the server and deletes every upload. */
  close(): Promise<void>;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

class TooLarge extends Error {}

/**
 * Streams the body to `path`, counting and hashing. Past `maxBytes` it calls `onTooLarge` once (the
 * server answers 413 at once), deletes the partial file and discards what still comes; a client that
 * keeps sending past twice the limit is disconnected. Rejects with TooLarge or a client's close.
 */
async function bodyToFile(req: IncomingMessage, path: string, maxBytes: number, onTooLarge: () => void): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size <= maxBytes) { hash.update(chunk); done(null, chunk); return; }
      if (size - chunk.length <= maxBytes) onTooLarge();
      if (size > 2 * maxBytes) { done(new TooLarge()); return; }
      done();
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    rmSync(path, { force: true });
    throw size > maxBytes ? new TooLarge() : e;
  }
  if (size > maxBytes) { rmSync(path, { force: true }); throw new TooLarge(); }
  if (!req.complete) { rmSync(path, { force: true }); throw new Error('closed by client'); }
  return { size, sha256: hash.digest('hex') };
}

/**
 * The file of a multipart/form-data body stored at `rawPath`, parsed by the web platform's own form-data
 * parser and written to `outPath`. The parser holds the body while it parses (at most the size limit),
 * then it is released; raw bodies and FTP uploads never pass through memory whole.
 */
async function multipartFile(contentType: string, rawPath: string, outPath: string): Promise<{ name: string; size: number; sha256: string } | undefined> {
  try {
    const form = await new Request('http://parser.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: readFileSync(rawPath) }).formData();
    let file: File | undefined;
    form.forEach((value) => { if (!file && typeof value !== 'string') file = value; });
    if (!file) return undefined;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const out = createWriteStream(outPath, { mode: 0o600 });
    await new Promise<void>((resolve, reject) => { out.on('error', reject); out.end(bytes, () => resolve()); });
    return { name: file.name, size: bytes.length, sha256: sha256(bytes) };
  } catch { /* not a well-formed form: answered 400 */ }
  return undefined;
}

/** A client's file name made safe as the last part of a path in the upload folder. */
const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 120) || 'upload';

export async function startHttpFileServer(options: { host?: string; port?: number; tls?: { key: string; cert: string }; now?: () => number; limits?: UploadLimits } = {}): Promise<HttpFileServer> {
  const files = new Map<string, Buffer>();
  const requests: SeenRequest[] = [];
  const held = new Set<() => void>();
  const now = options.now ?? Date.now;
  const uploads = new UploadFolder('chargetwin-http-', options.limits ?? {}, now);
  const { maxBytes } = uploads.limits;
  const hold = (fn: () => void): void => { held.add(fn); };
  const tooLarge = (res: ServerResponse, seen: SeenRequest): void => {
    seen.outcome = 413;
    res.writeHead(413, { connection: 'close', 'content-type': 'text/plain' }).end(`file larger than ${maxBytes} bytes\n`);
  };

  const upload = async (req: IncomingMessage, res: ServerResponse, path: string, seen: SeenRequest): Promise<void> => {
    if (path.startsWith('/refuse/')) { req.resume(); seen.outcome = 403; res.writeHead(403).end(); return; }
    if (path.startsWith('/cut/')) { req.once('data', () => { seen.outcome = 'dropped'; req.socket.destroy(); }); return; }
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) { tooLarge(res, seen); return; }
    // A /slow/ upload is held from its arrival: release() lets it answer even while its body still streams in.
    const released = path.startsWith('/slow/') ? new Promise<void>((resolve) => hold(resolve)) : undefined;
    const raw = uploads.nextPath();
    let body: { size: number; sha256: string };
    try {
      body = await bodyToFile(req, raw, maxBytes, () => tooLarge(res, seen));
    } catch (e) {
      if (!(e instanceof TooLarge)) seen.outcome ??= 'closed by client';
      return;
    }
    const multipart = /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''));
    let file: { name: string; size: number; sha256: string; path: string } | undefined;
    if (multipart) {
      const out = uploads.nextPath();
      const part = await multipartFile(String(req.headers['content-type']), raw, out);
      rmSync(raw, { force: true });
      if (part) file = { ...part, path: out };
    } else {
      file = { name: path.split('/').pop() ?? '', ...body, path: raw };
    }
    if (!file || file.name === '') { if (file) rmSync(file.path, { force: true }); seen.outcome = 400; res.writeHead(400).end(); return; }
    const stored = `${file.path}-${safeName(file.name)}`;
    renameSync(file.path, stored);
    if (released) await released;
    uploads.record({ name: file.name, size: file.size, sha256: file.sha256, path: stored, via: 'http', method: req.method as 'PUT' | 'POST' });
    seen.outcome = 201;
    res.writeHead(201).end();
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
    received: uploads.received,
    requests,
    host(name, bytes) { files.set(name, Buffer.from(bytes)); return `${base}/firmware/${encodeURIComponent(name)}`; },
    release,
    close: () => new Promise((r) => { held.clear(); server.close(() => { uploads.close(); r(); }); server.closeAllConnections(); }),
  };
}
