/**
 * The line above the live charts that says what the station's history holds (decision D29), so a chart
 * is never silently empty: a station that keeps none (`off`), one that records only since its charts were
 * first opened (`viewed`), or one whose connectors have had no transaction yet.
 */

/** `recording` of GET …/connectors/{c}/history. */
export interface HistoryRecording { mode: 'all' | 'viewed' | 'off'; recording: boolean; since: number | null }

const stationTime = (at: number): string => new Date(at).toISOString().replace('T', ' ').slice(0, 19);

/** The notice for a station, from its recording and whether any of its connectors has readings; '' for none. */
export function historyNotice(r: HistoryRecording, anyReadings: boolean): string {
  if (r.mode === 'off') {
    return 'This station keeps no chart history (history mode "off"), so these charts stay empty. '
      + 'Start the twins with --history all (or viewed), or add the station with "history": "all".';
  }
  if (r.mode === 'viewed') {
    const since = r.since !== null ? `since ${stationTime(r.since)} UTC (station time), when its charts were first opened` : 'from now on';
    return `History recorded ${since}: this fleet keeps charts only for the stations viewed most recently `
      + '(history mode "viewed", the default above 1,000 twins); nothing before that was kept. '
      + 'A new reading comes with each change and every minute of charging. Start with --history all to keep every station\'s.';
  }
  return anyReadings ? '' : 'No readings yet: a connector\'s chart starts at its first transaction.';
}
