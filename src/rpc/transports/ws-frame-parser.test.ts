import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../runtime/reconnect-backoff.ts';
import { serverFrame } from '../../../test/support/raw-websocket-peer.ts';
import { FrameParser, type FrameSink } from './ws-frame-parser.ts';

/** Everything the parser reports, in order, as text. */
function recorder(maxPayload = 4 * 1024 * 1024) {
  const events: string[] = [];
  const sink: FrameSink = {
    text: (m) => events.push(`text:${m}`),
    ping: (p) => events.push(`ping:${p.toString()}`),
    pong: (p) => events.push(`pong:${p.toString()}`),
    closeFrame: (code, reason) => events.push(`close:${code}:${reason}`),
    fail: (code) => events.push(`fail:${code}`),
  };
  return { events, parser: new FrameParser(sink, maxPayload) };
}

const closeBody = (code: number, reason = ''): Buffer => Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);

test('RFC 6455 §5.2: payload lengths in 7, 16 and 64 bits, at each boundary', () => {
  const { events, parser } = recorder();
  const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
  for (const n of sizes) parser.push(serverFrame(1, 'a'.repeat(n)));
  assert.deepEqual(events.map((e) => e.length - 'text:'.length), sizes);
  assert.equal(serverFrame(1, 'a'.repeat(65_536))[1], 127, 'the 64-bit form was exercised');
});

test('RFC 6455 §5.2: a 64-bit length with its most significant bit set fails with 1002', () => {
  const { events, parser } = recorder();
  parser.push(Buffer.from([0x81, 127, 0x80, 0, 0, 0, 0, 0, 0, 1]));
  assert.deepEqual(events, ['fail:1002']);
});

test('RFC 6455 §5.4: a text message fragmented in continuation frames is reassembled, with control frames between the fragments', () => {
  const { events, parser } = recorder();
  parser.push(Buffer.concat([
    serverFrame(1, '[2,"a",', { fin: false }),
    serverFrame(9, 'p1'),
    serverFrame(0, '"Heart', { fin: false }),
    serverFrame(10, 'p2'),
    serverFrame(0, 'beat",{}]'),
    serverFrame(1, 'next'),
  ]));
  assert.deepEqual(events, ['ping:p1', 'pong:p2', 'text:[2,"a","Heartbeat",{}]', 'text:next']);
});

test('RFC 6455 §5.4: a continuation with no message begun, or a new message inside a fragmented one, fails with 1002', () => {
  const a = recorder();
  a.parser.push(serverFrame(0, 'x'));
  assert.deepEqual(a.events, ['fail:1002']);
  const b = recorder();
  b.parser.push(Buffer.concat([serverFrame(1, 'x', { fin: false }), serverFrame(1, 'y')]));
  assert.deepEqual(b.events, ['fail:1002']);
});

test('RFC 6455 §5.5: a control frame above 125 bytes, or fragmented, fails with 1002', () => {
  const big = recorder();
  big.parser.push(serverFrame(9, 'x'.repeat(126)));
  assert.deepEqual(big.events, ['fail:1002']);
  const fragmented = recorder();
  fragmented.parser.push(serverFrame(9, 'x', { fin: false }));
  assert.deepEqual(fragmented.events, ['fail:1002']);
  const ok = recorder();
  ok.parser.push(serverFrame(9, 'x'.repeat(125)));
  assert.deepEqual(ok.events, [`ping:${'x'.repeat(125)}`]);
});

test('RFC 6455 §5.2: RSV bits without an extension and unknown opcodes fail with 1002', () => {
  for (const first of [0x81 | 0x40, 0x81 | 0x20, 0x81 | 0x10, 0x83, 0x87, 0x8b, 0x8f]) {
    const { events, parser } = recorder();
    parser.push(serverFrame(1, 'x', { first }));
    assert.deepEqual(events, ['fail:1002'], `first byte ${first.toString(16)}`);
  }
});

test('RFC 6455 §5.1: a masked frame from the server fails with 1002', () => {
  const { events, parser } = recorder();
  parser.push(serverFrame(1, 'hello', { masked: true }));
  assert.deepEqual(events, ['fail:1002']);
});

