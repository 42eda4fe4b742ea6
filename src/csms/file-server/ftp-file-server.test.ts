import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import { passivePortRange, startFtpFileServer, type FtpFileServer } from './ftp-file-server.ts';
import { sha256 } from './http-file-server.ts';
import { readReceived } from './upload-folder.ts';
import { waitFor } from '../../../test/support/wait-for.ts';

async function login(server: FtpFileServer): Promise<Client> {
  const u = new URL(server.url);
  const client = new Client(5000);
  await client.access({ host: '127.0.0.1', port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
  return client;
}

test('embedded FTP file server: STOR streams to disk (the record holds path and size, not bytes), over the size limit is refused and leaves nothing, the count limit evicts the oldest, close deletes the folder', async () => {
  const server = await startFtpFileServer({ now: () => 0, limits: { maxBytes: 64 * 1024, maxFiles: 2 } });
  const refused = await login(server);
  // ftp-srv answers 550 and drops the data connection: the client may see either first.
  await assert.rejects(refused.uploadFrom(Readable.from([Buffer.alloc(200 * 1024, 1)]), 'too-big.log'), /550 file larger than 65536 bytes|ECONNRESET|EPIPE/);
  refused.close();
  const client = await login(server);
  let folder: string | undefined;
  try {
    const bytes = (n: number): Buffer => Buffer.from(`ftp file ${n}\n`.repeat(500));
    for (const n of [1, 2, 3]) await client.uploadFrom(Readable.from([bytes(n)]), `f${n}.log`);
    await waitFor(() => server.received.some((f) => f.name === 'f3.log'), 5000, 'third upload recorded');
    assert.deepEqual(server.received.map((f) => f.name), ['f2.log', 'f3.log'], 'the oldest evicted beyond two');
    for (const f of server.received) assert.ok(!Object.values(f).some((v) => v instanceof Uint8Array), 'no bytes in memory');
    const f3 = server.received[1]!;
    assert.deepEqual([f3.size, f3.sha256, readReceived(f3)], [bytes(3).length, sha256(bytes(3)), bytes(3)]);
    folder = dirname(f3.path);
    assert.deepEqual(readdirSync(folder).sort(), ['f2.log', 'f3.log'], 'no partial upload, no evicted file');
  } finally { client.close(); await server.close(); }
  assert.equal(existsSync(folder!), false, 'close removes the folder');
});

test('embedded FTP file server: PORT/EPRT to another address is refused (no FTP bounce), SITE CHMOD is refused, error replies show no path of the server disk', async () => {
  const server = await startFtpFileServer({ now: () => 0 });
  const client = await login(server);
  try {
    const root = dirname((await (async () => { await client.uploadFrom(Readable.from([Buffer.from('x')]), 'probe.log'); await waitFor(() => server.received.length === 1, 5000, 'probe'); return server.received[0]!.path; })()));
    for (const cmd of ['PORT 10,1,2,3,0,80', 'PORT 127,0,0,2,0,80', 'EPRT |1|10.1.2.3|80|', 'EPRT |2|::2|80|']) {
      const r = await client.send(cmd, true);
      assert.ok(r.code >= 500, `${cmd}: ${r.code} ${r.message}`);
    }
    const chmod = await client.send('SITE CHMOD 777 probe.log', true);
    assert.ok(chmod.code >= 500, `SITE CHMOD: ${chmod.code} ${chmod.message}`);
    const replies: string[] = [];
    for (const cmd of ['CWD /nope', 'SIZE nope.bin', 'MDTM nope.bin', 'DELE nope.bin', 'RNFR nope.bin', 'MKD sub', 'CWD probe.log', 'RMD nope']) {
      const r = await client.send(cmd, true);
      replies.push(`${cmd} → ${r.code} ${r.message}`);
    }
    for (const line of replies) {
      assert.ok(!line.includes(root) && !/\/tmp\b/.test(line), `a server path in the reply: ${line}`);
    }
    assert.match(replies[0]!, /550 No such file or directory/);
    assert.match(replies[5]!, /257 "\/sub"/, 'MKD answers the client path');
  } finally { client.close(); await server.close(); }
});

test('embedded FTP file server: credentials not given are random per server (not a fixed default) and are what it accepts', async () => {
  const [a, b] = await Promise.all([startFtpFileServer({}), startFtpFileServer({})]);
  try {
    assert.notEqual(a.user, 'twin');
    assert.notEqual(a.password, 'twin-password');
    assert.notEqual(a.password, b.password);
    assert.ok(a.password.length >= 16);
    assert.ok(a.url.includes(`${encodeURIComponent(a.user)}:${encodeURIComponent(a.password)}@`));
    const client = await login(a);
    client.close();
  } finally { await a.close(); await b.close(); }
});

test('embedded FTP file server: passive transfers do not depend on a few fixed ports being free (ports 40000-40019 held, an upload still works); the range lies above the ephemeral ports, from a random start', async () => {
  const { createServer } = await import('node:net');
  // ftp-srv tries 5 ports per data connection and the client asks again (EPSV, then PASV): 20 held ports outlast both.
  const held = await Promise.all(Array.from({ length: 20 }, (_, i) => 40_000 + i).map((port) => new Promise<import('node:net').Server | undefined>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined)); // already busy: held by someone else, as good for this test
    s.listen(port, '127.0.0.1', () => resolve(s));
  })));
  const server = await startFtpFileServer({ now: () => 0 });
  const client = await login(server);
  try {
    await client.uploadFrom(Readable.from([Buffer.from('passive data\n')]), 'p.log');
    await waitFor(() => server.received.some((f) => f.name === 'p.log'), 5000, 'upload recorded');
  } finally {
    client.close();
    await server.close();
    await Promise.all(held.map((s) => s && new Promise((r) => s.close(r))));
  }
  const low = passivePortRange(() => 0), high = passivePortRange(() => 0.9999);
  assert.deepEqual([low.min, low.max], [61_000, 65_535]);
  assert.ok(high.min > low.min && high.min + 4 <= high.max, 'a random start, with room for the 5 tries above it');
});
