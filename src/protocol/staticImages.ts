// Static pictures of the renderer's views, for notebook viewers without the Unroll renderer
// (Jupyter, GitHub, nbconvert): fit's training chart and the small gradient map, as
// image/svg+xml items beside the rich item and the text. Drawn in the print theme (white paper,
// dark ink), since the viewer's theme is unknown; the map's pixels are a PNG inside the SVG (a
// rectangle per value would make a run's map megabytes), in the heatmap panel's colours
// (viridis over log10 ‖dL/dh_t‖, whole decades; magenta for NaN/Inf). Pure: no DOM, no Node-only API.
import { interpolateViridis } from 'd3-scale-chromatic';
import { PRINT_BACKGROUND, PRINT_INK } from './panelExport';
import type { GradientMapData, TrainingData } from './renderer';

export const SVG_MIME = 'image/svg+xml';

const MUTED = '#555555';
const GRID = '#e3e3e3';
const TRAIN = '#1f5fbf';
const VALIDATION = '#b35900';
const NONFINITE: [number, number, number] = [255, 0, 255];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (v: number) => String(Math.round(v * 10) / 10);

// ---------------------------------------------------------------- PNG (stored deflate: small maps, no compressor needed)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An RGB image (3 bytes a pixel, rows top to bottom) as PNG bytes. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`PNG: ${rgb.length} bytes for ${width}×${height} RGB`);
  const raw = new Uint8Array((width * 3 + 1) * height); // each row: filter 0, then its pixels
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  // zlib: header, stored blocks of at most 65535 bytes, Adler-32
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const z = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  z[0] = 0x78;
  z[1] = 0x01;
  let o = 2;
  for (let i = 0; i < blocks; i++) {
    const part = raw.subarray(i * 65535, Math.min(raw.length, (i + 1) * 65535));
    z[o++] = i === blocks - 1 ? 1 : 0;
    z[o++] = part.length & 0xff;
    z[o++] = part.length >>> 8;
    z[o++] = ~part.length & 0xff;
    z[o++] = (~part.length >>> 8) & 0xff;
    z.set(part, o);
    o += part.length;
  }
  let a = 1, b = 0;
  for (const v of raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  new DataView(z.buffer).setUint32(o, ((b << 16) | a) >>> 0);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', z), chunk('IEND', new Uint8Array())];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  return png;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// ---------------------------------------------------------------- the gradient map

/** Whole decades [lo, hi] around the finite positive values, at least one wide, at most 16 (as the panels' scale). */
function mapDecades(data: GradientMapData): [number, number] {
  let min = Infinity, max = 0;
  for (const s of data.series) for (const col of s.columns) for (const raw of col) {
    const v = Number(raw);
    if (Number.isFinite(v) && v > 0) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (!(max > 0)) return [-6, 0];
  let lo = Math.floor(Math.log10(min));
  const hi = Math.max(Math.ceil(Math.log10(max)), lo + 1);
  if (hi - lo > 16) lo = hi - 16;
  return [lo, hi];
}

/** Viridis in 256 steps, as the panels' lookup table (a run's map has tens of thousands of values). */
let viridisTable: Uint8Array | undefined;
function viridis(index: number): Uint8Array {
  if (!viridisTable) {
    viridisTable = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) {
      const n = parseInt(interpolateViridis(i / 255).slice(1), 16); // "#rrggbb"
      viridisTable.set([(n >> 16) & 255, (n >> 8) & 255, n & 255], i * 3);
    }
  }
  return viridisTable.subarray(index * 3, index * 3 + 3);
}

/** The colour of a norm: viridis over log10 within [lo, hi] (0 at the bottom), magenta for NaN/±Inf. */
function mapColor(v: number, lo: number, hi: number): ArrayLike<number> {
  if (!Number.isFinite(v)) return NONFINITE;
  const t = v > 0 ? Math.min(1, Math.max(0, (Math.log10(v) - lo) / (hi - lo))) : 0;
  return viridis(Math.round(t * 255));
}

const MAP_W = 480;

/** The map as the renderer draws it: one row per recurrence (time step down, training step across), a legend below. */
export function gradientMapSvg(data: GradientMapData): string {
  const [lo, hi] = mapDecades(data);
  const parts: string[] = [];
  let y = 22;
  parts.push(`<text x="10" y="16" font-size="13" font-weight="600" fill="${PRINT_INK}">‖dL/dh_t‖ over training</text>`);
  const first = data.steps[0], last = data.steps[data.steps.length - 1];
  for (const s of data.series) {
    const T = s.columns.reduce((m, c) => Math.max(m, c.length), 0);
    const W = s.columns.length;
    if (!T || !W) continue;
    const rgb = new Uint8Array(W * T * 3);
    s.columns.forEach((col, c) => {
      for (let t = 0; t < T; t++) rgb.set(t < col.length ? mapColor(Number(col[t]), lo, hi) : [255, 255, 255], (t * W + c) * 3);
    });
    const h = Math.max(36, Math.min(160, T * 4));
    parts.push(`<text x="10" y="${y + 12}" font-size="12" fill="${PRINT_INK}">${esc(s.key)}</text>`);
    y += 18;
    parts.push(`<text x="44" y="${y + 8}" font-size="10" text-anchor="end" fill="${MUTED}">t = 1</text><text x="44" y="${y + h}" font-size="10" text-anchor="end" fill="${MUTED}">t = ${T}</text>`);
    parts.push(`<image x="50" y="${y}" width="${MAP_W}" height="${h}" preserveAspectRatio="none" image-rendering="optimizeSpeed" style="image-rendering: pixelated" href="data:image/png;base64,${base64(encodePng(W, T, rgb))}"/>`);
    parts.push(`<rect x="49.5" y="${y - 0.5}" width="${MAP_W + 1}" height="${h + 1}" fill="none" stroke="${MUTED}"/>`);
    y += h + 14;
    parts.push(`<text x="50" y="${y}" font-size="10" fill="${MUTED}">step ${first}</text><text x="${50 + MAP_W}" y="${y}" font-size="10" text-anchor="end" fill="${MUTED}">step ${last}</text>`);
    y += 10;
  }
  // legend: the decades, and the NaN/Inf colour
  const stops = Array.from({ length: 17 }, (_, i) => `<stop offset="${f1(i / 16 * 100)}%" stop-color="${interpolateViridis(i / 16)}"/>`).join('');
  y += 8;
  parts.push(`<defs><linearGradient id="viridis">${stops}</linearGradient></defs>`);
  parts.push(`<text x="50" y="${y + 10}" font-size="10" text-anchor="end" fill="${MUTED}">1e${lo}</text><rect x="54" y="${y}" width="160" height="12" fill="url(#viridis)"/><text x="218" y="${y + 10}" font-size="10" fill="${MUTED}">1e${hi}</text>`);
  parts.push(`<rect x="262" y="${y}" width="12" height="12" fill="rgb(${NONFINITE.join(',')})"/><text x="278" y="${y + 10}" font-size="10" fill="${MUTED}">NaN/Inf</text>`);
  if (!data.steps.length) parts.push(`<text x="10" y="${y - 8}" font-size="11" fill="${MUTED}">no gradient frames yet</text>`);
  y += 22;
  return svgDocument(MAP_W + 70, y, parts);
}

function svgDocument(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`
    + `<rect width="100%" height="100%" fill="${PRINT_BACKGROUND}"/>${parts.join('')}</svg>`;
}

// ---------------------------------------------------------------- the training chart

const CW = 340, CH = 190;
const M = { left: 44, right: 10, top: 18, bottom: 32 };

/** About `n` round tick values between lo and hi. */
function ticks(lo: number, hi: number, n: number): number[] {
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(k => k * p).find(s => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}
const tickText = (t: number) => {
  const a = Math.abs(t);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? t.toExponential(0) : String(+t.toPrecision(3));
};

function path(points: [number, number][]): string {
  let d = '', pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(y)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${f1(x)},${f1(y)}`;
    pen = true;
  }
  return d;
}

