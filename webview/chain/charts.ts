// Log-scale line charts for the chain of partials, as SVG: every chart has the 1.0 line marked
// (above it a factor grows the gradient, below it shrinks it), NaN and ±Inf drawn as magenta
// markers at the top edge and named in their hover text, never as 0; an exact 0 (a product that
// underflowed) sits on the bottom edge and says 0.
import { fmt } from '../../src/protocol/gradients/format';
import { svg } from '../shared/dom';

export interface ChartSeries {
  /** Stable name (data-series; tests and the CSS class read it). */
  name: string;
  /** Legend and hover label. */
  label: string;
  values: readonly number[];
  dashed?: boolean;
}

export interface ChartSpec {
  id: string;
  /** The x value of index 0 (step 1, t = 0, epoch 1). */
  x0: number;
  /** The hover's name of x ("k", "t", "epoch"). */
  xName: string;
  series: ChartSeries[];
}

const CHART = { width: 760, height: 170, left: 58, right: 34, top: 22, bottom: 26 };
/** The y of the NaN/Inf row, above the plot. */
const NONFINITE_Y = 8;

/** A log10 axis over whole decades that holds every finite positive value and 1.0. */
export class LogAxis {
  readonly lo: number;
  readonly hi: number;

  constructor(values: Iterable<number>) {
    let min = 1, max = 1;
    for (const v of values) {
      if (!(v > 0) || !Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    this.lo = Math.floor(Math.log10(min));
    this.hi = Math.ceil(Math.log10(max));
    if (this.hi - this.lo < 2) { this.lo -= 1; this.hi += 1; }
  }

  /** The y pixel of a finite positive value (0 sits on the bottom edge). */
  y(v: number): number {
    const plot = CHART.height - CHART.top - CHART.bottom;
    const d = v > 0 ? Math.log10(v) : this.lo;
    return CHART.top + ((this.hi - d) / (this.hi - this.lo)) * plot;
  }

  /** Decades to label: all of them up to 8, else every second, third… */
  ticks(): number[] {
    const stride = Math.ceil((this.hi - this.lo) / 8);
    const out: number[] = [];
    for (let d = this.hi; d >= this.lo; d -= stride) out.push(d);
    return out;
  }
}

/** The x pixel of index i of n points. */
export function xOf(i: number, n: number): number {
  const plot = CHART.width - CHART.left - CHART.right;
  return n <= 1 ? CHART.left + plot / 2 : CHART.left + (i / (n - 1)) * plot;
}

const decadeLabel = (d: number) => (d === 0 ? '1' : `1e${d}`);
const r1 = (v: number) => Math.round(v * 10) / 10;

/** The chart: decade grid, the 1.0 line, one path per series (broken where a value is not drawable), point markers. */
export function logChart(spec: ChartSpec): SVGSVGElement {
  const { width: W, height: H, left: L, right: R, top: T, bottom: B } = CHART;
  const axis = new LogAxis(spec.series.flatMap(s => s.values));
  const n = Math.max(0, ...spec.series.map(s => s.values.length));
  const root = svg('svg', { class: 'ch-chart', id: spec.id, viewBox: `0 0 ${W} ${H}`, 'data-lo': axis.lo, 'data-hi': axis.hi, 'data-n': n, role: 'img' });
  for (const d of axis.ticks()) {
    const y = r1(axis.y(10 ** d));
    root.append(svg('line', { class: 'ch-grid', x1: L, x2: W - R, y1: y, y2: y }), svg('text', { class: 'ch-ytick', x: L - 5, y }, decadeLabel(d)));
  }
  const one = r1(axis.y(1));
  root.append(svg('line', { class: 'ch-one', x1: L, x2: W - R, y1: one, y2: one }), svg('text', { class: 'ch-one-label', x: W - R + 4, y: one }, '1.0'));
  // NaN and Inf have no place on a log axis: a row of their own above it, labelled.
  if (spec.series.some(s => s.values.some(v => !Number.isFinite(v)))) root.append(svg('text', { class: 'ch-ytick ch-nonfinite-label', x: L - 5, y: NONFINITE_Y }, 'NaN/Inf'));
  // x ticks: about ten, at round steps.
  const stride = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i += stride) root.append(svg('text', { class: 'ch-xtick', x: r1(xOf(i, n)), y: H - B + 5 }, String(spec.x0 + i)));
  root.append(svg('text', { class: 'ch-xname', x: L - 12, y: H - B + 5 }, `${spec.xName} →`));
  if (n > 1 && (n - 1) % stride !== 0) root.append(svg('text', { class: 'ch-xtick', x: r1(xOf(n - 1, n)), y: H - B + 5 }, String(spec.x0 + n - 1)));
  root.append(svg('line', { class: 'ch-axis', x1: L, x2: L, y1: T, y2: H - B }), svg('line', { class: 'ch-axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  spec.series.forEach((s, si) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v) || v <= 0) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${r1(xOf(i, n))} ${r1(axis.y(v))}`;
      pen = true;
    });
    root.append(svg('path', { class: `ch-line ch-s${si}${s.dashed ? ' ch-dashed' : ''}`, 'data-series': s.name, d }));
    const markers = n <= 80;
    s.values.forEach((v, i) => {
      const finite = Number.isFinite(v);
      if (finite && v > 0 && !markers) return;
      const cls = !finite ? 'ch-nonfinite' : v <= 0 ? `ch-zero ch-s${si}` : `ch-point ch-s${si}`;
      const y = !finite ? NONFINITE_Y : axis.y(v);
      root.append(svg('circle', { class: cls, cx: r1(xOf(i, n)), cy: r1(y), r: finite ? 2.2 : 3.5, 'data-series': s.name, 'data-i': i },
        svg('title', {}, `${spec.xName} = ${spec.x0 + i}  ${s.label} = ${fmt(v)}`)));
    });
  });
  return root;
}

/** The legend of a chart: a swatch per series, and NaN/Inf when any value is not finite. */
export function legendItems(series: ChartSeries[]): { label: string; cls: string }[] {
  const items = series.map((s, si) => ({ label: s.label, cls: `ch-s${si}${s.dashed ? ' ch-dashed' : ''}` }));
  if (series.some(s => s.values.some(v => !Number.isFinite(v)))) items.push({ label: 'NaN / Inf', cls: 'ch-nonfinite' });
  return items;
}
