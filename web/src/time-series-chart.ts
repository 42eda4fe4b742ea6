/**
 * A time-series chart on uPlot (decision D22): the x axis is the station's simulated clock (UTC), each y
 * axis carries its unit, the legend shows the values under the cursor, and a person can zoom (drag, wheel)
 * and pan (shift+wheel); a double click shows everything again. Live data keeps a chosen zoom.
 * What was drawn is also written on the host element for tests and tools: data-series (label, points,
 * first, last, max per series), data-axes (unit and tick labels per axis) and data-cursor-at (the
 * station-clock instant under the cursor).
 */
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { wheelZoomPlugin } from './chart-zoom.ts';

export interface AxisSpec { scale: string; unit: string; side: 'left' | 'right'; range?: [number, number] }
export interface SeriesSpec { label: string; scale: string; unit: string; color: string; digits: number; step?: boolean; dash?: number[] }
export interface PlottedSeries { label: string; points: number; first: number | null; last: number | null; max: number | null }
export type Column = Array<number | null>;

const AXIS = '#8aa0b5';
const GRID = '#263445';

/** The uPlot style sheet, once per page. */
function useUplotCss(): void {
  if (document.getElementById('uplot-css')) return;
  const style = document.createElement('style');
  style.id = 'uplot-css';
  style.textContent = uplotCss;
  document.head.append(style);
}

/** Time-of-day labels of the station clock (UTC), with seconds when the ticks are closer than a minute. */
function timeTicks(splits: number[]): string[] {
  const fine = splits.length > 1 && splits[1]! - splits[0]! < 60_000;
  const days = new Set(splits.map((v) => new Date(v).toISOString().slice(0, 10))).size > 1;
  return splits.map((v) => {
    const iso = new Date(v).toISOString();
    const t = iso.slice(11, fine ? 19 : 16);
    return days && iso.slice(11, 16) === '00:00' ? iso.slice(5, 10) : t;
  });
}

export class TimeSeriesChart {
  readonly #host: HTMLElement;
  readonly #series: SeriesSpec[];
  readonly #axes: AxisSpec[];
  #plot: uPlot | undefined;
  #zoomed = false;
  #now: number | undefined;
  readonly #ticks: Record<string, string[]> = {};

  readonly #resize: ResizeObserver;

  constructor(host: HTMLElement, axes: AxisSpec[], series: SeriesSpec[], readonly markNow = false) {
    useUplotCss();
    this.#host = host;
    this.#axes = axes;
    this.#series = series;
    // The chart follows its box: a window made narrower (700 px) must not leave a plot wider than the page.
    this.#resize = new ResizeObserver(() => {
      const width = Math.max(200, this.#host.clientWidth || 600);
      if (this.#plot && Math.abs(this.#plot.width - width) > 1) this.#plot.setSize({ width, height: 220 });
    });
    this.#resize.observe(this.#host);
  }

