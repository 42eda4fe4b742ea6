/**
 * The composite schedule of a connector for the next 24 h, as the station answers the embedded central
 * system's GetCompositeSchedule. Reloaded when the station is selected, when the connector picker
 * changes, and on every frame that can change it (charging profiles set or cleared, transactions
 * starting or stopping). Without an embedded central system (`chargetwin station`), or when the
 * station is offline, it says so in a message instead of failing.
 */
import { api, ApiError, isNoCsms } from './api.ts';
import { drawChart } from './chart.ts';
import { byId, setText } from './dom.ts';

/** Frames after which the composite schedule may have changed. */
export const SCHEDULE_ACTIONS = new Set(['SetChargingProfile', 'ClearChargingProfile', 'RemoteStartTransaction', 'StartTransaction', 'StopTransaction']);

interface CompositeConf { status: string; connectorId?: number; scheduleStart?: string; chargingSchedule?: { startSchedule?: string; duration?: number; chargingRateUnit?: string; chargingSchedulePeriod: Array<{ startPeriod: number; limit: number; numberPhases?: number }> } }

export class SchedulePanel {
  #generation = 0;
  #points: Array<[number, number]> = [];
  #range: [number, number] | undefined;
  #unit = 'A';

  html(connectorCount: number): string {
    const options = Array.from({ length: connectorCount + 1 }, (_, i) => `<option value="${i}"${i === 1 ? ' selected' : ''}>${i === 0 ? '0 (station)' : i}</option>`).join('');
    return `
  <div class="panel wide" id="schedule-panel"><h2>Composite schedule (next 24 h)</h2>
    <div class="row"><label>connector <select id="schedule-connector">${options}</select></label>
      <button data-act="schedule">Refresh composite schedule</button><span id="schedule-message" class="dim"></span></div>
    <canvas id="schedule"></canvas></div>`;
  }

  async load(stationId: string, now: number): Promise<void> {
    const generation = ++this.#generation;
    const connectorId = Number((byId<HTMLSelectElement>('schedule-connector')?.value) ?? 1);
    setText('schedule-message', 'asking the station…');
    let message: string;
    try {
      const r = await api<{ confirmation: CompositeConf }>('POST', `/api/csms/stations/${encodeURIComponent(stationId)}/call`,
        { action: 'GetCompositeSchedule', payload: { connectorId, duration: 86400, chargingRateUnit: 'A' } });
      if (generation !== this.#generation) return;
      const conf = r.confirmation;
      const sch = conf.chargingSchedule;
      this.#range = [now, now + 86400_000];
      if (conf.status !== 'Accepted') { this.#points = []; message = `the station answered ${conf.status}`; }
      else if (!sch || sch.chargingSchedulePeriod.length === 0) { this.#points = []; message = 'no charging profile applies: no limit beyond the station\'s own'; }
      else {
        const start = Date.parse(conf.scheduleStart ?? sch.startSchedule ?? '') || now;
        const end = start + (sch.duration ?? 86400) * 1000;
        this.#unit = sch.chargingRateUnit ?? 'A';
        this.#points = sch.chargingSchedulePeriod.map((p) => [start + p.startPeriod * 1000, p.limit] as [number, number]);
        this.#points.push([end, this.#points[this.#points.length - 1]![1]]);
        this.#range = [start, end];
        message = `${sch.chargingSchedulePeriod.length} period${sch.chargingSchedulePeriod.length === 1 ? '' : 's'} from ${new Date(start).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      }
    } catch (e) {
      if (generation !== this.#generation) return;
      this.#points = [];
      this.#range = undefined;
      if (isNoCsms(e)) message = 'not available: no embedded central system runs in this process (chargetwin station against an external CSMS), so the dashboard cannot ask the station for its composite schedule';
      else if (e instanceof ApiError && e.code === 'TWIN_ERR_CSMS_STATION_OFFLINE') message = 'the station is offline; the schedule is asked again when its link is back';
      else message = `could not get the composite schedule (${e instanceof Error ? e.message : String(e)})`;
    }
    setText('schedule-message', message);
    byId('schedule')?.setAttribute('data-message', message);
    this.draw();
  }

  draw(): void {
    const canvas = byId<HTMLCanvasElement>('schedule');
    if (canvas) drawChart(canvas, [{ label: `limit ${this.#unit}`, color: '#ef5b5b', points: this.#points, step: true }], 'GetCompositeSchedule', this.#range);
  }
}
