/**
 * The live charts of each connector, from the station's own readings (GET …/connectors/{c}/history, so
 * they hold what happened before the page was opened): current, offered current and the limit in force
 * on one amperes scale with the power in kW; and the energy delivered in this session (kWh) with the
 * EV's state of charge (%). Time runs on the station's clock.
 */
import { api, stationPath } from './api.ts';
import { byId } from './dom.ts';
import { TimeSeriesChart } from './time-series-chart.ts';
import { historyNotice, type HistoryRecording } from './history-notice.ts';

/** The columns of GET /api/stations/{id}/connectors/{c}/history. */
export interface ConnectorHistory {
  recording: HistoryRecording;
  at: number[]; currentA: number[]; offeredA: number[]; limitA: Array<number | null>; powerKW: number[]; energyKWh: Array<number | null>; socPercent: Array<number | null>;
}

const COLORS = { current: '#4aa3ff', offered: '#8aa0b5', limit: '#ef5b5b', power: '#3ecf8e', energy: '#f5b14c', soc: '#c38bff' };

interface Pair { host: HTMLElement; electrics: TimeSeriesChart; energy: TimeSeriesChart }

export class LiveCharts {
  readonly #charts = new Map<number, Pair>();
  #generation = 0;

  html(connectorIds: number[]): string {
    return `<div class="panel wide" id="live-panel"><h2>Live current, limit, power, energy and state of charge (station time)</h2><p class="history-notice" id="history-notice" hidden></p>${connectorIds.map((n) => `
      <h3 class="chart-title">Connector ${n}: current, offered current and limit (A) · power (kW)</h3><div class="chart" id="chart-${n}" data-connector="${n}"></div>
      <h3 class="chart-title">Connector ${n}: energy delivered in this session (kWh) · state of charge (%)</h3><div class="chart" id="chart-${n}-energy" data-connector="${n}"></div>`).join('')}</div>`;
  }

  /** Reads the history of each connector and redraws its charts. */
  async load(stationId: string, connectorIds: number[]): Promise<void> {
    const generation = ++this.#generation;
    const all = await Promise.all(connectorIds.map((n) => api<ConnectorHistory>('GET', `${stationPath(stationId)}/connectors/${n}/history`)));
    if (generation !== this.#generation) return;
    const note = byId('history-notice');
    if (note && all[0]) {
      const text = historyNotice(all[0].recording, all.some((h) => h.at.length > 0));
      note.textContent = text;
      note.hidden = text === '';
      note.dataset.mode = all[0].recording.mode;
    }
    connectorIds.forEach((n, i) => this.#draw(n, all[i]!));
  }

  #draw(n: number, h: ConnectorHistory): void {
    const pair = this.#pairFor(n);
    if (!pair) return;
    pair.electrics.setData(h.at, [h.currentA, h.offeredA, h.limitA, h.powerKW]);
    pair.energy.setData(h.at, [h.energyKWh, h.socPercent]);
  }

  /** The charts of a connector; made again when the panel was rebuilt. */
  #pairFor(n: number): Pair | undefined {
    const host = byId(`chart-${n}`);
    const energyHost = byId(`chart-${n}-energy`);
    if (!host || !energyHost) return undefined;
    const known = this.#charts.get(n);
    if (known?.host === host) return known;
    known?.electrics.destroy(); known?.energy.destroy();
    const pair: Pair = {
      host,
      electrics: new TimeSeriesChart(host, [{ scale: 'A', unit: 'A', side: 'left' }, { scale: 'kW', unit: 'kW', side: 'right' }], [
        { label: 'current', scale: 'A', unit: 'A', color: COLORS.current, digits: 1, step: true },
        { label: 'offered', scale: 'A', unit: 'A', color: COLORS.offered, digits: 1, step: true, dash: [2, 3] },
        { label: 'limit', scale: 'A', unit: 'A', color: COLORS.limit, digits: 1, step: true, dash: [6, 4] },
        { label: 'power', scale: 'kW', unit: 'kW', color: COLORS.power, digits: 2, step: true },
      ]),
      energy: new TimeSeriesChart(energyHost, [{ scale: 'kWh', unit: 'kWh', side: 'left' }, { scale: '%', unit: '%', side: 'right', range: [0, 100] }], [
        { label: 'energy this session', scale: 'kWh', unit: 'kWh', color: COLORS.energy, digits: 3 },
        { label: 'state of charge', scale: '%', unit: '%', color: COLORS.soc, digits: 1 },
      ]),
    };
    this.#charts.set(n, pair);
    return pair;
  }
}