  /** Shows new data: x in station-clock ms, one column per series; `now` marks the station's present. */
  setData(x: number[], columns: Column[], now?: number): void {
    this.#now = now;
    const data = [x, ...columns] as uPlot.AlignedData;
    this.#host.dataset.series = JSON.stringify(this.#series.map((s, i): PlottedSeries => {
      const values = (columns[i] ?? []).filter((v): v is number => v !== null);
      return { label: `${s.label} ${s.unit}`, points: values.length, first: values[0] ?? null, last: values.at(-1) ?? null, max: values.length ? Math.max(...values) : null };
    }));
    if (!this.#plot) this.#plot = new uPlot(this.#options(), data, this.#host);
    else if (!this.#zoomed) this.#plot.setData(data);
    else {
      const { min, max } = this.#plot.scales.x ?? {};
      this.#plot.setData(data, false);
      if (min !== undefined && max !== undefined) this.#plot.setScale('x', { min, max });
    }
    this.#latestInLegend(this.#plot);
  }

  /** Without the cursor on the plot, the legend shows the latest values. */
  #latestInLegend(u: uPlot): void {
    if (u.cursor.idx === null || u.cursor.idx === undefined) {
      const n = u.data[0].length;
      if (n > 0) u.setLegend({ idx: n - 1 }, false);
    }
  }

  destroy(): void { this.#resize.disconnect(); this.#plot?.destroy(); this.#plot = undefined; }

  #options(): uPlot.Options {
    const width = Math.max(200, this.#host.clientWidth || 600);
    const zoomed = (): void => { this.#zoomed = true; };
    const tickRecorder = (key: string, format: (v: number) => string) => (_u: uPlot, splits: number[]): string[] => {
      const labels = key === 'x' ? timeTicks(splits) : splits.map(format);
      this.#ticks[key] = labels;
      this.#host.dataset.axes = JSON.stringify({ x: { unit: 'UTC (station clock)', ticks: this.#ticks.x ?? [] }, ...Object.fromEntries(this.#axes.map((a) => [a.scale, { unit: a.unit, ticks: this.#ticks[a.scale] ?? [] }])) });
      return labels;
    };
    const scales: uPlot.Scales = { x: { time: true } };
    for (const a of this.#axes) scales[a.scale] = a.range ? { range: (_u, lo, hi) => [Math.min(a.range![0], lo ?? 0), Math.max(a.range![1], hi ?? 0)] } : { range: (_u, lo, hi) => [Math.min(0, lo ?? 0), Math.max(1, (hi ?? 1) * 1.1)] };
    return {
      width, height: 220, ms: 1,
      tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
      cursor: { drag: { x: true, y: false } },
      scales,
      legend: { live: true },
      axes: [
        { stroke: AXIS, grid: { stroke: GRID }, ticks: { stroke: GRID }, values: tickRecorder('x', String), label: 'station time (UTC)', labelSize: 20, labelFont: '11px system-ui' },
        ...this.#axes.map((a): uPlot.Axis => ({
          scale: a.scale, side: a.side === 'left' ? 3 : 1, stroke: AXIS, label: a.unit, labelSize: 18, labelFont: '11px system-ui', size: 52,
          grid: { show: a === this.#axes[0], stroke: GRID }, ticks: { stroke: GRID },
          values: tickRecorder(a.scale, (v) => String(Number(v.toFixed(3)))),
        })),
      ],
      series: [
        { label: 'station time', value: (_u, v) => (v === null || v === undefined ? '—' : `${new Date(v).toISOString().replace('T', ' ').slice(0, 19)} UTC`) },
        ...this.#series.map((s): uPlot.Series => ({
          label: `${s.label} (${s.unit})`, scale: s.scale, stroke: s.color, width: 1.5, ...(s.dash ? { dash: s.dash } : {}),
          ...(s.step ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
          points: { show: false },
          value: (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(s.digits)} ${s.unit}`),
        })),
      ],
      hooks: {
        setSelect: [(u) => { if (u.select.width > 0) zoomed(); }],
        setCursor: [(u) => {
          const idx = u.cursor.idx;
          const at = idx === null || idx === undefined ? undefined : u.data[0][idx];
          if (at === undefined) { delete this.#host.dataset.cursorAt; this.#latestInLegend(u); }
          else this.#host.dataset.cursorAt = String(at);
        }],
        ready: [(u) => { u.over.addEventListener('dblclick', () => { this.#zoomed = false; }); }],
        draw: [(u) => this.#drawNow(u)],
      },
      plugins: [wheelZoomPlugin(zoomed)],
    };
  }

  /** The 'now' line of a schedule: the station clock's present. */
  #drawNow(u: uPlot): void {
    if (!this.markNow || this.#now === undefined) return;
    const x = Math.round(u.valToPos(this.#now, 'x', true));
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    const g = u.ctx;
    g.save();
    g.strokeStyle = '#dbe6f0'; g.setLineDash([4, 4]); g.lineWidth = 1;
    g.beginPath(); g.moveTo(x, u.bbox.top); g.lineTo(x, u.bbox.top + u.bbox.height); g.stroke();
    g.setLineDash([]); g.fillStyle = '#dbe6f0'; g.textAlign = 'left'; g.textBaseline = 'alphabetic'; g.font = `${Math.round(11 * devicePixelRatio)}px system-ui`;
    g.fillText('now', x + 4 * devicePixelRatio, u.bbox.top + u.bbox.height - 6 * devicePixelRatio);
    g.restore();
  }
}
