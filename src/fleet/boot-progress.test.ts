import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetStation } from './fleet.ts';
import { bootSettled, progressLine, summaryLine, tallyBoots } from './boot-progress.ts';

/** Just what the tally reads of a fleet member: its registration and its runtime's last connection error. */
const member = (registration: string, lastError?: string): FleetStation => ({ station: { registration }, runtime: { lastError } }) as unknown as FleetStation;

test('boot tally: answered (accepted, pending, rejected), failed to connect, still waiting; settled when none waits', () => {
  const t = tallyBoots([member('Accepted'), member('Accepted'), member('Pending'), member('Rejected'), member('Unregistered', 'connect ECONNREFUSED 127.0.0.1:1'), member('Unregistered')]);
  assert.deepEqual(t, { total: 6, accepted: 2, pending: 1, rejected: 1, failed: 1, waiting: 1, firstFailure: 'connect ECONNREFUSED 127.0.0.1:1' });
  assert.equal(bootSettled(t), false);
  assert.equal(progressLine(t), 'booting: 4/6 booted (2 accepted, 1 pending, 1 rejected), 1 failed, 1 waiting');
  assert.equal(summaryLine(t, 61_234), '4 of 6 stations booted in 61.2 s: 2 accepted, 1 pending, 1 rejected, 1 failed, 1 still waiting (e.g. connect ECONNREFUSED 127.0.0.1:1; they keep retrying)');
  const done = tallyBoots([member('Accepted'), member('Accepted')]);
  assert.equal(bootSettled(done), true);
  assert.equal(summaryLine(done, 1500), '2 of 2 stations booted in 1.5 s: 2 accepted, 0 pending, 0 rejected, 0 failed');
});
