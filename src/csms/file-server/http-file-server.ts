/**
 * The embedded central system's HTTP file server: hosts firmware images (GET /firmware/<name>) and
 * accepts diagnostics uploads (PUT /diagnostics/<name>), recording what arrived (name, size, sha256).
 * Failure paths for tests: /missing/* answers 404, PUT /refuse/* answers 403, GET /cut/<name> sends
 * half of the file and drops the connection.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ReceivedFile { name: string; size: number; sha256: string; bytes: Buffer; via: 'http' | 'ftp' }

export interface HttpFileServer {
  readonly url: string;
  readonly received: ReceivedFile[];
  host(name: string, bytes: Uint8Array): string;
  close(): Promise<void>;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export async function startHttpFileServer(options: { host?: string; port?: number; tls?: { key: string; cert: string } } = {}): Promise<HttpFileServer> {
  const files = new Map<string, Buffer>();
  const received: ReceivedFile[] = [];
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (req.method === 'GET') {
      const name = path.replace(/^\/(firmware|cut)\//, '');
      const file = files.get(name);
      if (!file || path.startsWith('/missing/')) { res.writeHead(404).end(); return; }
      if (path.startsWith('/cut/')) {
        res.writeHead(200, { 'content-length': file.length });
        res.write(file.subarray(0, Math.floor(file.length / 2)), () => res.destroy());
        return;
      }
      res.writeHead(200, { 'content-length': file.length, 'content-type': 'application/octet-stream' }).end(file);
      return;
    }
    if (req.method === 'PUT' || req.method === 'POST') {
      if (path.startsWith('/refuse/')) { res.writeHead(403).end(); req.resume(); return; }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bytes = Buffer.concat(chunks);
        received.push({ name: path.split('/').pop() ?? '', size: bytes.length, sha256: sha256(bytes), bytes, via: 'http' });
        res.writeHead(201).end();
      });
      return;
    }
    res.writeHead(405).end();
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    received,
    host(name, bytes) { files.set(name, Buffer.from(bytes)); return `${base}/firmware/${encodeURIComponent(name)}`; },
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
