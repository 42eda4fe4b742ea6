/**
 * `--history all|viewed|off` (station and demo): which twins keep their connectors' recent electrics for
 * the dashboard's charts (src/fleet/history-mode.ts, decision D29). Without it, the fleet's size decides:
 * `all` up to HISTORY_ALL_UP_TO twins in the whole fleet (however it is sharded, so every shard agrees),
 * `viewed` above.
 */
import { checkHistoryMode, defaultHistoryMode, type HistoryMode } from '../fleet/history-mode.ts';
import { stringOption, type Options } from './args.ts';
import { asUsage } from './station-plan.ts';

export const HISTORY_OPTIONS: Options = { history: { type: 'string' } };

export function historyOption(values: Record<string, unknown>, fleetSize: number): HistoryMode {
  const given = stringOption(values, 'history');
  if (given === undefined) return defaultHistoryMode(fleetSize);
  return asUsage('', () => checkHistoryMode(given, '--history'));
}
