import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { startHttpFileServer, sha256 } from './http-file-server.ts';
import { readReceived } from './upload-folder.ts';

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

test('embedded HTTP file server keeps uploads on disk, bounded: over the size limit 413 (declared or streamed) and nothing kept; a record holds path and size, not bytes; the count limit evicts the oldest; close deletes them', async () => {
  const server = await startHttpFileServer({ now: () => 0, limits: { maxBytes: 64 * 1024, maxFiles: 2 } });
  const big = new Uint8Array(3 * 64 * 1024).fill(7);
  const streamed = (): ReadableStream<Uint8Array> => new ReadableStream({ start(c) { for (let i = 0; i < 3; i++) c.enqueue(new Uint8Array(64 * 1024)); c.close(); } });
  let folder: string | undefined;
  try {
    assert.equal((await fetch(`${server.url}/diagnostics/declared.log`, { method: 'PUT', body: big })).status, 413);
    assert.equal((await fetch(`${server.url}/diagnostics/streamed.log`, { method: 'PUT', body: streamed(), duplex: 'half' } as RequestInit)).status, 413);
    assert.equal(server.received.length, 0, 'nothing recorded');
    const bytes = (n: number) => new TextEncoder().encode(`file ${n}\n`.repeat(1000));
    for (const n of [1, 2, 3]) assert.equal((await fetch(`${server.url}/diagnostics/f${n}.log`, { method: 'PUT', body: bytes(n) })).status, 201);
    assert.deepEqual(server.received.map((f) => f.name), ['f2.log', 'f3.log'], 'the oldest evicted beyond two');
    for (const f of server.received) {
      assert.deepEqual(Object.keys(f).sort(), ['at', 'method', 'name', 'path', 'sha256', 'size', 'via']);
      assert.ok(!Object.values(f).some((v) => v instanceof Uint8Array), 'no bytes in memory');
    }
    const f3 = server.received[1]!;
    folder = dirname(f3.path);
    assert.deepEqual(readReceived(f3), Buffer.from(bytes(3)));
    assert.equal(f3.size, bytes(3).length);
    // A refused upload's partial file is deleted when its body ends, which may come after the 413 answer
    // (the server answers as soon as the limit is passed): wait for that, bounded, then compare.
    const kept = [basename(server.received[0]!.path), basename(f3.path)].sort();
    for (let i = 0; i < 100 && readdirSync(folder).length !== kept.length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(readdirSync(folder).sort(), kept, 'only the kept uploads are on disk (no partial, no evicted file)');
    assert.equal(statSync(folder).mode & 0o777, 0o700);
  } finally { await server.close(); }
  assert.equal(existsSync(folder!), false, 'close removes the folder');
});

test('embedded HTTP file server: uploads older than the age limit (server clock) are deleted when the next one arrives', async () => {
  let now = 0;
  const server = await startHttpFileServer({ now: () => now, limits: { maxAgeMs: 60_000 } });
  try {
    assert.equal((await fetch(`${server.url}/diagnostics/old.log`, { method: 'PUT', body: 'old' })).status, 201);
    const old = server.received[0]!.path;
    now = 61_000;
    assert.equal((await fetch(`${server.url}/diagnostics/new.log`, { method: 'PUT', body: 'new' })).status, 201);
    assert.deepEqual(server.received.map((f) => f.name), ['new.log']);
    assert.equal(existsSync(old), false);
  } finally { await server.close(); }
});
