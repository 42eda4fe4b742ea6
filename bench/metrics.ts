/** What /metrics costs per frame: the fleet counters' work on a typical mix of frames, against doing nothing. */
import { FleetMetrics } from '../src/fleet/fleet-metrics.ts';
import type { Figure } from './report.ts';

const FRAMES: Array<['in' | 'out', string]> = [
  ['out', '[2,"k1-1","MeterValues",{"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2026-03-02T21:00:00.000Z","sampledValue":[{"value":"12345","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}]'],
  ['in', '[3,"k1-1",{}]'],
  ['out', '[2,"k1-2","Heartbeat",{}]'],
  ['in', '[3,"k1-2",{"currentTime":"2026-03-02T21:00:01.000Z"}]'],
  ['in', '[2,"c-9","GetConfiguration",{"key":["HeartbeatInterval"]}]'],
  ['out', '[3,"c-9",{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"60"}]}]'],
];

export async function run(o: { quick: boolean }): Promise<Figure[]> {
  const metrics = new FleetMetrics();
  const meters = Array.from({ length: 1000 }, () => metrics.meter());
  const budget = o.quick ? 300 : 1500;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budget) {
    const meter = meters[n % meters.length]!;
    for (const [d, text] of FRAMES) meter.frame(d, text);
    n += FRAMES.length;
  }
  const perSecond = n / ((performance.now() - t0) / 1000);
  return [{ name: 'metrics: frames counted (1,000 twins, typical mix)', value: perSecond, unit: 'frames/s', note: `${(1e6 / perSecond).toFixed(2)} µs per frame (decision D16)` }];
}
