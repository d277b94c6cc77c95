// One ‖dL/dh_t‖ series over training as an image: column = training step, row = time step.
// A new frame writes one column of pixels (putImageData of a 1×T strip) into an offscreen
// canvas; the visible canvas only scales that image. The whole image is recoloured only when
// a value leaves the colour domain (a new decade), which happens a handful of times per run.
import { decadeDomain, LogColorScale, NONFINITE_RGB } from '../shared/colors';

/**
 * The most columns a grid keeps. A run sends about 8 frames a second, so an hour of training is
 * some 29,000; a canvas wider than 32,767 pixels cannot be drawn at all, and a plot a few hundred
 * pixels wide shows no more. At the limit every other column goes (see thin), so the map covers the
 * whole run at half the resolution, and the run's later steps keep coming in.
 */
export const MAX_COLUMNS = 4096;

/**
 * Which of `count` items a halving keeps: of each two neighbours the earlier, unless only the later
 * holds an Inf/NaN, which a learner must still see in magenta (the map's columns, the comparison's frames).
 */
export function everyOther(count: number, nonFinite: (i: number) => boolean): number[] {
  const kept: number[] = [];
  for (let i = 0; i < count; i += 2) kept.push(i + 1 < count && !nonFinite(i) && nonFinite(i + 1) ? i + 1 : i);
  return kept;
}

export class Grid {
  T: number;
  count = 0;
  capacity: number;
  values: Float32Array; // [capacity, T], column-major: values[col * T + t]
  steps: number[] = [];
  readonly image: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private column: ImageData;
  scale: LogColorScale;
  private min = Infinity;
  private max = 0;
  /** Full recolours done (domain changes); the rest were one-column writes. */
  recolours = 0;

  constructor(T: number, capacity = 1024) {
    this.T = T;
    this.capacity = capacity;
    this.values = new Float32Array(capacity * T);
    this.image = document.createElement('canvas');
    this.image.width = capacity;
    this.image.height = T;
    this.ctx = this.image.getContext('2d', { willReadFrequently: false })!;
    this.column = this.ctx.createImageData(1, T);
    this.scale = new LogColorScale(-6, 0);
  }

  /** Append one training step's series; returns true when the whole image was recoloured. */
  push(step: number, series: ArrayLike<number>): boolean {
    if (series.length > this.T) this.reshape(series.length);
    if (this.count === this.capacity) {
      if (this.capacity >= MAX_COLUMNS) this.thin();
      else this.grow();
    }
    const col = this.count++;
    this.steps.push(step);
    const base = col * this.T;
    let lo = this.min, hi = this.max;
    for (let t = 0; t < this.T; t++) {
      const v = t < series.length ? series[t] : NaN;
      this.values[base + t] = v;
      if (Number.isFinite(v) && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    this.min = lo;
    this.max = hi;
    const [dlo, dhi] = decadeDomain(lo, hi);
    if (this.count === 1 || dlo < this.scale.lo || dhi > this.scale.hi) {
      this.scale = new LogColorScale(Math.min(dlo, this.count === 1 ? dlo : this.scale.lo), Math.max(dhi, this.count === 1 ? dhi : this.scale.hi));
      this.recolourAll();
      return true;
    }
    this.paintColumn(col);
    return false;
  }

  private paintColumn(col: number) {
    const px = this.column.data;
    const lut = this.scale.lut;
    const base = col * this.T;
    for (let t = 0; t < this.T; t++) this.setPixel(px, t * 4, this.values[base + t], lut);
    this.ctx.putImageData(this.column, col, 0);
  }

  private setPixel(px: Uint8ClampedArray, o: number, v: number, lut: Uint8ClampedArray) {
    const i = this.scale.index(v);
    if (i < 0) {
      px[o] = NONFINITE_RGB[0];
      px[o + 1] = NONFINITE_RGB[1];
      px[o + 2] = NONFINITE_RGB[2];
      px[o + 3] = 255;
      return;
    }
    px[o] = lut[i * 4];
    px[o + 1] = lut[i * 4 + 1];
    px[o + 2] = lut[i * 4 + 2];
    px[o + 3] = 255;
  }
  /** Recolour every column (after the colour domain grew). */
  recolourAll(): void {
    this.recolours++;
    if (this.count === 0) return;
    const img = this.ctx.createImageData(this.count, this.T);
    const px = img.data;
    const lut = this.scale.lut;
    const W = this.count;
    for (let c = 0; c < W; c++) {
      const base = c * this.T;
      for (let t = 0; t < this.T; t++) this.setPixel(px, (t * W + c) * 4, this.values[base + t], lut);
    }
    this.ctx.putImageData(img, 0, 0);
  }

  private grow() {
    const cap = this.capacity * 2;
    const values = new Float32Array(cap * this.T);
    values.set(this.values);
    this.values = values;
    const old = document.createElement('canvas');
    old.width = this.capacity;
    old.height = this.T;
    old.getContext('2d')!.drawImage(this.image, 0, 0);
    this.image.width = cap;
    this.ctx.drawImage(old, 0, 0);
    this.capacity = cap;
  }

  /** Halves the columns (everyOther); a kept column then stands for the steps up to the next one's (columnOf). */
  private thin() {
    const T = this.T;
    const kept = everyOther(this.count, c => this.values.subarray(c * T, (c + 1) * T).some(v => !Number.isFinite(v)));
    kept.forEach((from, to) => this.values.copyWithin(to * T, from * T, (from + 1) * T));
    this.steps = kept.map(c => this.steps[c]);
    this.count = kept.length;
    this.recolourAll();
  }

  /** The column that shows training step `step`: the last whose step is at or before it (−1 before the first). */
  columnOf(step: number): number {
    let lo = 0, hi = this.count - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.steps[mid] <= step) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private reshape(T: number) {
    const values = new Float32Array(this.capacity * T).fill(NaN);
    for (let c = 0; c < this.count; c++) values.set(this.values.subarray(c * this.T, (c + 1) * this.T), c * T);
    this.values = values;
    this.T = T;
    this.image.height = T;
    this.column = this.ctx.createImageData(1, T);
    this.recolourAll();
  }

  value(col: number, t: number): number {
    return this.values[col * this.T + t];
  }
  latest(): Float32Array | undefined {
    return this.count ? this.values.subarray((this.count - 1) * this.T, this.count * this.T) : undefined;
  }
}