function chart(data: TrainingData, index: number, x0: number): string {
  const name = data.names[index];
  const train: [number, number][] = data.steps.map(s => [s.x, Number(s.values[index])]);
  const ends: [number, number][] = data.epochLogs.map(e => [e.epoch + 1, Number(e.logs[name])]);
  const val: [number, number][] = data.epochLogs.filter(e => `val_${name}` in e.logs).map(e => [e.epoch + 1, Number(e.logs[`val_${name}`])]);
  const ys = [...train, ...ends, ...val].map(p => p[1]).filter(Number.isFinite);
  let lo = ys.length ? Math.min(...ys) : 0, hi = ys.length ? Math.max(...ys) : 1;
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const xEnd = Math.max(1, data.epochs <= 20 ? data.epochs : Math.min(data.epochs, Math.ceil((data.steps.at(-1)?.x ?? 1) * 1.25)));
  const X = (v: number) => x0 + M.left + (v / xEnd) * (CW - M.left - M.right);
  const Y = (v: number) => Number.isFinite(v) ? CH - M.bottom - ((v - lo) / (hi - lo)) * (CH - M.top - M.bottom) : NaN;
  const out: string[] = [];
  for (const t of ticks(lo, hi, 4)) {
    out.push(`<line x1="${X(0)}" x2="${X(xEnd)}" y1="${f1(Y(t))}" y2="${f1(Y(t))}" stroke="${GRID}"/>`);
    out.push(`<text x="${X(0) - 4}" y="${f1(Y(t) + 3)}" font-size="10" text-anchor="end" fill="${MUTED}">${tickText(t)}</text>`);
  }
  for (const t of ticks(0, xEnd, Math.min(xEnd, 8)).filter(Number.isInteger)) out.push(`<text x="${f1(X(t))}" y="${CH - M.bottom + 13}" font-size="10" text-anchor="middle" fill="${MUTED}">${t}</text>`);
  out.push(`<path d="M${X(0)},${M.top} V${CH - M.bottom} H${X(xEnd)}" fill="none" stroke="${MUTED}"/>`);
  out.push(`<text x="${X(0)}" y="${M.top - 6}" font-size="12" font-weight="600" fill="${PRINT_INK}">${esc(name)}</text>`);
  out.push(`<text x="${X(xEnd)}" y="${CH - 4}" font-size="10" text-anchor="end" fill="${MUTED}">epoch</text>`);
  out.push(`<path class="train" d="${path(train.map(([x, y]) => [X(x), Y(y)]))}" fill="none" stroke="${TRAIN}" stroke-width="1.6"/>`);
  if (val.length) out.push(`<path class="val" d="${path(val.map(([x, y]) => [X(x), Y(y)]))}" fill="none" stroke="${VALIDATION}" stroke-width="1.6" stroke-dasharray="5 3"/>`);
  for (const [x, y] of ends) if (Number.isFinite(y)) out.push(`<circle cx="${f1(X(x))}" cy="${f1(Y(y))}" r="2.5" fill="${TRAIN}"/>`);
  for (const [x, y] of val) if (Number.isFinite(y)) out.push(`<circle cx="${f1(X(x))}" cy="${f1(Y(y))}" r="3" fill="${VALIDATION}"/>`);
  return out.join('');
}

