// One heatmap per series of a chain (h, c, gates): time steps across, units down, one canvas pixel
// per cell scaled up without smoothing. Colour maps: tanh-range values (h, candidate) and c
// through a diverging map centred on 0 (blue negative, red positive); sigmoid gates through
// viridis on [0, 1]. NaN and ±Inf are magenta, as in the other panels; masked (padding) steps are
// dimmed towards the background.
import { scaleSequential } from 'd3-scale';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import type { StateChain } from '../../src/protocol/gradients';
import { NONFINITE_RGB, parseRgb } from '../shared/colors';
import { el } from '../shared/dom';

/** What a series is, for the learner: its symbol and one line. */
export const SERIES_INFO: Record<string, { symbol: string; about: string }> = {
  h: { symbol: 'h_t', about: 'hidden state: what the layer passes on' },
  c: { symbol: 'c_t', about: 'cell state: the LSTM\'s memory line' },
  i: { symbol: 'i_t', about: 'input gate: how much of c̃ is written' },
  f: { symbol: 'f_t', about: 'forget gate: how much of c_{t−1} is kept' },
  o: { symbol: 'o_t', about: 'output gate: how much of tanh(c_t) is shown' },
  z: { symbol: 'z_t', about: 'update gate: how much of h_{t−1} is kept' },
  r: { symbol: 'r_t', about: 'reset gate: how much of h_{t−1} feeds the candidate' },
  candidate: { symbol: 'c̃_t', about: 'candidate: the new content proposed at this step' },
};

const GATES = new Set(['i', 'f', 'o', 'z', 'r']);
const LUT = 256;

/** A series' colour map: its domain, a lookup table for the canvas, a CSS gradient for the legend. */
export class SeriesScale {
  private readonly lut = new Uint8ClampedArray(LUT * 3);
  /** The same colours as opaque RGBA pixels (one 32-bit store a cell), the last one NaN's. */
  private readonly pixels = new Uint32Array(LUT + 1);
  readonly domain: [number, number];
  readonly gradient: string;
  constructor(readonly gate: boolean, maxAbs: number) {
    this.domain = gate ? [0, 1] : [-maxAbs, maxAbs];
    const interp = gate ? interpolateViridis : (t: number) => interpolateRdBu(1 - t);
    const scale = scaleSequential(interp).domain([0, 1]);
    for (let i = 0; i < LUT; i++) this.lut.set(parseRgb(scale(i / (LUT - 1))), i * 3);
    const rgba = new Uint8ClampedArray(this.pixels.buffer);
    for (let i = 0; i <= LUT; i++) {
      this.write(i < LUT ? this.domain[0] + (i / (LUT - 1)) * (this.domain[1] - this.domain[0]) : NaN, rgba, i * 4);
      rgba[i * 4 + 3] = 255;
    }
    this.gradient = `linear-gradient(to right, ${Array.from({ length: 9 }, (_, i) => scale(i / 8)).join(', ')})`;
  }
  rgb(v: number): [number, number, number] {
    const out: [number, number, number] = [0, 0, 0];
    this.write(v, out, 0);
    return out;
  }
  /** The lookup table's entry for v: 0 … LUT − 1, LUT for NaN and ±Inf. */
  private index(v: number): number {
    if (!Number.isFinite(v)) return LUT;
    const [lo, hi] = this.domain;
    return Math.max(0, Math.min(LUT - 1, Math.round(((v - lo) / (hi - lo || 1)) * (LUT - 1))));
  }
  /** Writes v's colour at `at` of `into` (no array made: a map is painted cell by cell, several times a second while a model trains). */
  write(v: number, into: { [i: number]: number }, at: number): void {
    const i = this.index(v);
    if (i === LUT) {
      [into[at], into[at + 1], into[at + 2]] = NONFINITE_RGB;
      return;
    }
    into[at] = this.lut[i * 3];
    into[at + 1] = this.lut[i * 3 + 1];
    into[at + 2] = this.lut[i * 3 + 2];
  }
  /** v's colour as an opaque RGBA pixel in the platform's byte order (an ImageData seen as Uint32Array). */
  pixel(v: number): number {
    return this.pixels[this.index(v)];
  }
}

