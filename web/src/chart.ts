/** A small canvas line chart: one or more series over time, each with its own colour and scale. */
export interface Series { label: string; color: string; points: Array<[number, number]>; step?: boolean }

export function drawChart(canvas: HTMLCanvasElement, series: Series[], title: string): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  canvas.width = w * dpr; canvas.height = h * dpr;
  const g = canvas.getContext('2d')!;
  g.scale(dpr, dpr);
  g.clearRect(0, 0, w, h);
  g.font = '11px system-ui'; g.fillStyle = '#8aa0b5'; g.fillText(title, 8, 14);
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) { g.fillText('waiting for data…', 8, h / 2); return; }
  const t0 = Math.min(...all.map((p) => p[0])), t1 = Math.max(...all.map((p) => p[0]));
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const max = Math.max(1, ...s.points.map((p) => p[1]));
    g.strokeStyle = s.color; g.lineWidth = 1.5; g.beginPath();
    s.points.forEach(([t, v], k) => {
      const x = 8 + ((t - t0) / Math.max(1, t1 - t0)) * (w - 16);
      const y = h - 8 - (v / max) * (h - 32);
      if (k === 0) g.moveTo(x, y);
      else if (s.step) { const prev = s.points[k - 1]!; g.lineTo(x, h - 8 - (prev[1] / max) * (h - 32)); g.lineTo(x, y); }
      else g.lineTo(x, y);
    });
    g.stroke();
    g.fillStyle = s.color;
    const last = s.points[s.points.length - 1]![1];
    g.fillText(`${s.label}: ${Math.round(last * 10) / 10} (max ${Math.round(max)})`, 8 + i * 190, 30);
  });
}
