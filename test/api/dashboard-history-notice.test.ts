/** The line above the dashboard's live charts (web/src/history-notice.ts, decision D29): a chart is never silently empty. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyNotice } from '../../web/src/history-notice.ts';

test('dashboard history notice: off says the station keeps none and how to change it; viewed says since when (station time, UTC); all says nothing once there are readings', () => {
  const off = historyNotice({ mode: 'off', recording: false, since: null }, false);
  assert.match(off, /keeps no chart history \(history mode "off"\)/);
  assert.match(off, /--history all/);
  const since = Date.UTC(2026, 11, 6, 9, 5, 7);
  const viewed = historyNotice({ mode: 'viewed', recording: true, since }, true);
  assert.match(viewed, /History recorded since 2026-12-06 09:05:07 UTC \(station time\)/);
  assert.match(viewed, /nothing before that was kept/);
  assert.equal(historyNotice({ mode: 'all', recording: true, since: null }, true), '');
  assert.match(historyNotice({ mode: 'all', recording: true, since: null }, false), /No readings yet: a connector's chart starts at its first transaction/);
});
