import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FleetMetrics } from './fleet-metrics.ts';

const key = (...parts: string[]): string => parts.join('\u0000');

test('metrics: frames counted by direction, type and action; answers carry their call\'s action; one latency sample per station call', () => {
  const m = new FleetMetrics();
  const meter = m.meter();
  meter.frame('out', '[2,"a1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  meter.frame('in', '[3, "a1", {"status":"Accepted","currentTime":"2026-01-01T00:00:00Z","interval":60}]');
  meter.frame('in', '[2,"c1","GetConfiguration",{}]');
  meter.frame('out', '[3,"c1",{"configurationKey":[]}]');
  meter.frame('in', '[2,"c2","SendLocalList",{"listVersion":1,"updateType":"Full"}]');
  meter.frame('out', '[4,"c2","NotSupported","SendLocalList is not supported",{}]');
  assert.equal(m.frames.get(key('sent', 'CALL', 'BootNotification')), 1);
  assert.equal(m.frames.get(key('received', 'CALLRESULT', 'BootNotification')), 1);
  assert.equal(m.frames.get(key('received', 'CALL', 'GetConfiguration')), 1);
  assert.equal(m.frames.get(key('sent', 'CALLRESULT', 'GetConfiguration')), 1);
  assert.equal(m.frames.get(key('sent', 'CALLERROR', 'SendLocalList')), 1);
  assert.equal(m.callErrors.get(key('sent', 'SendLocalList', 'NotSupported')), 1);
  assert.deepEqual([...m.callLatency.keys()], ['BootNotification'], 'only the station\'s own calls are timed');
  const h = m.callLatency.get('BootNotification')!;
  assert.equal(h.count, 1);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 1);
});

test('metrics: label values stay bounded — unknown actions, error codes and garbage count as "other"/"invalid"; a late answer is "unknown"', () => {
  const m = new FleetMetrics();
  const meter = m.meter();
  for (let i = 0; i < 50; i++) meter.frame('in', `[2,"x${i}","Action${i}",{}]`);
  meter.frame('in', 'not json at all');
  meter.frame('in', '[3,"never-sent",{}]');
  meter.frame('out', '[2,"h1","Heartbeat",{}]');
  meter.frame('in', '[4,"h1","MadeUpCode","",{}]');
  assert.equal(m.frames.get(key('received', 'CALL', 'other')), 50);
  assert.equal(m.frames.get(key('received', 'invalid', 'other')), 1);
  assert.equal(m.frames.get(key('received', 'CALLRESULT', 'unknown')), 1);
  assert.equal(m.callErrors.get(key('received', 'Heartbeat', 'other')), 1);
  assert.equal(m.frames.size, 5, 'other, invalid, unknown, and the Heartbeat CALL and its CALLERROR');
});

test('metrics: sessions — a retransmitted StartTransaction counts once; a refused start counts as failed by status; stops by reason (none = Local)', () => {
  const m = new FleetMetrics();
  const meter = m.meter();
  const start = '[2,"t1","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"2026-01-01T00:00:00Z"}]';
  meter.frame('out', start);
  meter.frame('out', start); // the queue resends with the same message id after a lost answer
  meter.frame('in', '[3,"t1",{"transactionId":7,"idTagInfo":{"status":"Blocked"}}]');
  meter.frame('out', '[2,"t2","StopTransaction",{"transactionId":7,"meterStop":10,"timestamp":"2026-01-01T00:01:00Z","reason":"DeAuthorized"}]');
  meter.frame('out', '[2,"t3","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":10,"timestamp":"2026-01-01T00:02:00Z"}]');
  meter.frame('in', '[3,"t3",{"transactionId":8,"idTagInfo":{"status":"Accepted"}}]');
  meter.frame('out', '[2,"t4","StopTransaction",{"transactionId":8,"meterStop":20,"timestamp":"2026-01-01T00:03:00Z"}]');
  assert.equal(m.sessionsStarted, 2);
  assert.deepEqual([...m.sessionsFailed], [['Blocked', 1]]);
  assert.deepEqual(Object.fromEntries(m.sessionsStopped), { DeAuthorized: 1, Local: 1 });
});
