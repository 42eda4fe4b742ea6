/**
 * Zoom and pan of a uPlot time axis with the mouse wheel: the wheel zooms around the cursor, shift+wheel
 * (or a sideways wheel) pans. Dragging across the plot zooms to the selection and a double click shows
 * everything again (both uPlot's own). `onZoom` tells the chart that a person chose the range.
 */
import type uPlot from 'uplot';

const STEP = 0.8;

export function wheelZoomPlugin(onZoom: () => void): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener('wheel', (e) => {
          const { min, max } = u.scales.x ?? {};
          if (min === undefined || max === undefined || max <= min) return;
          e.preventDefault();
          const span = max - min;
          if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
            const shift = Math.sign(e.deltaX || e.deltaY) * span * 0.1;
            u.setScale('x', { min: min + shift, max: max + shift });
          } else {
            const at = u.posToVal(e.offsetX, 'x');
            const k = e.deltaY < 0 ? STEP : 1 / STEP;
            u.setScale('x', { min: at - (at - min) * k, max: at + (max - at) * k });
          }
          onZoom();
        }, { passive: false });
      },
    },
  };
}
