/**
 * Real file transfer for firmware and diagnostics: HTTP and HTTPS (http-transfer.ts: GET to download;
 * PUT into a directory or POST multipart to an endpoint to upload) and FTP (credentials in the URL;
 * RETR / STOR) with the maintained basic-ftp client. Failures are TwinErrors with stable codes; an
 * aborted transfer closes its connection.
 */
import { PassThrough, Readable } from 'node:stream';
import { Client as FtpClient } from 'basic-ftp';
import { TwinError } from '../../shared/errors.ts';
import type { FileTransfer } from '../../station/firmware/transfer-port.ts';
import { httpCall, httpUpload, httpUploadMethodFor, type HttpUploadMethod } from './http-transfer.ts';

export interface FileTransferOptions {
  timeoutMs?: number;
  ca?: string | Buffer;
  /** HTTP(S) upload method: 'auto' (default) = PUT into a location ending in `/`, else POST multipart. */
  httpUpload?: 'auto' | HttpUploadMethod;
}

async function withFtp<T>(url: URL, o: FileTransferOptions, signal: AbortSignal | undefined, fn: (c: FtpClient) => Promise<T>): Promise<T> {
  const c = new FtpClient(o.timeoutMs ?? 30_000);
  if (signal?.aborted) throw new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `${url.host}: aborted by the station`);
  const onAbort = (): void => c.close();
  signal?.addEventListener('abort', onAbort, { once: true });
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
      if (signal?.aborted) throw new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `${url.host}: aborted by the station`, { cause: e });
      throw new TwinError(code === 550 ? 'TWIN_ERR_TRANSFER_NOT_FOUND' : code === 553 || code === 552 ? 'TWIN_ERR_TRANSFER_REFUSED' : 'TWIN_ERR_TRANSFER_INTERRUPTED', `${url.href}: ${(e as Error).message}`, { cause: e });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    c.close();
  }
}

export function createFileTransfer(o: FileTransferOptions = {}): FileTransfer {
  return {
    async download(location, t) {
      const url = new URL(location);
      if (url.protocol === 'http:' || url.protocol === 'https:') return httpCall(url, 'GET', { ...o, ...(t?.signal ? { signal: t.signal } : {}), ...(t?.onProgress ? { onProgress: t.onProgress } : {}) });
      if (url.protocol === 'ftp:') {
        return withFtp(url, o, t?.signal, async (c) => {
          const sink = new PassThrough();
          const chunks: Buffer[] = [];
          let received = 0;
          sink.on('data', (d: Buffer) => { chunks.push(d); received += d.length; t?.onProgress?.(received, undefined); });
          await c.downloadTo(sink, decodeURIComponent(url.pathname));
          return new Uint8Array(Buffer.concat(chunks));
        });
      }
      throw new TwinError('TWIN_ERR_TRANSFER_UNSUPPORTED_SCHEME', `unsupported scheme ${url.protocol}`);
    },
    async upload(location, fileName, bytes, t) {
      const url = new URL(location.endsWith('/') ? location : `${location}/`);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        const method = !o.httpUpload || o.httpUpload === 'auto' ? httpUploadMethodFor(location) : o.httpUpload;
        await httpUpload(location, fileName, bytes, method, { ...o, ...(t?.signal ? { signal: t.signal } : {}) });
        return;
      }
      if (url.protocol === 'ftp:') {
        await withFtp(url, o, t?.signal, async (c) => { await c.uploadFrom(Readable.from(Buffer.from(bytes)), `${decodeURIComponent(url.pathname)}${fileName}`); });
        return;
      }
      throw new TwinError('TWIN_ERR_TRANSFER_UNSUPPORTED_SCHEME', `unsupported scheme ${url.protocol}`);
    },
  };
}
