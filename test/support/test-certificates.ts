/**
 * Generates, at test time, a throw-away CA and a server certificate for 127.0.0.1/localhost with the
 * openssl command line, so TLS (security profile 2) is tested end to end without shipping keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki { caCert: string; serverKey: string; serverCert: string; otherCaCert: string }

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-pki-'));
  const run = (...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' }); };
  try {
    for (const ca of ['ca', 'other']) {
      run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=ChargeTwin test ${ca}`);
    }
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return { caCert: read('ca.crt'), serverKey: read('server.key'), serverCert: read('server.crt'), otherCaCert: read('other.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
