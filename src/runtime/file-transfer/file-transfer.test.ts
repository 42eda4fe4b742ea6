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
