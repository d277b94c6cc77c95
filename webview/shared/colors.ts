// The one colour map of both panels: log10 ‖dL/dh_t‖ through viridis (perceptual, readable on
// light and dark backgrounds), with a lookup table for the canvas and the same scale for SVG.
import { scaleLinear, scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';

export const NONFINITE_RGB: [number, number, number] = [255, 0, 255];
export const NONFINITE_CSS = 'rgb(255, 0, 255)';
const LUT_SIZE = 256;

/** Colour scale over log10 values: [lo, hi] in decades. */
export class LogColorScale {
  readonly scale;
  readonly lut = new Uint8ClampedArray(LUT_SIZE * 4);
  constructor(readonly lo: number, readonly hi: number) {
    this.scale = scaleSequential(interpolateViridis).domain([lo, hi]).clamp(true);
    for (let i = 0; i < LUT_SIZE; i++) {
      const c = parseRgb(interpolateViridis(i / (LUT_SIZE - 1)));
      this.lut.set([c[0], c[1], c[2], 255], i * 4);
    }
  }
  /** CSS colour of a raw (not log) value. */
  css(v: number): string {
    if (!Number.isFinite(v) || v <= 0) return v === 0 ? this.scale(this.lo) : NONFINITE_CSS;
    return this.scale(Math.log10(v));
  }
  /**
   * CSS colour of a raw value on `bins` steps of the map: live views repaint only when a value
   * crosses a step (a frame that moves every norm a little repaints nothing).
   */
  cssBinned(v: number, bins = 32): string {
    const i = this.index(v);
    if (i < 0) return NONFINITE_CSS;
    const j = Math.round((Math.round((i / (LUT_SIZE - 1)) * (bins - 1)) / (bins - 1)) * (LUT_SIZE - 1)) * 4;
    return `rgb(${this.lut[j]}, ${this.lut[j + 1]}, ${this.lut[j + 2]})`;
  }
  /** Index into the LUT (0..255) of a raw value; −1 for Inf/NaN. */
  index(v: number): number {
    if (!Number.isFinite(v)) return -1;
    const l = v > 0 ? Math.log10(v) : this.lo;
    const t = (l - this.lo) / (this.hi - this.lo || 1);
    return Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1))));
  }
  /** Integer-decade ticks for the legend. */
  ticks(): number[] {
    return scaleLinear().domain([this.lo, this.hi]).ticks(Math.min(8, Math.max(2, Math.round(this.hi - this.lo)))).filter(t => Number.isInteger(t));
  }
}

export function parseRgb(css: string): [number, number, number] {
  if (css.startsWith('#')) {
    const n = parseInt(css.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** Decade bounds [floor(log10 min), ceil(log10 max)] of the finite positive values, at least one decade wide. */
export function decadeDomain(min: number, max: number): [number, number] {
  if (!(min > 0) || !(max > 0)) return [-6, 0];
  let lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi - lo < 1) hi = lo + 1;
  if (hi - lo > 16) lo = hi - 16;
  return [lo, hi];
}

/** A horizontal legend as a canvas-free DOM strip (CSS gradient via CSSOM, allowed under the CSP). */
export function legendGradient(s: LogColorScale, steps = 16): string {
  const stops = Array.from({ length: steps + 1 }, (_, i) => s.scale(s.lo + ((s.hi - s.lo) * i) / steps));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
