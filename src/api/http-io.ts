/** Reading JSON bodies (bounded) and writing JSON answers and errors for the control API. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwinError } from '../shared/errors.ts';
import { statusFor } from './error-status.ts';

const MAX_BODY = 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new TwinError('TWIN_ERR_API_TOO_LARGE', 'request body larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw new TwinError('TWIN_ERR_API_BAD_JSON', 'request body is not valid JSON'); }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TwinError('TWIN_ERR_API_BAD_REQUEST', 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (e instanceof TwinError) {
    sendJson(res, statusFor(e.code), { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
    return;
  }
  sendJson(res, 500, { error: { code: 'TWIN_ERR_API_INTERNAL', message: e instanceof Error ? e.message : String(e) } });
}
