/**
 * A small canvas line chart: one or more series over time, each with its own colour and scale.
 * Labels sit in the top band; values are plotted between y = TOP and the bottom edge, so a series at
 * zero lies on the bottom line and a series at its maximum on the TOP line. What was plotted is also
 * written to the canvas's data-series attribute (label, points, last, max) for tests and tools.
 */
/** Series with the same `scale` share one vertical scale (e.g. current and limit, both in A). */
export interface Series { label: string; color: string; points: Array<[number, number]>; step?: boolean; scale?: string; dashed?: boolean }
export interface PlottedSeries { label: string; points: number; first: number | null; last: number | null; max: number | null }

const TOP = 40;
const BOTTOM = 8;

export function drawChart(canvas: HTMLCanvasElement, series: Series[], title: string, range?: [number, number]): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== w * dpr || canvas.height !== h * dpr) { canvas.width = w * dpr; canvas.height = h * dpr; }
  const g = canvas.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = '11px system-ui'; g.fillStyle = '#8aa0b5'; g.fillText(title, 8, 14);
  const plotted: PlottedSeries[] = series.map((s) => ({
    label: s.label, points: s.points.length,
    first: s.points[0]?.[1] ?? null, last: s.points[s.points.length - 1]?.[1] ?? null,
    max: s.points.length ? Math.max(...s.points.map((p) => p[1])) : null,
  }));
  canvas.dataset.series = JSON.stringify(plotted);
  const all = series.flatMap((s) => s.points);
  if (all.length < 2 && !range) { g.fillText('waiting for data…', 8, h / 2); return; }
  const t0 = range?.[0] ?? Math.min(...all.map((p) => p[0])), t1 = range?.[1] ?? Math.max(...all.map((p) => p[0]));
  const xOf = (t: number): number => 8 + ((t - t0) / Math.max(1, t1 - t0)) * (w - 16);
  const scaleMax = new Map<string, number>();
  series.forEach((s, i) => { const k = s.scale ?? `#${i}`; scaleMax.set(k, Math.max(scaleMax.get(k) ?? 1, ...s.points.map((p) => p[1]))); });
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const max = scaleMax.get(s.scale ?? `#${i}`)!;
    const yOf = (v: number): number => h - BOTTOM - (Math.max(0, v) / max) * (h - BOTTOM - TOP);
    g.strokeStyle = s.color; g.lineWidth = 1.5; g.setLineDash(s.dashed ? [6, 4] : []); g.beginPath();
    s.points.forEach(([t, v], k) => {
      if (k === 0) { g.moveTo(xOf(t), yOf(v)); return; }
      if (s.step) g.lineTo(xOf(t), yOf(s.points[k - 1]![1]));
      g.lineTo(xOf(t), yOf(v));
    });
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = s.color;
    g.fillText(`${s.label}: ${Math.round(plotted[i]!.last! * 10) / 10} (max ${Math.round(plotted[i]!.max!)})`, 8 + i * 170, 30);
  });
}
