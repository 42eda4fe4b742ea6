/**
 * HTTP and HTTPS for firmware and diagnostics: GET to download (the whole declared length must arrive),
 * and uploads by PUT (raw body at `<directory>/<fileName>`) or POST (multipart/form-data, one part `file`
 * carrying the file name, at the endpoint itself). Failures are TwinErrors with stable codes.
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TwinError } from '../../shared/errors.ts';

export interface HttpTransferOptions { timeoutMs?: number; ca?: string | Buffer; signal?: AbortSignal; onProgress?: (received: number, total: number | undefined) => void }

export type HttpUploadMethod = 'PUT' | 'POST';

/** Socket errors after the connection was made: the transfer was cut, not refused. */
const CUT = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function httpCall(url: URL, method: 'GET' | HttpUploadMethod, o: HttpTransferOptions, body?: { bytes: Uint8Array; type: string }): Promise<Uint8Array> {
  const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = o.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) { reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `${url.href}: aborted by the station`)); return; }
    const headers: OutgoingHttpHeaders = body ? { 'content-length': body.bytes.length, 'content-type': body.type } : {};
    const r = req(url, { method, timeout: timeoutMs, headers, ...(o.ca ? { ca: o.ca } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      const total = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
      let received = 0;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        received += c.length;
        if (method === 'GET' && status < 300) o.onProgress?.(received, total);
      });
      res.on('error', (e) => reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `transfer cut: ${e.message}`, { cause: e })));
      res.on('aborted', () => reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', 'transfer cut in the middle')));
      res.on('end', () => {
        if (status === 404) return reject(new TwinError('TWIN_ERR_TRANSFER_NOT_FOUND', `${url.href}: 404`));
        if (status === 401 || status === 403) return reject(new TwinError(method === 'GET' ? 'TWIN_ERR_TRANSFER_AUTH' : 'TWIN_ERR_TRANSFER_REFUSED', `${url.href}: HTTP ${status}`));
        if (status >= 300) return reject(new TwinError('TWIN_ERR_TRANSFER_REFUSED', `${url.href}: HTTP ${status}`));
        const data = Buffer.concat(chunks);
        const declared = Number(res.headers['content-length'] ?? data.length);
        if (method === 'GET' && data.length !== declared) return reject(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `got ${data.length} of ${declared} bytes`));
        resolve(new Uint8Array(data));
      });
    });
    const onAbort = (): void => { r.destroy(new TwinError('TWIN_ERR_TRANSFER_INTERRUPTED', `${url.href}: aborted by the station`)); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('close', () => o.signal?.removeEventListener('abort', onAbort));
    r.on('timeout', () => r.destroy(new TwinError('TWIN_ERR_TRANSFER_TIMEOUT', `${url.href}: no answer within ${timeoutMs} ms`)));
    r.on('error', (e) => {
      if (e instanceof TwinError) return reject(e);
      const code = (e as { code?: string }).code ?? '';
      reject(new TwinError(CUT.has(code) ? 'TWIN_ERR_TRANSFER_INTERRUPTED' : 'TWIN_ERR_TRANSFER_UNREACHABLE', `${url.href}: ${e.message}`, { cause: e }));
    });
    r.end(body ? Buffer.from(body.bytes) : undefined);
  });
}

/**
 * Which method uploads to an HTTP(S) location. A location ending in `/` names a directory (what OCPP 1.6
 * §6.25 calls it): PUT the raw file at `<location><fileName>`. Any other location names an upload
 * endpoint (a web form handler): POST the file to it as multipart/form-data.
 */
export function httpUploadMethodFor(location: string): HttpUploadMethod {
  return new URL(location).pathname.endsWith('/') ? 'PUT' : 'POST';
}

export async function httpUpload(location: string, fileName: string, bytes: Uint8Array, method: HttpUploadMethod, o: HttpTransferOptions): Promise<void> {
  const base = new URL(location);
  const type = /\.gz$/.test(fileName) ? 'application/gzip' : 'text/plain';
  if (method === 'PUT') {
    const dir = base.pathname.endsWith('/') ? base : new URL(`${base.pathname}/${base.search}`, base);
    await httpCall(new URL(encodeURIComponent(fileName), dir), 'PUT', o, { bytes, type });
    return;
  }
  // The web platform's own multipart encoder (undici's FormData), so the body is what browsers send.
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const encoded = new Request('http://encoder.invalid/', { method: 'POST', body: form });
  const body = new Uint8Array(await encoded.arrayBuffer());
  await httpCall(base, 'POST', o, { bytes: body, type: encoded.headers.get('content-type') ?? 'multipart/form-data' });
}
