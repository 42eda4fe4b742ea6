import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwinError } from '../../shared/errors.ts';
import { checkSettings, resolveSettings } from './settings.ts';

const problem = (input: unknown): string => {
  try { checkSettings(input); } catch (e) { assert.ok(e instanceof TwinError); assert.equal(e.code, 'TWIN_ERR_BAD_SESSION_SETTINGS'); return e.message; }
  assert.fail('settings accepted');
};

test('empty settings resolve to the defaults: one session per 8 h, badge starts, unplug endings', () => {
  const r = resolveSettings({});
  assert.deepEqual(r.interArrivalMin, { kind: 'exponential', mean: 480 });
  assert.deepEqual(r.starts, [['badge', 1], ['free', 0], ['remote', 0]]);
  assert.deepEqual(resolveSettings({ arrivalsPerHour: 2 }).interArrivalMin, { kind: 'exponential', mean: 30 });
  assert.equal(resolveSettings({ evMix: [{ socPercent: 20 }] }).evMix[0]!.socPercent.kind, 'fixed');
});

test('bad settings: one clear line per problem, naming the field', () => {
  assert.match(problem({ arrivalsPerHour: -1 }), /arrivalsPerHour must be > 0/);
  assert.match(problem({ bogus: 1 }), /unknown field "bogus"/);
  assert.match(problem({ plugDurationMin: { kind: 'gauss', mean: 1 } }), /plugDurationMin: must be a distribution/);
  assert.match(problem({ energyKWh: { kind: 'uniform', min: 10, max: 5 } }), /energyKWh: max must be ≥ min/);
  assert.match(problem({ tags: { invalidShare: 0.7, blockedShare: 0.5 } }), /invalidShare \+ blockedShare must be ≤ 1/);
  assert.match(problem({ starts: { badge: 0 } }), /starts: at least one weight/);
  assert.match(problem({ tags: { valid: ['x'.repeat(21)] } }), /tags.valid.0 must NOT have more than 20 characters/);
  assert.match(problem({ outages: { vendorFaultCodes: ['boom'] } }), /outages.vendorFaultCodes.0 must match/);
  assert.match(problem('nope'), /settings must be object/);
});
