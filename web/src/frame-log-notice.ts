/**
 * The line above the frame panel that says what the station's frame log holds (decision D31), so a short
 * log is never taken for a quiet station: one that keeps no frames (`off`), or one of a large fleet that
 * keeps only its last few frames until it is viewed (`viewed`), and since when it keeps them all.
 */

/** `frameLog` of GET /api/stations/{id}. */
export interface FrameLogRecording { mode: 'all' | 'viewed' | 'off'; recording: boolean; since: number | null }

const stationTime = (at: number): string => new Date(at).toISOString().replace('T', ' ').slice(0, 19);

/** The notice for a station's frame log; '' when it keeps the full log all along. */
export function frameLogNotice(r: FrameLogRecording | undefined): string {
  if (!r) return '';
  if (r.mode === 'off') {
    return 'This station keeps no frame log (frame-log mode "off"): frames show here only while they pass, on the live stream. '
      + 'Start the twins with --frame-log all (or viewed), or add the station with "frameLog": "all".';
  }
  if (r.mode === 'viewed') {
    const since = r.recording && r.since !== null
      ? `Full frame log since ${stationTime(r.since)} UTC (station time), when this station was first viewed; before that it kept only its last few frames`
      : 'This station keeps only its last few frames until it is viewed; its full log starts now';
    return `${since} (frame-log mode "viewed", the default above 1,000 twins: the stations viewed most recently keep their full log). `
      + 'Start with --frame-log all to keep every station\'s.';
  }
  return '';
}
