import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpFileServer, sha256 } from '../../csms/file-server/index.ts';
import { isTwinError } from '../../shared/errors.ts';
import { makeTestPki } from '../../../test/support/test-certificates.ts';
import { createFileTransfer } from './file-transfer.ts';

test('HTTPS download and upload with the server certificate verified against a CA bundle; an untrusted server is refused', async () => {
  const pki = makeTestPki();
  const server = await startHttpFileServer({ tls: { key: pki.serverKey, cert: pki.serverCert } });
  try {
    const bytes = new TextEncoder().encode('x'.repeat(100_000));
    const url = server.host('big.bin', bytes);
    assert.match(url, /^https:/);
    const got = await createFileTransfer({ ca: pki.caCert }).download(url);
    assert.equal(sha256(got), sha256(bytes));
    await createFileTransfer({ ca: pki.caCert }).upload(`${server.url}/diagnostics/`, 'd.log', bytes);
    assert.equal(server.received[0]?.sha256, sha256(bytes));
    const untrusted = await createFileTransfer({ ca: pki.otherCaCert }).download(url).catch((e: unknown) => e);
    assert.ok(isTwinError(untrusted, 'TWIN_ERR_TRANSFER_UNREACHABLE'), String(untrusted));
  } finally { await server.close(); }
});

test('file transfer errors carry stable codes: 404, unreachable, unsupported scheme, cut transfer', async () => {
  const server = await startHttpFileServer();
  try {
    const t = createFileTransfer({ timeoutMs: 3000 });
    server.host('f.bin', new Uint8Array(5000));
    assert.ok(isTwinError(await t.download(`${server.url}/missing/f.bin`).catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_NOT_FOUND'));
    assert.ok(isTwinError(await t.download('http://127.0.0.1:1/x').catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_UNREACHABLE'));
    assert.ok(isTwinError(await t.download('gopher://127.0.0.1/x').catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_UNSUPPORTED_SCHEME'));
    assert.ok(isTwinError(await t.download(`${server.url}/cut/f.bin`).catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_INTERRUPTED'));
    assert.ok(isTwinError(await t.upload(`${server.url}/refuse/`, 'x', new Uint8Array(3)).catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_REFUSED'));
  } finally { await server.close(); }
});

test('HTTP upload method: PUT of <location><fileName> for a directory location, multipart POST to an endpoint location, or as forced by the httpUpload option', async () => {
  const server = await startHttpFileServer();
  try {
    const bytes = new TextEncoder().encode('log line\n'.repeat(100));
    await createFileTransfer().upload(`${server.url}/diagnostics/`, 'a.log', bytes);
    await createFileTransfer().upload(`${server.url}/diagnostics/upload`, 'b.log.gz', bytes);
    await createFileTransfer({ httpUpload: 'POST' }).upload(`${server.url}/diagnostics/`, 'c.log', bytes);
    await createFileTransfer({ httpUpload: 'PUT' }).upload(`${server.url}/diagnostics`, 'd.log', bytes);
    assert.deepEqual(server.requests.map((q) => [q.method, q.path, q.outcome]), [
      ['PUT', '/diagnostics/a.log', 201], ['POST', '/diagnostics/upload', 201], ['POST', '/diagnostics/', 201], ['PUT', '/diagnostics/d.log', 201],
    ]);
    assert.deepEqual(server.received.map((f) => [f.name, f.method, f.sha256]), [
      ['a.log', 'PUT', sha256(bytes)], ['b.log.gz', 'POST', sha256(bytes)], ['c.log', 'POST', sha256(bytes)], ['d.log', 'PUT', sha256(bytes)],
    ]);
  } finally { await server.close(); }
});

test('an aborted transfer closes its connection and fails with TWIN_ERR_TRANSFER_INTERRUPTED', async () => {
  const server = await startHttpFileServer();
  try {
    server.host('big.bin', new Uint8Array(200_000));
    const abort = new AbortController();
    const pending = createFileTransfer().download(`${server.url}/slow/big.bin`, { signal: abort.signal }).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    assert.ok(isTwinError(await pending, 'TWIN_ERR_TRANSFER_INTERRUPTED'));
    while (server.requests[0]?.outcome === undefined) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.requests[0]?.outcome, 'closed by client');
    assert.ok(isTwinError(await createFileTransfer().download(`${server.url}/firmware/big.bin`, { signal: abort.signal }).catch((e: unknown) => e), 'TWIN_ERR_TRANSFER_INTERRUPTED'), 'an already-aborted signal');
  } finally { await server.close(); }
});

test('a download reports its progress: bytes received so far of the declared length, half while the server holds the rest, all at the end', async () => {
  const server = await startHttpFileServer();
  try {
    server.host('big.bin', new Uint8Array(200_000));
    const seen: Array<[number, number | undefined]> = [];
    const pending = createFileTransfer().download(`${server.url}/slow/big.bin`, { onProgress: (received, total) => seen.push([received, total]) });
    const start = Date.now();
    while (!seen.some(([r]) => r >= 100_000) && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 5));
    const held = seen.at(-1)!;
    assert.deepEqual(held, [100_000, 200_000], 'half, while the server holds the rest');
    server.release();
    assert.equal((await pending).length, 200_000);
    assert.deepEqual(seen.at(-1), [200_000, 200_000]);
    assert.ok(seen.every(([r], i) => i === 0 || r > seen[i - 1]![0]), 'rising');
  } finally { await server.close(); }
});
