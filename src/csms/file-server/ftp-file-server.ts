/**
 * The embedded central system's FTP server (the maintained ftp-srv package) on loopback: one user with a
 * password, a root folder holding firmware images, uploads recorded as they complete.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { sha256, type ReceivedFile } from './http-file-server.ts';

export interface FtpFileServer {
  readonly url: string;
  readonly received: ReceivedFile[];
  host(name: string, bytes: Uint8Array): string;
  close(): Promise<void>;
}

interface FtpSrvLike {
  on(event: 'login', fn: (data: { connection: { on(e: string, fn: (err: unknown, fileName: string) => void): void }; username: string; password: string }, resolve: (r: { root: string }) => void, reject: (e: Error) => void) => void): void;
  listen(): Promise<unknown>;
  close(): Promise<unknown>;
}

export async function startFtpFileServer(options: { user?: string; password?: string; port?: number } = {}): Promise<FtpFileServer> {
  const require = createRequire(import.meta.url);
  const FtpSrv = require('ftp-srv') as new (o: object) => FtpSrvLike;
  const user = options.user ?? 'twin';
  const password = options.password ?? 'twin-password';
  const root = mkdtempSync(join(tmpdir(), 'chargetwin-ftp-'));
  const port = options.port ?? 20_000 + Math.floor(Math.random() * 20_000);
  const received: ReceivedFile[] = [];
  const errors: string[] = [];
  const quiet: Record<string, unknown> = { trace() {}, debug() {}, info() {}, warn() {}, fatal() {}, error(...a: unknown[]) { errors.push(a.map(String).join(' ')); } };
  quiet.child = () => quiet;
  const server = new FtpSrv({ url: `ftp://127.0.0.1:${port}`, anonymous: false, greeting: 'ChargeTwin FTP', pasv_url: '127.0.0.1', pasv_min: 40_000, pasv_max: 49_999, log: quiet });
  server.on('login', ({ connection, username, password: pw }, resolve, reject) => {
    if (username !== user || pw !== password) { reject(new Error('wrong credentials')); return; }
    connection.on('STOR', (err, fileName) => {
      if (err) return;
      const bytes = readFileSync(fileName);
      received.push({ name: basename(fileName), size: bytes.length, sha256: sha256(bytes), bytes, via: 'ftp' });
    });
    resolve({ root });
  });
  await server.listen();
  const base = `ftp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return {
    url: base,
    received,
    host(name, bytes) { writeFileSync(join(root, name), bytes); return `${base}/${encodeURIComponent(name)}`; },
    async close() { await server.close(); rmSync(root, { recursive: true, force: true }); },
  };
}
