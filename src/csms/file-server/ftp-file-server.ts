/**
 * The embedded central system's FTP server (the maintained ftp-srv package) on loopback: one user with a
 * password, a root folder holding firmware images, uploads recorded as they complete, and every RETR /
 * STOR seen (time on its clock). Failure path for tests: a file whose name starts with `cut-` is sent
 * half-way, then the data connection fails (the client gets 551).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { sha256, type ReceivedFile, type SeenRequest } from './http-file-server.ts';

export interface FtpFileServer {
  readonly url: string;
  readonly received: ReceivedFile[];
  readonly requests: SeenRequest[];
  host(name: string, bytes: Uint8Array): string;
  close(): Promise<void>;
}

interface FtpSrvLike {
  on(event: 'login', fn: (data: { connection: { on(e: string, fn: (err: unknown, fileName: string) => void): void }; username: string; password: string }, resolve: (r: { root: string; fs?: unknown }) => void, reject: (e: Error) => void) => void): void;
  listen(): Promise<unknown>;
  close(): Promise<unknown>;
  /** The listening socket (ftp-srv's own field), read for the port the system chose. */
  server: { address(): { port: number } | string | null };
}

interface FsResult { stream: NodeJS.ReadableStream; clientPath: string }
type FileSystemClass = new (connection: unknown, o: { root: string; cwd: string }) => {
  read(fileName: string, o?: { start?: number }): Promise<FsResult>;
  write(fileName: string, o?: object): unknown;
};

/** ftp-srv's own file system, counting transfers and cutting `cut-*` files half-way. */
function recordingFileSystem(Base: FileSystemClass, requests: SeenRequest[], now: () => number): FileSystemClass {
  return class extends Base {
    override async read(fileName: string, o?: { start?: number }): Promise<FsResult> {
      requests.push({ method: 'RETR', path: fileName, at: now() });
      const r = await super.read(fileName, o);
      if (!basename(fileName).startsWith('cut-')) return r;
      const whole = readFileSync(String((r.stream as unknown as { path: string }).path));
      (r.stream as unknown as { destroy(): void }).destroy();
      const half = whole.subarray(0, Math.floor(whole.length / 2));
      const stream = new Readable({ read() {} });
      stream.push(half);
      setTimeout(() => stream.destroy(new Error('transfer cut by the test server')), 20);
      return { stream, clientPath: r.clientPath };
    }

    override write(fileName: string, o?: object): unknown {
      requests.push({ method: 'STOR', path: fileName, at: now() });
      return super.write(fileName, o);
    }
  };
}

export async function startFtpFileServer(options: { user?: string; password?: string; port?: number; now?: () => number } = {}): Promise<FtpFileServer> {
  const require = createRequire(import.meta.url);
  const FtpSrv = require('ftp-srv') as new (o: object) => FtpSrvLike;
  const requests: SeenRequest[] = [];
  const CountingFs = recordingFileSystem((require('ftp-srv') as { FileSystem: FileSystemClass }).FileSystem, requests, options.now ?? Date.now);
  const user = options.user ?? 'twin';
  const password = options.password ?? 'twin-password';
  const root = mkdtempSync(join(tmpdir(), 'chargetwin-ftp-'));
  // Port 0 by default: the system picks a free one (a random fixed range collided with busy ports).
  const wanted = options.port ?? 0;
  const received: ReceivedFile[] = [];
  const errors: string[] = [];
  const quiet: Record<string, unknown> = { trace() {}, debug() {}, info() {}, warn() {}, fatal() {}, error(...a: unknown[]) { errors.push(a.map(String).join(' ')); } };
  quiet.child = () => quiet;
  const server = new FtpSrv({ url: `ftp://127.0.0.1:${wanted}`, anonymous: false, greeting: 'ChargeTwin FTP', pasv_url: '127.0.0.1', pasv_min: 40_000, pasv_max: 49_999, log: quiet });
  server.on('login', ({ connection, username, password: pw }, resolve, reject) => {
    if (username !== user || pw !== password) { reject(new Error('wrong credentials')); return; }
    connection.on('STOR', (err, fileName) => {
      if (err) return;
      const bytes = readFileSync(fileName);
      received.push({ name: basename(fileName), size: bytes.length, sha256: sha256(bytes), bytes, via: 'ftp', method: 'STOR' });
    });
    resolve({ root, fs: new CountingFs(connection, { root, cwd: '/' }) });
  });
  await server.listen();
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : wanted;
  const base = `ftp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return {
    url: base,
    received,
    requests,
    host(name, bytes) { writeFileSync(join(root, name), bytes); return `${base}/${encodeURIComponent(name)}`; },
    async close() { await server.close(); rmSync(root, { recursive: true, force: true }); },
  };
}
