/** compositeSchedule calls per second for 1, 10 and the maximum (16) installed profiles. */
import { ChargingProfileStore, compositeSchedule, type ChargingProfile } from '../src/smart-charging/index.ts';
import type { Figure } from './report.ts';

export async function run(o: { quick: boolean }): Promise<Figure[]> {
  const now = Date.UTC(2026, 2, 2, 21);
  const out: Figure[] = [];
  for (const count of [1, 10, 16]) {
    const store = new ChargingProfileStore();
    for (let i = 0; i < count; i++) {
      const p: ChargingProfile = {
        chargingProfileId: i + 1, stackLevel: i % 8, chargingProfilePurpose: i % 3 === 0 ? 'ChargePointMaxProfile' : 'TxDefaultProfile',
        chargingProfileKind: i % 2 ? 'Recurring' : 'Absolute', ...(i % 2 ? { recurrencyKind: 'Daily' as const } : {}),
        chargingSchedule: { chargingRateUnit: 'A', startSchedule: new Date(now - i * 600_000).toISOString(), duration: 7200 + i * 60, chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 + i }, { startPeriod: 1800, limit: 20 }, { startPeriod: 3600, limit: 8 }] },
      };
      store.install(i % 3 === 0 ? 0 : 1, p, { maxStackLevel: 8, maxPeriods: 24, maxInstalled: 16, allowedUnits: ['A'], connectorCount: 1 }, new Map(), now);
    }
    const txs = new Map();
    const limits = { defaultLimitA: 32, connectorCount: 1, voltageV: 230, phases: 3 };
    const budgetMs = o.quick ? 300 : 1500;
    let calls = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < budgetMs) { compositeSchedule(store.list(), 1, now, 86_400, 'A', txs, limits); calls++; }
    out.push({ name: `compositeSchedule, ${store.list().length} profiles, 24 h window`, value: calls / ((performance.now() - t0) / 1000), unit: 'calls/s' });
  }
  return out;
}