/** The scale of series `name`: gates on [0, 1]; the others symmetric, ±1 or the largest |value| over every snapshot when above 1 (c). */
export function scaleFor(name: string, chains: StateChain[]): SeriesScale {
  if (GATES.has(name)) return new SeriesScale(true, 1);
  let maxAbs = 1;
  for (const c of chains) for (const s of c.series) if (s.name === name) for (let i = 0; i < s.values.length; i++) {
    const a = Math.abs(s.values[i]);
    if (Number.isFinite(a) && a > maxAbs) maxAbs = a;
  }
  return new SeriesScale(false, Math.ceil(maxAbs * 10) / 10);
}

/** A map: its canvas and the two markers (the selected unit's row, the selected step's column). */
export interface MapView {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  row: HTMLElement;
  col: HTMLElement;
}

export function mapView(name: string, kind: string, scale: SeriesScale, units: number): MapView {
  const canvas = el('canvas', { className: 'st-map' });
  canvas.dataset.series = name;
  const row = el('div', { className: 'st-row-mark' });
  const col = el('div', { className: 'st-col-mark' });
  const info = SERIES_INFO[name] ?? { symbol: name, about: '' };
  const symbol = name === 'candidate' && kind === 'GRU' ? 'h̃_t' : info.symbol;
  const [lo, hi] = scale.domain;
  const legendBar = el('span', { className: 'legend-bar st-legend-bar' });
  legendBar.style.background = scale.gradient;
  const wrap = el('div', { className: `st-map-wrap st-h${Math.min(5, Math.ceil(units / 8))}` }, canvas, row, col);
  const root = el('section', { className: 'st-series' },
    el('header', {}, el('b', {}, symbol), el('span', { className: 'st-about' }, info.about), el('span', { className: 'spacer' }),
      el('span', { className: 'legend' }, el('span', { className: 'st-tick' }, fmtTick(lo)), legendBar, el('span', { className: 'st-tick' }, fmtTick(hi)))),
    el('div', { className: 'st-map-row' }, el('div', { className: 'st-units' }, el('span', {}, 'unit 0'), el('span', {}, `${units - 1}`)), wrap),
  );
  root.dataset.series = name;
  return { root, canvas, row, col };
}

const fmtTick = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** Paints one series: T columns × units rows; masked steps blended halfway to the background. */
export function paint(view: MapView, values: ArrayLike<number>, T: number, units: number, scale: SeriesScale, mask: number[] | undefined, background: [number, number, number]): void {
  const c = view.canvas;
  if (c.width !== T || c.height !== units) {
    c.width = T;
    c.height = units;
  }
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(T, units);
  const data = img.data;
  const pixels = new Uint32Array(data.buffer);
  for (let t = 0; t < T; t++) {
    const dim = mask !== undefined && mask[t] === 0;
    for (let j = 0; j < units; j++) {
      pixels[j * T + t] = scale.pixel(values[t * units + j]);
      if (!dim) continue;
      const at = (j * T + t) * 4;
      for (let k = 0; k < 3; k++) data[at + k] = (data[at + k] + 2 * background[k]) / 3;
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** Places the markers of unit `unit` and step `t` (percentages: no layout read needed). */
export function mark(view: MapView, unit: number | undefined, t: number | undefined, T: number, units: number): void {
  view.row.hidden = unit === undefined;
  view.col.hidden = t === undefined;
  if (unit !== undefined) {
    view.row.style.top = `${(unit / units) * 100}%`;
    view.row.style.height = `${100 / units}%`;
  }
  if (t !== undefined) {
    view.col.style.left = `${(t / T) * 100}%`;
    view.col.style.width = `${100 / T}%`;
  }
}
