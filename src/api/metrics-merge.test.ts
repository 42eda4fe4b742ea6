/** GET /metrics of `station --processes` (docs/sharding.md, "Many processes on one host"): the shards' expositions summed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulativePart, mergeExpositions } from './metrics-merge.ts';
import { parseExposition, sampleValue } from '../../test/support/prom-text.ts';

const shard0 = `# HELP t_frames_total Frames.
# TYPE t_frames_total counter
t_frames_total{direction="sent",action="BootNotification"} 5
t_frames_total{direction="sent",action="Heartbeat"} 2
# HELP t_up Up.
# TYPE t_up gauge
t_up 1
# HELP t_seconds Latency.
# TYPE t_seconds histogram
t_seconds_bucket{action="Boot",le="0.1"} 1
t_seconds_bucket{action="Boot",le="+Inf"} 3
t_seconds_sum{action="Boot"} 0.7
t_seconds_count{action="Boot"} 3
`;
const shard1 = `# HELP t_frames_total Frames.
# TYPE t_frames_total counter
t_frames_total{direction="sent",action="BootNotification"} 5
t_frames_total{direction="sent",action="Authorize"} 1
# HELP t_up Up.
# TYPE t_up gauge
t_up 1
# HELP t_seconds Latency.
# TYPE t_seconds histogram
t_seconds_bucket{action="Boot",le="0.1"} 2
t_seconds_bucket{action="Boot",le="+Inf"} 2
t_seconds_sum{action="Boot"} 0.1
t_seconds_count{action="Boot"} 2
t_seconds_bucket{action="Auth",le="0.1"} 0
t_seconds_bucket{action="Auth",le="+Inf"} 1
t_seconds_sum{action="Auth"} 0.2
t_seconds_count{action="Auth"} 1
`;

test('counters and gauges with the same labels are summed; a series one shard lacks is kept as the other has it', () => {
  const merged = parseExposition(mergeExpositions([shard0, shard1]));
  assert.equal(sampleValue(merged, 't_frames_total', { action: 'BootNotification' }), 10);
  assert.equal(sampleValue(merged, 't_frames_total', { action: 'Heartbeat' }), 2);
  assert.equal(sampleValue(merged, 't_frames_total', { action: 'Authorize' }), 1);
  assert.equal(sampleValue(merged, 't_up'), 2);
  assert.equal(merged.get('t_frames_total')!.type, 'counter');
  assert.equal(merged.get('t_frames_total')!.help, 'Frames.');
});

test('histograms are summed bucket by bucket, with _sum and _count, and stay valid (cumulative, +Inf = _count)', () => {
  const merged = parseExposition(mergeExpositions([shard0, shard1])); // the strict reader checks the histogram
  assert.equal(sampleValue(merged, 't_seconds_bucket', { action: 'Boot', le: '0.1' }), 3);
  assert.equal(sampleValue(merged, 't_seconds_bucket', { action: 'Boot', le: '+Inf' }), 5);
  assert.equal(sampleValue(merged, 't_seconds_count', { action: 'Boot' }), 5);
  assert.equal(sampleValue(merged, 't_seconds_sum', { action: 'Boot' }), 0.8, 'no 0.7999999999999999');
  assert.equal(sampleValue(merged, 't_seconds_count', { action: 'Auth' }), 1);
});

test('HELP and TYPE appear once per family; a shard that answered nothing adds nothing', () => {
  const text = mergeExpositions([shard0, '', shard1]);
  assert.equal(text.match(/^# TYPE t_frames_total /gm)?.length, 1);
  assert.equal(text.match(/^# HELP t_seconds /gm)?.length, 1);
  assert.equal(mergeExpositions(['', '']), '');
});

test('cumulativePart keeps counter and histogram families whole (HELP, TYPE, every sample) and leaves gauges out', () => {
  const part = cumulativePart(shard0);
  assert.equal(part, `# HELP t_frames_total Frames.
# TYPE t_frames_total counter
t_frames_total{direction="sent",action="BootNotification"} 5
t_frames_total{direction="sent",action="Heartbeat"} 2
# HELP t_seconds Latency.
# TYPE t_seconds histogram
t_seconds_bucket{action="Boot",le="0.1"} 1
t_seconds_bucket{action="Boot",le="+Inf"} 3
t_seconds_sum{action="Boot"} 0.7
t_seconds_count{action="Boot"} 3
`);
  const merged = parseExposition(mergeExpositions([part, shard1]));
  assert.equal(sampleValue(merged, 't_frames_total', { direction: 'sent', action: 'BootNotification' }), 10, 'a down shard\'s counters still add up');
  assert.equal(sampleValue(merged, 't_up'), 1, 'its gauges do not');
  assert.equal(cumulativePart('# TYPE g gauge\ng 3\nuntyped 1\n'), '', 'nothing cumulative, nothing kept');
});
