/**
 * How long each station's frame log is (frame-ring.ts), decision D31:
 * - `all`: every station keeps the fleet's full log (`framesPerStation`: 500 for a lone twin, 50 per twin
 *   of a `station --count` fleet);
 * - `viewed`: every station keeps a short log, its last FRAMES_UNVIEWED frames, and the stations someone
 *   looks at (GET …/frames, which the dashboard's frame panel reads, or an event stream opened with
 *   `?station=<id>`) keep the full log from then on, at most VIEWED_STATIONS_MAX of them: viewing one more
 *   shortens the least recently viewed one's log again (its newest frames are kept);
 * - `off`: no station keeps frames (the live event stream and the counters still see every frame).
 * A fleet that is not told picks by its size, as the chart history does: `all` up to FRAME_LOG_ALL_UP_TO
 * twins, `viewed` above.
 */
import { checkViewingMode, defaultHistoryMode, HISTORY_ALL_UP_TO, HISTORY_MODES, type HistoryMode } from './history-mode.ts';

/** The chart history's three modes, applied to the frame log. */
export const FRAME_LOG_MODES = HISTORY_MODES;
export type FrameLogMode = HistoryMode;

/** The largest fleet whose every twin keeps its full frame log unless told otherwise (the chart history's bound). */
export const FRAME_LOG_ALL_UP_TO = HISTORY_ALL_UP_TO;
/** Frames a station nobody views keeps in `viewed` mode: its last two exchanges (a call and its answer, twice). */
export const FRAMES_UNVIEWED = 4;

/** The mode a fleet of `fleetSize` twins (the whole fleet, however it is sharded) uses when not told: the history's rule. */
export const defaultFrameLogMode: (fleetSize: number) => FrameLogMode = defaultHistoryMode;

/** A mode as given by a user (flag, option): one of FRAME_LOG_MODES, else TWIN_ERR_FRAME_LOG_MODE. */
export function checkFrameLogMode(value: unknown, what = 'frameLog'): FrameLogMode {
  return checkViewingMode(value, what, 'TWIN_ERR_FRAME_LOG_MODE');
}

/** What a station's frame log holds now (the station view's `frameLog`, the dashboard's frame-panel notice). */
export interface FrameLogRecording {
  mode: FrameLogMode;
  /** Whether the station keeps its full log now (in `viewed` mode: it is among the stations viewed most recently). */
  recording: boolean;
  /** `viewed`: the station clock when its full log began (before it, only its last FRAMES_UNVIEWED frames were kept); else null. */
  since: number | null;
}
