import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpFileServer, sha256 } from './http-file-server.ts';

test('embedded HTTP file server accepts diagnostics by PUT (raw body) and by POST (multipart/form-data or raw body); a broken form is answered 400', async () => {
  let now = 1000;
  const server = await startHttpFileServer({ now: () => now });
  try {
    const bytes = new TextEncoder().encode('diagnostics\n'.repeat(500));
    assert.equal((await fetch(`${server.url}/diagnostics/put.log`, { method: 'PUT', body: bytes })).status, 201);
    now = 2000;
    const form = new FormData();
    form.append('note', 'not the file');
    form.append('file', new Blob([bytes]), 'posted.log');
    assert.equal((await fetch(`${server.url}/diagnostics/upload`, { method: 'POST', body: form })).status, 201);
    assert.equal((await fetch(`${server.url}/diagnostics/raw.log`, { method: 'POST', body: bytes, headers: { 'content-type': 'text/plain' } })).status, 201);
    const broken = await fetch(`${server.url}/diagnostics/upload`, { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } });
    assert.equal(broken.status, 400);
    assert.deepEqual(server.received.map((f) => [f.name, f.method, f.size, f.sha256]), [
      ['put.log', 'PUT', bytes.length, sha256(bytes)], ['posted.log', 'POST', bytes.length, sha256(bytes)], ['raw.log', 'POST', bytes.length, sha256(bytes)],
    ]);
    assert.deepEqual(server.requests.map((q) => [q.method, q.path, q.at, q.outcome]), [
      ['PUT', '/diagnostics/put.log', 1000, 201], ['POST', '/diagnostics/upload', 2000, 201], ['POST', '/diagnostics/raw.log', 2000, 201], ['POST', '/diagnostics/upload', 2000, 400],
    ]);
  } finally { await server.close(); }
});

test('embedded HTTP file server answers a malformed %-escape with 400 and goes on serving', async () => {
  const server = await startHttpFileServer({ now: () => 0 });
  try {
    assert.equal((await fetch(`${server.url}/firmware/bad%E0%A4%A.bin`)).status, 400);
    assert.equal((await fetch(`${server.url}/diagnostics/after.log`, { method: 'PUT', body: 'ok' })).status, 201);
    assert.deepEqual(server.requests.map((q) => [q.method, q.path, q.outcome]), [['GET', '/firmware/bad%E0%A4%A.bin', 400], ['PUT', '/diagnostics/after.log', 201]]);
  } finally { await server.close(); }
});
