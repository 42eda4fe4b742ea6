/**
 * The dashboard's streaming SSE parser (web/src/sse-parser.ts) against the HTML standard's rules for
 * interpreting an event stream, fed in chunks cut anywhere, as a network delivers them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser, type SseEvent } from '../../web/src/sse-parser.ts';

function parse(chunks: string[], lastEventId = ''): { events: SseEvent[]; parser: SseParser } {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e), lastEventId);
  for (const c of chunks) parser.push(c);
  return { events, parser };
}

test('SSE parser: named events with ids and JSON data, comments ignored, the retry hint taken (the control API\'s own stream)', () => {
  const { events, parser } = parse([': connected\nretry: 3000\n\nevent: frame\nid: 41\ndata: {"type":"frame"}\n\n: keep-alive\n\nevent: changed\nid: 42\ndata: {"type":"changed"}\n\n']);
  assert.deepEqual(events, [
    { type: 'frame', data: '{"type":"frame"}', lastEventId: '41' },
    { type: 'changed', data: '{"type":"changed"}', lastEventId: '42' },
  ]);
  assert.equal(parser.retryMs, 3000);
  assert.equal(parser.lastEventId, '42');
});

test('SSE parser: field rules — one space dropped after the colon, no colon means an empty value, data lines joined with LF, unknown fields ignored, no name means "message"', () => {
  const { events } = parse(['data:  two spaces\ndata\ndata:x\nfoo: bar\n\n', 'event\ndata: unnamed\n\n']);
  assert.deepEqual(events, [
    { type: 'message', data: ' two spaces\n\nx', lastEventId: '' },
    { type: 'message', data: 'unnamed', lastEventId: '' },
  ]);
});

test('SSE parser: an event with no data is not dispatched, but its id is committed; an id with NUL is ignored; retry takes ASCII digits only', () => {
  const { events, parser } = parse(['event: frame\nid: 7\n\n', 'id: 8\u0000\ndata: a\n\n', 'retry: 12x\nretry: -5\nretry: 250\nretry: 1.5\n\n']);
  assert.deepEqual(events, [{ type: 'message', data: 'a', lastEventId: '7' }], 'the name of the data-less event does not leak into the next one');
  assert.equal(parser.lastEventId, '7');
  assert.equal(parser.retryMs, 250);
});

test('SSE parser: CRLF, CR and LF all end lines, also with the CR and LF in separate chunks; a leading BOM is dropped', () => {
  const { events } = parse(['\uFEFFevent: a\r\ndata: 1\r', '\n', '\r', 'event: b\rdata: 2\r\revent: c\ndata: 3\n\n']);
  assert.deepEqual(events.map((e) => [e.type, e.data]), [['a', '1'], ['b', '2'], ['c', '3']]);
  // A BOM later than the very start is part of the text (here: an unknown field name).
  assert.deepEqual(parse(['data: x\n\n', '\uFEFFdata: y\n\n']).events.map((e) => e.data), ['x']);
});

test('SSE parser: at the end of the stream an unfinished event is dropped; a reconnection keeps the previous id until the stream sends one', () => {
  const first = parse(['id: 5\nevent: frame\ndata: done\n\nid: 6\nevent: frame\ndata: cut off']);
  first.parser.end();
  assert.deepEqual(first.events.map((e) => e.data), ['done']);
  assert.equal(first.parser.lastEventId, '5', 'the id of an event never dispatched is not committed');
  const again = parse(['event: missed\ndata: {}\n\nevent: frame\nid: 9\ndata: next\n\n'], first.parser.lastEventId);
  assert.deepEqual(again.events.map((e) => [e.type, e.lastEventId]), [['missed', '5'], ['frame', '9']]);
  // `id:` with an empty value resets the id (the next reconnection sends none).
  assert.equal(parse(['id\n\n'], '9').parser.lastEventId, '');
});

test('SSE parser: any cutting of a stream into chunks gives the same events as the whole stream (bounded property)', () => {
  const stream = ': hi\r\nretry: 100\r\n\r\nevent: frame\r\nid: 1\r\ndata: {"a":1}\r\ndata: é€😀\r\n\r\n:c\revent: changed\rid: 2\rdata: x\r\rdata\n\nid: 3\ndata: last\n\n';
  const whole = parse([stream]).events;
  assert.equal(whole.length, 4);
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
    const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), stream.length];
    const chunks = at.slice(1).map((end, i) => stream.slice(at[i], end));
    const { events, parser } = parse(chunks);
    assert.deepEqual(events, whole);
    assert.equal(parser.retryMs, 100);
  }), { numRuns: 300 });
});
