import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeClientFrames } from '../../../test/support/raw-websocket-peer.ts';
import { RandomBytePool } from './random-byte-pool.ts';
import { closePayload, encodeFrame, encodeTextFrame, OPCODE_PING, OPCODE_TEXT } from './ws-frame-encoder.ts';

test('RFC 6455 §5.3: every client frame is masked with a fresh 4-byte key, and unmasks to its payload', () => {
  const pool = new RandomBytePool(64); // small: the pool is refilled many times over
  const keys = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const text = `[2,"${i}","Heartbeat",{}]`;
    const { frames, rest } = decodeClientFrames(encodeTextFrame(text, pool));
    assert.equal(rest.length, 0);
    const [f] = frames;
    assert.equal(f!.masked, true);
    assert.equal(f!.fin, true);
    assert.equal(f!.opcode, OPCODE_TEXT);
    assert.equal(f!.payload.toString(), text);
    keys.add(f!.key.toString('hex'));
  }
  assert.ok(keys.size >= 495, `keys repeat only by chance (${keys.size} distinct of 500)`);
});

test('RFC 6455 §5.2: client frames carry 7-, 16- and 64-bit lengths, each payload byte masked (lengths not a multiple of 4 included)', () => {
  const pool = new RandomBytePool();
  for (const n of [0, 1, 2, 3, 5, 125, 126, 65_535, 65_536, 100_003]) {
    const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
    const frame = encodeTextFrame(text, pool);
    assert.equal(frame[1]! & 0x7f, n < 126 ? n : n < 0x10000 ? 126 : 127, `length form for ${n}`);
    assert.equal(decodeClientFrames(frame).frames[0]!.payload.toString(), text);
  }
  const ping = decodeClientFrames(encodeFrame(OPCODE_PING, Buffer.from('abc'), pool)).frames[0]!;
  assert.deepEqual([ping.opcode, ping.payload.toString()], [OPCODE_PING, 'abc']);
});

test('RFC 6455 §5.5.1: a close payload is the code then the reason, cut to 125 bytes without splitting a character; no code, no payload', () => {
  assert.deepEqual(closePayload(1000, 'bye'), Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65]));
  assert.equal(closePayload(undefined, 'ignored').length, 0);
  const long = closePayload(4000, '€'.repeat(60)); // 180 bytes of reason
  assert.ok(long.length <= 125);
  assert.equal(long.subarray(2).toString(), '€'.repeat(41), 'whole characters only (123 bytes hold 41)');
});
