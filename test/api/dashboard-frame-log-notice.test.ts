/** The line above the dashboard's frame panel (web/src/frame-log-notice.ts, decision D31): a short frame log is never taken for a quiet station. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameLogNotice } from '../../web/src/frame-log-notice.ts';

test('dashboard frame-log notice: off says the station keeps none and how to change it; viewed says since when (station time, UTC) or that the full log starts now; all says nothing', () => {
  const off = frameLogNotice({ mode: 'off', recording: false, since: null });
  assert.match(off, /keeps no frame log \(frame-log mode "off"\)/);
  assert.match(off, /--frame-log all/);
  const since = Date.UTC(2026, 11, 6, 9, 5, 7);
  const viewed = frameLogNotice({ mode: 'viewed', recording: true, since });
  assert.match(viewed, /Full frame log since 2026-12-06 09:05:07 UTC \(station time\)/);
  assert.match(viewed, /before that it kept only its last few frames/);
  assert.match(frameLogNotice({ mode: 'viewed', recording: false, since: null }), /keeps only its last few frames until it is viewed; its full log starts now/);
  assert.equal(frameLogNotice({ mode: 'all', recording: true, since: null }), '');
  assert.equal(frameLogNotice(undefined), '', 'a control API without the field (an older shard) shows nothing');
});
