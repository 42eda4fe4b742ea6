/**
 * Real file transfer for firmware and diagnostics: HTTP and HTTPS (GET to download; PUT to upload, the
 * file name appended to the location) and FTP (credentials in the URL; RETR / STOR) with the maintained
 * basic-ftp client. Failures are TwinErrors with stable codes.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PassThrough, Readable } from 'node:stream';
import { Client as FtpClient } from 'basic-ftp';
import { TwinError } from '../../shared/errors.ts';
import type { FileTransfer } from '../../station/firmware/transfer-port.ts';

export interface FileTransferOptions { timeoutMs?: number; ca?: string | Buffer }

function httpCall(url: URL, method: 'GET' | 'PUT', o: FileTransferOptions, body?: Uint8Array): Promise<Uint8Array> {
  const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(url, { method, timeout: o.timeoutMs ?? 30_000, ...(o.ca ? { ca: o.ca } : {}), ...(body ? { headers: { 'content-length': body.length, 'content-type': 'application/octet-stream' } } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `transfer cut: ${e.message}`, { cause: e })));
      res.on('aborted', () => reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', 'transfer cut in the middle')));
      res.on('end', () => {
        if (status === 404) return reject(new TwinError('TWIN_ERR_TRANSFER_NOT_FOUND', `${url.href}: 404`));
        if (status === 401 || status === 403) return reject(new TwinError(method === 'PUT' ? 'TWIN_ERR_TRANSFER_REFUSED' : 'TWIN_ERR_TRANSFER_AUTH', `${url.href}: HTTP ${status}`));
        if (status >= 300) return reject(new TwinError('TWIN_ERR_TRANSFER_REFUSED', `${url.href}: HTTP ${status}`));
        const data = Buffer.concat(chunks);
        const declared = Number(res.headers['content-length'] ?? data.length);
        if (method === 'GET' && data.length !== declared) return reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `got ${data.length} of ${declared} bytes`));
        resolve(new Uint8Array(data));
      });
    });
    r.on('timeout', () => r.destroy(new TwinError('TWIN_ERR_TRANSFER_TIMEOUT', `${url.href}: no answer within ${o.timeoutMs ?? 30_000} ms`)));
    r.on('error', (e) => reject(e instanceof TwinError ? e : new TwinError('TWIN_ERR_TRANSFER_UNREACHABLE', `${url.href}: ${e.message}`, { cause: e })));
    r.end(body);
  });
}

async function withFtp<T>(url: URL, o: FileTransferOptions, fn: (c: FtpClient) => Promise<T>): Promise<T> {
  const c = new FtpClient(o.timeoutMs ?? 30_000);
  try {
    try {
      await c.access({ host: url.hostname, port: Number(url.port || 21), user: decodeURIComponent(url.username || 'anonymous'), password: decodeURIComponent(url.password || 'anonymous') });
    } catch (e) {
      const code = (e as { code?: number }).code;
      throw new TwinError(code === 530 ? 'TWIN_ERR_TRANSFER_AUTH' : 'TWIN_ERR_TRANSFER_UNREACHABLE', `${url.host}: ${(e as Error).message}`, { cause: e });
    }
    try {
      return await fn(c);
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (e instanceof TwinError) throw e;
      throw new TwinError(code === 550 ? 'TWIN_ERR_TRANSFER_NOT_FOUND' : code === 553 || code === 552 ? 'TWIN_ERR_TRANSFER_REFUSED' : 'TWIN_ERR_TRANSFER_INTERRUPTED', `${url.href}: ${(e as Error).message}`, { cause: e });
    }
  } finally {
    c.close();
  }
}

export function createFileTransfer(o: FileTransferOptions = {}): FileTransfer {
  return {
    async download(location) {
      const url = new URL(location);
      if (url.protocol === 'http:' || url.protocol === 'https:') return httpCall(url, 'GET', o);
      if (url.protocol === 'ftp:') {
        return withFtp(url, o, async (c) => {
          const sink = new PassThrough();
          const chunks: Buffer[] = [];
          sink.on('data', (d: Buffer) => chunks.push(d));
          await c.downloadTo(sink, decodeURIComponent(url.pathname));
          return new Uint8Array(Buffer.concat(chunks));
        });
      }
      throw new TwinError('TWIN_ERR_TRANSFER_UNSUPPORTED_SCHEME', `unsupported scheme ${url.protocol}`);
    },
    async upload(location, fileName, bytes) {
      const url = new URL(location.endsWith('/') ? location : `${location}/`);
      if (url.protocol === 'http:' || url.protocol === 'https:') { await httpCall(new URL(encodeURIComponent(fileName), url), 'PUT', o, bytes); return; }
      if (url.protocol === 'ftp:') {
        await withFtp(url, o, async (c) => { await c.uploadFrom(Readable.from(Buffer.from(bytes)), `${decodeURIComponent(url.pathname)}${fileName}`); });
        return;
      }
      throw new TwinError('TWIN_ERR_TRANSFER_UNSUPPORTED_SCHEME', `unsupported scheme ${url.protocol}`);
    },
  };
}
