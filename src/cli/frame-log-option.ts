/**
 * `--frame-log all|viewed|off` (station): how many frames each twin keeps for the dashboard's frame panel,
 * `chargetwin ctl frames` and its diagnostics files (src/fleet/frame-log-mode.ts, decision D31). Without
 * it, the whole fleet's size decides, as for `--history`: `all` up to FRAME_LOG_ALL_UP_TO twins, `viewed`
 * above (a twin keeps its last FRAMES_UNVIEWED frames until someone asks for its frames).
 */
import { checkFrameLogMode, defaultFrameLogMode, type FrameLogMode } from '../fleet/frame-log-mode.ts';
import { stringOption, type Options } from './args.ts';
import { asUsage } from './station-plan.ts';

export const FRAME_LOG_OPTIONS: Options = { 'frame-log': { type: 'string' } };

export function frameLogOption(values: Record<string, unknown>, fleetSize: number): FrameLogMode {
  const given = stringOption(values, 'frame-log');
  if (given === undefined) return defaultFrameLogMode(fleetSize);
  return asUsage('', () => checkFrameLogMode(given, '--frame-log'));
}
