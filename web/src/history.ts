/** What the live charts plot: per station and connector, a bounded history of meter readings. */
import type { Station } from './types.ts';

export interface Sample { at: number; currentA: number; powerW: number; energyWh: number; limitA: number | null }

export class History {
  readonly #byKey = new Map<string, Sample[]>();
  constructor(readonly keep = 600) {}

  record(s: Station): void {
    for (const c of s.connectors) {
      if (c.id === 0) continue;
      const key = `${s.id}#${c.id}`;
      const h = this.#byKey.get(key) ?? [];
      if (h[h.length - 1]?.at === s.at) continue;
      h.push({ at: s.at, currentA: c.currentA ?? 0, powerW: c.powerW ?? 0, energyWh: c.energyWh ?? 0, limitA: c.limitA ?? null });
      if (h.length > this.keep) h.shift();
      this.#byKey.set(key, h);
    }
  }

  of(stationId: string, connectorId: number): Sample[] { return this.#byKey.get(`${stationId}#${connectorId}`) ?? []; }

  forget(stationId: string): void {
    for (const k of [...this.#byKey.keys()]) if (k.startsWith(`${stationId}#`)) this.#byKey.delete(k);
  }
}
