import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptFor, checkUpgrade, parseResponseHead, upgradeRequestText } from './ws-opening-handshake.ts';

test('RFC 6455 §4.1: the upgrade request carries Host, Upgrade, Connection, the key, version 13, the subprotocol and, when given, Authorization', () => {
  const text = upgradeRequestText({ host: '127.0.0.1:9000', path: '/ocpp/CP%201', key: 'dGhlIHNhbXBsZSBub25jZQ==', subprotocol: 'ocpp1.6', authorization: 'Basic Q1A6aw==' });
  assert.equal(text, 'GET /ocpp/CP%201 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n'
    + 'Authorization: Basic Q1A6aw==\r\n\r\n');
  assert.ok(!upgradeRequestText({ host: 'h', path: '/', key: 'k', subprotocol: 'ocpp1.6' }).includes('Authorization'));
});

test('RFC 6455 §1.3: Sec-WebSocket-Accept is the base64 SHA-1 of the key and the GUID (the RFC\'s own example)', () => {
  assert.equal(acceptFor('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

const key = 'dGhlIHNhbXBsZSBub25jZQ==';
const good = ['HTTP/1.1 101 Switching Protocols', 'UPGRADE: WebSocket', 'connection: keep-alive, Upgrade', 'sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', 'Sec-WebSocket-Protocol: ocpp1.6'];
const check = (lines: string[]) => checkUpgrade(parseResponseHead(lines.join('\r\n'))!, key, 'ocpp1.6');

test('RFC 6455 §4.1 (the client\'s checks of the answer): header names and the Upgrade/Connection values are case-insensitive', () => {
  assert.equal(check(good), undefined);
  assert.equal(parseResponseHead(good.join('\r\n'))!.status, 101);
});

test('RFC 6455 §4.1: a wrong accept, a missing Upgrade or Connection, or an extension not asked for fails the handshake; another subprotocol or none is a subprotocol failure', () => {
  assert.equal(check(good.map((l) => l.replace('xOo=', 'xOp=')))?.kind, 'handshake');
  assert.equal(check(good.filter((l) => !l.startsWith('UPGRADE')))?.kind, 'handshake');
  assert.equal(check(good.filter((l) => !l.startsWith('connection')))?.kind, 'handshake');
  assert.equal(check([...good, 'Sec-WebSocket-Extensions: permessage-deflate'])?.kind, 'handshake');
  assert.equal(check(good.filter((l) => !l.startsWith('Sec-WebSocket-Protocol')))?.kind, 'subprotocol');
  assert.equal(check(good.map((l) => l.replace('ocpp1.6', 'ocpp2.0.1')))?.kind, 'subprotocol');
  assert.equal(check([...good, 'Sec-WebSocket-Protocol: ocpp1.6'])?.kind, 'subprotocol', 'two agreed subprotocols are not one');
});

test('HTTP/1.1: a head that is not an HTTP/1.x status line and headers is not a response', () => {
  assert.equal(parseResponseHead('SSH-2.0-OpenSSH'), undefined);
  assert.equal(parseResponseHead('HTTP/1.1 101 OK\r\nno colon here'), undefined);
  assert.equal(parseResponseHead('HTTP/1.0 403 Forbidden')!.status, 403);
});
