/**
 * `--history all|viewed|off` (station and demo): which twins keep their connectors' recent electrics for
 * the dashboard's charts (src/fleet/history-mode.ts, decision D29). Without it, the fleet's size decides:
 * `all` up to HISTORY_ALL_UP_TO twins in the whole fleet (however it is sharded, so every shard agrees),
 * `viewed` above.
 */
import { defaultHistoryMode, HISTORY_MODES, type HistoryMode } from '../fleet/history-mode.ts';
import { stringOption, UsageError, type Options } from './args.ts';

export const HISTORY_OPTIONS: Options = { history: { type: 'string' } };

export function historyOption(values: Record<string, unknown>, fleetSize: number): HistoryMode {
  const given = stringOption(values, 'history');
  if (given === undefined) return defaultHistoryMode(fleetSize);
  if (!(HISTORY_MODES as readonly string[]).includes(given)) throw new UsageError(`--history must be one of ${HISTORY_MODES.join(', ')}, got "${given}"`);
  return given as HistoryMode;
}
