/**
 * The embedded central system's FTP server (the maintained ftp-srv package) on loopback: one user with a
 * password (random per server unless given), a root folder of its own (a fresh temporary folder, removed
 * at close) holding firmware images and the uploads, every RETR / STOR seen (time on its clock).
 * Uploads stream to disk with a size limit and are recorded (name, size, sha256, path; never the bytes)
 * under the count and age limits of upload-folder.ts.
 * Hardening: error replies never show a path of the server's disk (only the client's view); SITE (CHMOD)
 * is refused; PORT/EPRT to an address other than the client's own is refused (no FTP bounce: ftp-srv's
 * own check, pinned by a test).
 * Failure path for tests: a file whose name starts with `cut-` is sent half-way, then the data connection
 * fails (the client gets 551).
 */
import { createReadStream, readFileSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { SeenRequest } from './http-file-server.ts';
import { UploadFolder, type ReceivedFile, type UploadLimits } from './upload-folder.ts';

export interface FtpFileServer {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Completed uploads: name, size, sha256 and the path of the bytes on disk (never the bytes). */
  readonly received: ReceivedFile[];
  readonly requests: SeenRequest[];
  host(name: string, bytes: Uint8Array): string;
  /** Closes the server and deletes its folder (images and uploads). */
  close(): Promise<void>;
}

interface FtpSrvLike {
  on(event: 'login', fn: (data: { connection: { on(e: string, fn: (err: unknown, fileName: string) => void): void }; username: string; password: string }, resolve: (r: { root: string; fs?: unknown; blacklist?: string[] }) => void, reject: (e: Error) => void) => void): void;
  listen(): Promise<unknown>;
  close(): Promise<unknown>;
  /** The listening socket (ftp-srv's own field), read for the port the system chose. */
  server: { address(): { port: number } | string | null };
}

interface FsResult { stream: NodeJS.ReadableStream; clientPath: string }
interface FsMethods {
  get(fileName: string): Promise<unknown>;
  list(path?: string): Promise<unknown>;
  chdir(path?: string): Promise<unknown>;
  read(fileName: string, o?: { start?: number }): Promise<FsResult>;
  write(fileName: string, o?: { append?: boolean; start?: number }): { stream: WriteStream; clientPath: string };
  delete(path: string): Promise<unknown>;
  mkdir(path: string): Promise<unknown>;
  rename(from: string, to: string): Promise<unknown>;
  chmod(path: string, mode: string): Promise<unknown>;
}
type FileSystemClass = new (connection: unknown, o: { root: string; cwd: string }) => FsMethods;

const PLAIN: Record<string, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', EPERM: 'Permission denied', EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory', EEXIST: 'File exists', ENOTEMPTY: 'Directory not empty', ENOSPC: 'No space left',
};

