/**
 * The composite schedule of a connector for the next 24 h, as the station answers the embedded central
 * system's GetCompositeSchedule, as a step chart on the station's clock with 'now' marked, beside each
 * installed profile's own limit (GET …/connectors/{c}/charging-profiles: the profile as if alone). Reloaded when the station is selected, when the connector picker
 * changes, and on every frame that can change it (charging profiles set or cleared, transactions
 * starting or stopping). Without an embedded central system (`chargetwin station`), or when the
 * station is offline, it says so in a message instead of failing.
 */
import { api, ApiError, isNoCsms, stationPath } from './api.ts';
import { byId, setText } from './dom.ts';
import { TimeSeriesChart, type Column, type SeriesSpec } from './time-series-chart.ts';

/** Frames after which the composite schedule may have changed. */
export const SCHEDULE_ACTIONS = new Set(['SetChargingProfile', 'ClearChargingProfile', 'RemoteStartTransaction', 'StartTransaction', 'StopTransaction']);

interface Period { startPeriod: number; limit: number }
interface ProfileLimit { connectorId: number; chargingProfileId: number; stackLevel: number; chargingProfilePurpose: string; schedule: { startSchedule: string; duration?: number; chargingSchedulePeriod: Period[] } }
/** A step series: its periods as absolute instants. */
interface Steps { spec: SeriesSpec; starts: number[]; limits: number[] }
const PROFILE_COLORS = ['#4aa3ff', '#3ecf8e', '#f5b14c', '#c38bff', '#5fd4d4', '#e58fb8'];

interface CompositeConf { status: string; connectorId?: number; scheduleStart?: string; chargingSchedule?: { startSchedule?: string; duration?: number; chargingRateUnit?: string; chargingSchedulePeriod: Array<{ startPeriod: number; limit: number; numberPhases?: number }> } }

export class SchedulePanel {
  #generation = 0;
  #composite: Steps | undefined;
  #profiles: Steps[] = [];
  #range: [number, number] | undefined;
  #now: number | undefined;
  #chart: { host: HTMLElement; labels: string; chart: TimeSeriesChart } | undefined;

  html(connectorCount: number): string {
    const options = Array.from({ length: connectorCount + 1 }, (_, i) => `<option value="${i}"${i === 1 ? ' selected' : ''}>${i === 0 ? '0 (station)' : i}</option>`).join('');
    return `
  <div class="panel wide" id="schedule-panel"><h2>Composite schedule (next 24 h)</h2>
    <div class="row"><label>connector <select id="schedule-connector">${options}</select></label>
      <button data-act="schedule">Refresh composite schedule</button><span id="schedule-message" class="dim"></span></div>
    <div class="chart" id="schedule"></div></div>`;
  }

  async load(stationId: string, now: number): Promise<void> {
    const generation = ++this.#generation;
    const connectorId = Number((byId<HTMLSelectElement>('schedule-connector')?.value) ?? 1);
    setText('schedule-message', 'asking the station…');
    let message: string;
    this.#now = now;
    this.#range = [now, now + 86400_000];
    const profiles = this.#loadProfiles(stationId, connectorId);
    try {
      const r = await api<{ confirmation: CompositeConf }>('POST', `/api/csms/stations/${encodeURIComponent(stationId)}/call`,
        { action: 'GetCompositeSchedule', payload: { connectorId, duration: 86400, chargingRateUnit: 'A' } });
      if (generation !== this.#generation) return;
      const conf = r.confirmation;
      const sch = conf.chargingSchedule;
      if (conf.status !== 'Accepted') { this.#composite = undefined; message = `the station answered ${conf.status}`; }
      else if (!sch || sch.chargingSchedulePeriod.length === 0) { this.#composite = undefined; message = 'no charging profile applies: no limit beyond the station\'s own'; }
      else {
        const start = Date.parse(conf.scheduleStart ?? sch.startSchedule ?? '') || now;
        const unit = sch.chargingRateUnit ?? 'A';
        this.#composite = steps({ label: 'composite', scale: unit, unit, color: '#ef5b5b', digits: 1, step: true }, start, sch.chargingSchedulePeriod);
        this.#range = [start, start + (sch.duration ?? 86400) * 1000];
        message = `${sch.chargingSchedulePeriod.length} period${sch.chargingSchedulePeriod.length === 1 ? '' : 's'} from ${new Date(start).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      }
    } catch (e) {
      if (generation !== this.#generation) return;
      this.#composite = undefined;
      if (isNoCsms(e)) message = 'not available: no embedded central system runs in this process (chargetwin station against an external CSMS), so the dashboard cannot ask the station for its composite schedule';
      else if (e instanceof ApiError && e.code === 'TWIN_ERR_CSMS_STATION_OFFLINE') message = 'the station is offline; the schedule is asked again when its link is back';
      else message = `could not get the composite schedule (${e instanceof Error ? e.message : String(e)})`;
    }
    this.#profiles = await profiles;
    if (generation !== this.#generation) return;
    setText('schedule-message', message);
    byId('schedule')?.setAttribute('data-message', message);
    this.draw();
  }

  /** Each installed profile bearing on the connector, as its own step series (none when the route fails). */
  async #loadProfiles(stationId: string, connectorId: number): Promise<Steps[]> {
    try {
      const r = await api<{ profiles: ProfileLimit[] }>('GET', `${stationPath(stationId)}/connectors/${connectorId}/charging-profiles`);
      return r.profiles.map((p, i) => steps({
        label: `profile ${p.chargingProfileId} (${p.chargingProfilePurpose}, stack ${p.stackLevel}${p.connectorId === 0 ? ', station' : ''})`,
        scale: 'A', unit: 'A', color: PROFILE_COLORS[i % PROFILE_COLORS.length]!, digits: 1, step: true, dash: [5, 4],
      }, Date.parse(p.schedule.startSchedule), p.schedule.chargingSchedulePeriod));
    } catch {
      return [];
    }
  }

  draw(): void {
    const host = byId('schedule');
    if (!host) return;
    const all = [...(this.#composite ? [this.#composite] : []), ...this.#profiles];
    const labels = all.map((s) => s.spec.label).join('\n');
    if (this.#chart?.host !== host || this.#chart.labels !== labels) {
      this.#chart?.chart.destroy();
      const unit = this.#composite?.spec.unit ?? 'A';
      const specs = all.length ? all.map((s) => s.spec) : [{ label: 'composite', scale: unit, unit, color: '#ef5b5b', digits: 1, step: true }];
      this.#chart = { host, labels, chart: new TimeSeriesChart(host, [{ scale: unit, unit, side: 'left' }], specs, true) };
    }
    const [from, to] = this.#range ?? [this.#now ?? Date.now(), (this.#now ?? Date.now()) + 86400_000];
    const x = [...new Set([from, to, ...all.flatMap((s) => s.starts).filter((t) => t >= from && t <= to)])].sort((a, b) => a - b);
    const columns: Column[] = all.length ? all.map((s) => x.map((t) => valueAt(s, t))) : [x.map(() => null)];
    this.#chart.chart.setData(x, columns, this.#now);
  }
}

/** A schedule's periods as absolute instants (ms on the station clock). */
function steps(spec: SeriesSpec, start: number, periods: Period[]): Steps {
  return { spec, starts: periods.map((p) => start + p.startPeriod * 1000), limits: periods.map((p) => p.limit) };
}

/** The limit a step series holds at t (null before its first period). */
function valueAt(s: Steps, t: number): number | null {
  let v: number | null = null;
  for (let i = 0; i < s.starts.length && s.starts[i]! <= t; i++) v = s.limits[i]!;
  return v;
}
