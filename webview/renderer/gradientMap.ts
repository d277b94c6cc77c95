// A small time step × training step map of log10 ‖dL/dh_t‖ per recurrence, in the heatmap
// panel's colours (viridis, decade domain). Clicking it asks the host to open that panel.
import type { GradientMapData } from '../../src/protocol/renderer';
import { LogColorScale, NONFINITE_RGB, decadeDomain, legendGradient } from '../shared/colors';
import { el } from '../shared/dom';

/** One domain for all rows, so the same colour means the same norm in every layer. */
function mapScale(data: GradientMapData): LogColorScale {
  let min = Infinity, max = 0;
  for (const s of data.series) for (const col of s.columns) for (const raw of col) {
    const v = Number(raw);
    if (Number.isFinite(v) && v > 0) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return new LogColorScale(...decadeDomain(min, max));
}

/** columns[c][t] → a canvas of columns.length × T pixels: x = training step, y = time step (t = 1 on top). */
function paintSeries(canvas: HTMLCanvasElement, columns: readonly (readonly number[])[], scale: LogColorScale): void {
  const T = columns.reduce((m, c) => Math.max(m, c.length), 0);
  canvas.width = Math.max(1, columns.length);
  canvas.height = Math.max(1, T);
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(canvas.width, canvas.height);
  const px = image.data;
  columns.forEach((col, c) => {
    for (let t = 0; t < T; t++) {
      const o = (t * canvas.width + c) * 4;
      const i = t < col.length ? scale.index(Number(col[t])) : -1;
      const rgb = i < 0 ? NONFINITE_RGB : [scale.lut[i * 4], scale.lut[i * 4 + 1], scale.lut[i * 4 + 2]];
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = t < col.length ? 255 : 0;
    }
  });
  ctx.putImageData(image, 0, 0);
}

export function renderGradientMap(data: GradientMapData, post: ((m: { type: 'openHeatmap'; modelId: string }) => void) | undefined): HTMLElement {
  const scale = mapScale(data);
  const T = data.series.reduce((m, s) => Math.max(m, ...s.columns.map(c => c.length)), 0);
  const first = data.steps[0], last = data.steps[data.steps.length - 1];
  const rows = data.series.map(s => {
    const canvas = el('canvas', { title: `${s.key}: time step (rows, t = 1 on top) × training step (columns)` });
    canvas.setAttribute('aria-label', `log10 ‖dL/dh_t‖ of ${s.key}`);
    canvas.dataset.key = s.key;
    paintSeries(canvas, s.columns, scale);
    return el('div', { className: 'row' }, el('span', { className: 'label' }, s.key), canvas);
  });
  const bar = el('span', { className: 'bar' });
  bar.style.background = legendGradient(scale);
  const hint = post ? ' · click to open the Gradient Heatmap' : '';
  const box = el('div', { className: 'gmap', tabIndex: post ? 0 : -1 },
    el('div', { className: 'head' },
      el('span', { className: 'title' }, '‖dL/dh_t‖'),
      el('span', { className: 'muted' }, data.steps.length ? `rows t = 1…${T}, columns steps ${first}–${last}${hint}` : 'no gradient frames yet')),
    el('div', { className: 'rows' }, ...rows),
    el('div', { className: 'legend' }, el('span', {}, `1e${scale.lo}`), bar, el('span', {}, `1e${scale.hi}`)));
  if (post) {
    box.setAttribute('role', 'button');
    box.setAttribute('aria-label', 'Open the Gradient Heatmap panel');
    const open = () => post({ type: 'openHeatmap', modelId: data.modelId });
    box.addEventListener('click', open);
    box.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
  }
  return el('div', { className: 'unroll-out unroll-gradient-map' }, box);
}