/** An error fit for an FTP reply: the errno's plain meaning, or the message with any absolute path removed. */
function replyError(e: unknown, root: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && PLAIN[code]) return new Error(PLAIN[code]);
  const message = e instanceof Error ? e.message : String(e);
  return new Error(message.split(root).join('').replace(/(^|[\s'"(])\/[^\s'")]*/g, '$1<path>'));
}

/**
 * ftp-srv's own file system with: errors that name no server path, MKD answering the client's path,
 * CHMOD refused, a size limit on writes, and the transfers counted (and `cut-*` files cut half-way).
 */
function guardedFileSystem(Base: FileSystemClass, root: string, requests: SeenRequest[], now: () => number, maxBytes: number): FileSystemClass {
  const guard = async <T>(run: () => Promise<T> | T): Promise<T> => {
    try { return await run(); } catch (e) { throw replyError(e, root); }
  };
  return class extends Base {
    override get(fileName: string): Promise<unknown> { return guard(() => super.get(fileName)); }
    override list(path?: string): Promise<unknown> { return guard(() => super.list(path)); }
    override chdir(path?: string): Promise<unknown> { return guard(() => super.chdir(path)); }
    override delete(path: string): Promise<unknown> { return guard(() => super.delete(path)); }
    override rename(from: string, to: string): Promise<unknown> { return guard(() => super.rename(from, to)); }
    override async mkdir(path: string): Promise<unknown> {
      const made = String(await guard(() => super.mkdir(path)));
      return made.startsWith(root) ? made.slice(root.length) || '/' : made;
    }
    override chmod(): Promise<unknown> { return Promise.reject(new Error('CHMOD is not permitted')); }

    override async read(fileName: string, o?: { start?: number }): Promise<FsResult> {
      requests.push({ method: 'RETR', path: fileName, at: now() });
      const r = await guard(() => super.read(fileName, o));
      if (!basename(fileName).startsWith('cut-')) return r;
      const whole = readFileSync(String((r.stream as unknown as { path: string }).path));
      (r.stream as unknown as { destroy(): void }).destroy();
      const half = whole.subarray(0, Math.floor(whole.length / 2));
      const stream = new Readable({ read() {} });
      stream.push(half);
      setTimeout(() => stream.destroy(new Error('transfer cut by the test server')), 20);
      return { stream, clientPath: r.clientPath };
    }

    override write(fileName: string, o?: { append?: boolean; start?: number }): { stream: WriteStream; clientPath: string } {
      requests.push({ method: 'STOR', path: fileName, at: now() });
      let r: { stream: WriteStream; clientPath: string };
      try { r = super.write(fileName, o); } catch (e) { throw replyError(e, root); }
      const { stream } = r;
      let size = 0;
      if (o?.append) { try { size = statSync(String(stream.path)).size; } catch { /* a new file */ } } else size = o?.start ?? 0;
      const write = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      // ftp-srv pipes the data socket into this stream: past the limit it fails (550, the partial file
      // removed by ftp-srv's own error handler) instead of filling the disk.
      stream.write = ((chunk: Buffer, ...rest: unknown[]): boolean => {
        size += chunk.length;
        if (size > maxBytes) { stream.destroy(new Error(`file larger than ${maxBytes} bytes`)); return false; }
        return write(chunk, ...rest);
      }) as WriteStream['write'];
      stream.once('error', () => {}); // reported to the client by ftp-srv
      return r;
    }
  };
}

/** The sha256 and size of a file, read as a stream. */
function digestFile(path: string): Promise<{ size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    createReadStream(path).on('data', (c) => { size += (c as Buffer).length; hash.update(c as Buffer); }).on('error', reject).on('end', () => resolve({ size, sha256: hash.digest('hex') }));
  });
}

/** Credentials nobody can guess: a server started without them gets fresh ones (the demo prints them). */
export function randomFtpCredentials(): { user: string; password: string } {
  return { user: `twin-${randomBytes(3).toString('hex')}`, password: randomBytes(12).toString('base64url') };
}

/**
 * The passive-mode data ports of one FTP server. ftp-srv tries at most 5 ports for a data connection,
 * counting up from `min` (and wrapping to `min` past `max`). A fixed 40000-49999 range failed a transfer
 * ("Unable to find valid port") whenever its first five ports were busy: they lie in Linux's ephemeral
 * range (32768-60999), where any outgoing connection may hold them. Ports 61000-65535 lie above it, and
 * each server starts at its own random port there, so servers side by side do not take turns on the
 * same five.
 */
export function passivePortRange(random: () => number): { min: number; max: number } {
  return { min: 61_000 + Math.floor(random() * 4_000), max: 65_535 };
}

export async function startFtpFileServer(options: { user?: string; password?: string; port?: number; now?: () => number; limits?: UploadLimits } = {}): Promise<FtpFileServer> {
  const require = createRequire(import.meta.url);
  const FtpSrv = require('ftp-srv') as new (o: object) => FtpSrvLike;
  const requests: SeenRequest[] = [];
  const now = options.now ?? Date.now;
  const uploads = new UploadFolder('chargetwin-ftp-', options.limits ?? {}, now);
  const root = uploads.dir;
  const GuardedFs = guardedFileSystem((require('ftp-srv') as { FileSystem: FileSystemClass }).FileSystem, root, requests, now, uploads.limits.maxBytes);
  const fresh = randomFtpCredentials();
  const user = options.user ?? fresh.user;
  const password = options.password ?? fresh.password;
  // Port 0 by default: the system picks a free one (a random fixed range collided with busy ports).
  const wanted = options.port ?? 0;
  const errors: string[] = [];
  const quiet: Record<string, unknown> = { trace() {}, debug() {}, info() {}, warn() {}, fatal() {}, error(...a: unknown[]) { errors.push(a.map(String).join(' ')); } };
  quiet.child = () => quiet;
  const pasv = passivePortRange(Math.random);
  const server = new FtpSrv({ url: `ftp://127.0.0.1:${wanted}`, anonymous: false, greeting: 'ChargeTwin FTP', pasv_url: '127.0.0.1', pasv_min: pasv.min, pasv_max: pasv.max, log: quiet });
  server.on('login', ({ connection, username, password: pw }, resolve, reject) => {
    if (username !== user || pw !== password) { reject(new Error('wrong credentials')); return; }
    connection.on('STOR', (err, fileName) => {
      if (err) return;
      void digestFile(fileName).then(({ size, sha256 }) => {
        uploads.record({ name: basename(fileName), size, sha256, path: fileName, via: 'ftp', method: 'STOR' });
      }, () => { /* removed meanwhile */ });
    });
    resolve({ root, fs: new GuardedFs(connection, { root, cwd: '/' }), blacklist: ['SITE'] });
  });
  await server.listen();
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : wanted;
  const base = `ftp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return {
    url: base,
    user,
    password,
    received: uploads.received,
    requests,
    host(name, bytes) { writeFileSync(join(root, name), bytes); return `${base}/${encodeURIComponent(name)}`; },
    async close() { await server.close(); uploads.close(); },
  };
}
