import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlApiClient } from '../api-client/client.ts';
import { UsageError } from './args.ts';
import { faultCommand } from './ctl-fault.ts';

/** What `ctl fault <words>` asks the API client for. */
async function asked(...words: string[]): Promise<unknown[]> {
  const calls: unknown[] = [];
  const client = {
    faults: async (id: string) => { calls.push(['faults', id]); },
    injectFault: async (id: string, rule: object) => { calls.push(['inject', id, rule]); },
    clearFaults: async (id: string, faultId?: string) => { calls.push(['clear', id, faultId]); },
  } as unknown as ControlApiClient;
  await faultCommand(words)(client);
  return calls[0] as unknown[];
}

test('ctl fault: readable words become the API rule', async () => {
  assert.deepEqual(await asked('EVB-1'), ['faults', 'EVB-1']);
  assert.deepEqual(await asked('EVB-1', 'list'), ['faults', 'EVB-1']);
  assert.deepEqual(await asked('EVB-1', 'clear'), ['clear', 'EVB-1', undefined]);
  assert.deepEqual(await asked('EVB-1', 'clear', 'f3'), ['clear', 'EVB-1', 'f3']);
  assert.deepEqual(await asked('EVB-1', 'incoming', 'RemoteStartTransaction', 'status', 'Rejected'), ['inject', 'EVB-1', { direction: 'incoming', action: 'RemoteStartTransaction', mode: 'answer-status', payload: { status: 'Rejected' } }]);
  assert.deepEqual(await asked('EVB-1', 'incoming', 'GetConfiguration', 'answer', '{"configurationKey":[]}', 'times', '3'), ['inject', 'EVB-1', { direction: 'incoming', action: 'GetConfiguration', mode: 'answer-status', payload: { configurationKey: [] }, times: 3 }]);
  assert.deepEqual(await asked('EVB-1', 'incoming', 'callerror', 'GenericError', 'not', 'today'), ['inject', 'EVB-1', { direction: 'incoming', mode: 'callerror', code: 'GenericError', description: 'not today' }]);
  assert.deepEqual(await asked('EVB-1', 'outgoing', 'StatusNotification', 'delay', '500', 'always'), ['inject', 'EVB-1', { direction: 'outgoing', action: 'StatusNotification', mode: 'delay', ms: 500, times: 0 }]);
  assert.deepEqual(await asked('EVB-1', 'outgoing', 'drop'), ['inject', 'EVB-1', { direction: 'outgoing', mode: 'drop' }]);
  assert.deepEqual(await asked('EVB-1', 'incoming', 'Reset', 'duplicate', 'times', '2'), ['inject', 'EVB-1', { direction: 'incoming', action: 'Reset', mode: 'duplicate', times: 2 }]);
  assert.deepEqual(await asked('EVB-1', 'link', 'latency', '100', 'jitter', '20', 'loss', '0.1', 'seed', '7'), ['inject', 'EVB-1', { direction: 'link', latencyMs: 100, jitterMs: 20, lossRate: 0.1, seed: 7 }]);
  assert.deepEqual(await asked('EVB-1', 'link', 'loss', '1', 'times', '4'), ['inject', 'EVB-1', { direction: 'link', lossRate: 1, times: 4 }]);
});

test('ctl fault: bad words are a usage error naming the problem (before any request)', () => {
  const refused = (words: string[], pattern: RegExp): void => assert.throws(() => faultCommand(words), (e) => e instanceof UsageError && pattern.test(e.message), words.join(' '));
  refused([], /missing the station id/);
  refused(['EVB-1', 'sideways'], /expected list, clear, incoming, outgoing or link/);
  refused(['EVB-1', 'incoming', 'explode'], /expected status, answer, callerror, delay, drop or duplicate/);
  refused(['EVB-1', 'incoming', 'delay'], /delay takes the milliseconds/);
  refused(['EVB-1', 'incoming', 'delay', 'soon'], /delay must be a non-negative integer/);
  refused(['EVB-1', 'outgoing', 'drop', 'now'], /unexpected "now"/);
  refused(['EVB-1', 'incoming', 'Reset', 'answer', '{oops'], /must be JSON/);
  refused(['EVB-1', 'incoming', 'Reset', 'drop', 'times', 'x'], /times must be/);
  refused(['EVB-1', 'link', 'loss', '2'], /loss must be a rate between 0 and 1/);
  refused(['EVB-1', 'link', 'speed', '3'], /expected latency, jitter, loss or seed/);
  refused(['EVB-1', 'clear', 'f1', 'f2'], /unexpected argument "f2"/);
});