test('RFC 6455 §10.4: a message above maxPayload, counting its fragments, fails with 1009 from the header, before its payload arrives', () => {
  const single = recorder(1000);
  // Only the header of a 5 MiB frame: the parser decides without the payload.
  single.parser.push(serverFrame(1, 'x'.repeat(5 * 1024 * 1024)).subarray(0, 10));
  assert.deepEqual(single.events, ['fail:1009']);
  const fragments = recorder(1000);
  fragments.parser.push(Buffer.concat([serverFrame(1, 'x'.repeat(600), { fin: false }), serverFrame(0, 'x'.repeat(400), { fin: false })]));
  assert.deepEqual(fragments.events, [], 'exactly maxPayload so far is accepted');
  fragments.parser.push(serverFrame(0, 'x').subarray(0, 2));
  assert.deepEqual(fragments.events, ['fail:1009']);
  const exact = recorder(1000);
  exact.parser.push(serverFrame(1, 'y'.repeat(1000)));
  assert.equal(exact.events.length, 1);
  assert.ok(exact.events[0]!.startsWith('text:y'));
});

test('RFC 6455 §8.1: a text message that is not UTF-8 fails with 1007, also when a character is split across fragments (which is fine)', () => {
  const bad = recorder();
  bad.parser.push(serverFrame(1, Buffer.from([0x7b, 0xc3, 0x28])));
  assert.deepEqual(bad.events, ['fail:1007']);
  const split = recorder();
  const euro = Buffer.from('€'); // 3 bytes
  split.parser.push(Buffer.concat([serverFrame(1, euro.subarray(0, 1), { fin: false }), serverFrame(0, euro.subarray(1))]));
  assert.deepEqual(split.events, ['text:€']);
});

test('OCPP-J: binary messages are read past and dropped, fragmented or not', () => {
  const { events, parser } = recorder();
  parser.push(Buffer.concat([serverFrame(2, Buffer.from([0, 1, 2])), serverFrame(2, Buffer.from([3]), { fin: false }), serverFrame(0, Buffer.from([4])), serverFrame(1, 'after')]));
  assert.deepEqual(events, ['text:after']);
});

test('RFC 6455 §5.5.1, §7.4: close frames: the code and reason, 1005 without a code, 1002 for a 1-byte body or a code a peer may not send, 1007 for a reason that is not UTF-8; nothing is read after', () => {
  const cases: Array<[Buffer, string]> = [
    [closeBody(1000, 'bye'), 'close:1000:bye'],
    [closeBody(4001), 'close:4001:'],
    [closeBody(1014), 'close:1014:'],
    [Buffer.alloc(0), 'close:1005:'],
    [Buffer.from([3]), 'fail:1002'],
    ...[999, 1004, 1005, 1006, 1015, 2000, 2999, 5000].map((c): [Buffer, string] => [closeBody(c), 'fail:1002']),
    [Buffer.concat([closeBody(1000), Buffer.from([0xff])]), 'fail:1007'],
  ];
  for (const [body, expected] of cases) {
    const { events, parser } = recorder();
    parser.push(Buffer.concat([serverFrame(8, body), serverFrame(1, 'after')]));
    parser.push(serverFrame(1, 'later'));
    assert.deepEqual(events, [expected], `close body ${body.toString('hex')}`);
  }
});

test('RFC 6455 §5: chunks cut anywhere give the same messages (a recorded stream cut at random points, 300 times)', () => {
  const stream = Buffer.concat([
    serverFrame(1, '[3,"1",{"status":"Accepted","currentTime":"2026-12-07T00:00:00.000Z","interval":600}]'),
    serverFrame(9, 'are you there'),
    serverFrame(1, '[2,"x",', { fin: false }),
    serverFrame(10, 'pong'),
    serverFrame(0, '"Data€Transfer",', { fin: false }),
    serverFrame(0, '{}]'),
    serverFrame(2, Buffer.alloc(300, 7)),
    serverFrame(1, 'é'.repeat(200)),
    serverFrame(1, 'z'.repeat(70_000)),
    serverFrame(1, ''),
    serverFrame(8, closeBody(1001, 'going away')),
  ]);
  const whole = recorder();
  whole.parser.push(stream);
  assert.equal(whole.events.length, 8);
  assert.equal(whole.events.at(-1), 'close:1001:going away');
  const random = seededRandom(6455);
  for (let run = 0; run < 300; run++) {
    const { events, parser } = recorder();
    const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * stream.length)).sort((a, b) => a - b);
    let from = 0;
    for (const cut of [...cuts, stream.length]) { parser.push(stream.subarray(from, cut)); from = cut; }
    assert.deepEqual(events, whole.events, `run ${run}, cuts ${cuts.join(',')}`);
  }
  const bytewise = recorder();
  for (let i = 0; i < stream.length && i < 2000; i++) bytewise.parser.push(stream.subarray(i, i + 1));
  bytewise.parser.push(stream.subarray(2000));
  assert.deepEqual(bytewise.events, whole.events, 'the first 2,000 bytes one at a time');
});