const STATUS: Record<TrainingData['status'], string> = { running: 'training', done: 'done', stopped: 'stopped', interrupted: 'interrupted' };

/** fit's chart as the renderer draws it: one small chart per series (loss, then the metrics), train solid, validation dashed. */
export function trainingChartSvg(data: TrainingData): string {
  const top = 30;
  const status = data.stoppedBy ? `${STATUS[data.status]} by ${data.stoppedBy}` : STATUS[data.status];
  const parts = [`<text x="10" y="18" font-size="13" fill="${PRINT_INK}"><tspan font-weight="600">${esc(data.model)}</tspan> · ${esc(status)} · epoch ${data.epoch + 1}/${data.epochs}</text>`];
  data.names.forEach((_, i) => parts.push(`<g transform="translate(0 ${top})">${chart(data, i, i * CW)}</g>`));
  const hasVal = data.epochLogs.some(e => Object.keys(e.logs).some(k => k.startsWith('val_')));
  const ky = top + CH + 14;
  parts.push(`<line x1="10" x2="30" y1="${ky - 4}" y2="${ky - 4}" stroke="${TRAIN}" stroke-width="2"/><text x="36" y="${ky}" font-size="11" fill="${MUTED}">train (running epoch mean; dots at epoch ends)</text>`);
  if (hasVal) parts.push(`<line x1="340" x2="360" y1="${ky - 4}" y2="${ky - 4}" stroke="${VALIDATION}" stroke-width="2" stroke-dasharray="5 3"/><text x="366" y="${ky}" font-size="11" fill="${MUTED}">validation</text>`);
  return svgDocument(Math.max(1, data.names.length) * CW, ky + 10, parts);
}
