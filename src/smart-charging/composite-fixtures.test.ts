import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ChargingProfileStore, compositeSchedule, limitWithNextChange, type ChargingProfile, type TxContext } from './index.ts';

interface Fixture {
  name: string; source: string; now: string; connectorCount: number; defaultLimitA: number;
  profiles: Array<{ connectorId: number; profile: ChargingProfile }>;
  transactions: Record<string, { transactionId: number; startedAt: string }>;
  request: { connectorId: number; duration: number; unit?: 'A' | 'W' };
  expected: Array<{ startPeriod: number; limit: number }>;
  expectInstall?: Array<'Accepted' | 'Rejected'>;
}

const dir = new URL('../../test/fixtures/smart-charging/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Fixture);

test('at least 15 smart-charging fixtures are present', () => assert.ok(fixtures.length >= 15));

for (const fx of fixtures) {
  test(`OCPP 1.6 §3.13/§5.7 composite schedule fixture "${fx.name}" (${fx.source})`, () => {
    const now = Date.parse(fx.now);
    const txs = new Map<number, TxContext>(Object.entries(fx.transactions).map(([c, t]) => [Number(c), { transactionId: t.transactionId, startedAt: Date.parse(t.startedAt) }]));
    const active = new Map([...txs].map(([c, t]) => [c, t.transactionId]));
    const store = new ChargingProfileStore();
    const rules = { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'] as const, connectorCount: fx.connectorCount };
    const outcomes = fx.profiles.map((p) => store.install(p.connectorId, p.profile, rules, active, now).status);
    if (fx.expectInstall) assert.deepEqual(outcomes, fx.expectInstall);
    else assert.ok(outcomes.every((o) => o === 'Accepted'), `install outcomes ${outcomes.join(',')}`);
    const limits = { defaultLimitA: fx.defaultLimitA, connectorCount: fx.connectorCount, voltageV: 230, phases: 3, maxPeriods: rules.maxPeriods };
    const schedule = compositeSchedule(store.list(), fx.request.connectorId, now, fx.request.duration, fx.request.unit ?? 'A', txs, limits);
    assert.deepEqual(schedule.chargingSchedulePeriod, fx.expected);
    assert.equal(schedule.duration, fx.request.duration);
    assert.equal(schedule.chargingRateUnit, 'A');
    assert.equal(schedule.startSchedule, new Date(now).toISOString());
    const first = limitWithNextChange(store.list(), fx.request.connectorId, now, txs, limits);
    assert.equal(first.limitA, fx.expected[0]!.limit, 'limitAt(now) is the first period');
    if (fx.expected.length > 1) assert.equal(first.nextChangeAt, now + fx.expected[1]!.startPeriod * 1000, 'nextChangeAt is the second period start');
  });
}
