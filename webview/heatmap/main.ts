// Gradient heatmap panel: log10 ‖dL/dh_t‖ as time step × training step, live; per-parameter
// gradient norms over training; connectivity ‖∂y_T/∂x_t‖; vanishing/exploding/Inf-NaN flags.
import type { HeatmapState, HeatmapToHost, HostToHeatmap } from '../../src/protocol/webview';
import { DEFAULT_THRESHOLDS, flagsOf, fmt, reversedKeysOf } from '../../src/protocol/gradients';
import type { ConnectivitySeries, Flag, GradientFrame, ModelDiagram } from '../../src/protocol/gradients';
import type { PanelData } from '../../src/protocol/panelExport';
import { legendGradient, NONFINITE_CSS } from '../shared/colors';
import { coalesce, el, onThemeChange, themeColor } from '../shared/dom';
import { panelExport } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { isHostToHeatmap } from '../../src/protocol/guards';
import { connect } from '../vscodeApi';
import { Grid } from './grid';

adoptPanelStyles();
const root = document.getElementById('root')!;
let state: HeatmapState = { thresholds: { ...DEFAULT_THRESHOLDS } };
let diagram: ModelDiagram | undefined;
const grids = new Map<string, Grid>();
const paramSeries = new Map<string, number[]>();
const globalNorms: number[] = [];
const flagSteps: { step: number; kind: Flag['kind'] }[] = [];
let lastFrame: GradientFrame | undefined;
/** The training step where NaN/Inf first appeared in this run (marked on the map). */
let firstNonFinite: number | undefined;
/** dh keys of the chains that run from t = T to t = 1 (their near end is t = 1). */
let reversedKeys: ReadonlySet<string> = new Set<string>();
let connectivity: ConnectivitySeries | undefined;
const stats = { frames: 0, draws: 0, drawMs: 0, lastDrawMs: 0, recolours: 0, foreground: '' };
(window as unknown as { __heatmapStats: typeof stats }).__heatmapStats = stats;

const channel = connect<HeatmapToHost, HostToHeatmap, HeatmapState>(message => {
  switch (message.type) {
    case 'model':
      setModel(message.diagram);
      break;
    case 'frames':
      for (const f of message.frames) ingest(f);
      scheduleLiveDraw();
      break;
    case 'connectivity':
      if (diagram && message.series.modelId === diagram.modelId) {
        connectivity = message.series;
        scheduleDraw();
      }
      break;
    case 'clear':
      diagram = undefined;
      reset();
      showEmpty(message.reason);
      break;
    case 'exported':
      note.textContent = message.path ? `Saved ${message.path}` : 'Export cancelled';
      break;
  }
}, isHostToHeatmap);

function reset() {
  grids.clear();
  paramSeries.clear();
  globalNorms.length = 0;
  flagSteps.length = 0;
  lastFrame = undefined;
  firstNonFinite = undefined;
  connectivity = undefined;
}

function setModel(d: ModelDiagram) {
  const same = diagram?.modelId === d.modelId;
  diagram = d;
  reversedKeys = reversedKeysOf(d);
  if (!same) reset();
  if (!state.key || !d.dhKeys.includes(state.key)) state.key = d.dhKeys[0];
  state.modelId = d.modelId;
  channel.setState(state);
  build();
  scheduleDraw();
}

function ingest(f: GradientFrame) {
  if (!diagram || f.modelId !== diagram.modelId) return;
  stats.frames++;
  for (const [key, series] of Object.entries(f.dh)) {
    let g = grids.get(key);
    if (!g) grids.set(key, (g = new Grid(series.length)));
    if (g.push(f.step, series)) stats.recolours++;
  }
  for (const [k, v] of Object.entries(f.gradNorm)) {
    let s = paramSeries.get(k);
    if (!s) paramSeries.set(k, (s = []));
    s.push(v);
  }
  globalNorms.push(f.globalNorm);
  for (const fl of flagsOf(f, state.thresholds, reversedKeys)) {
    if (fl.kind !== 'vanishing') flagSteps.push({ step: f.step, kind: fl.kind });
    if (fl.kind === 'nonfinite' && firstNonFinite === undefined) firstNonFinite = f.step;
  }
  lastFrame = f;
}

// ------------------------------------------------------------------ layout

const toolbar = el('div', { className: 'toolbar' });
const main = el('div', { className: 'hm-main' });
const status = el('div', { className: 'status' });
const heat = el('canvas', { id: 'heatmap' });
const heatWrap = el('div', { className: 'hm-canvas-wrap' }, heat);
const axis = el('div', { className: 'hm-axis' });
const flagsBox = el('div', { className: 'flags', id: 'flags' });
const normsCanvas = el('canvas', { className: 'small', id: 'norms' });
const connCanvas = el('canvas', { className: 'small', id: 'connectivity' });
const legend = el('span', { className: 'legend', id: 'legend' });
const tooltip = el('div', { className: 'tooltip', hidden: true });
let note = el('span', { className: 'muted' });
document.body.append(tooltip);

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'Gradient heatmap'));
  main.replaceChildren(el('div', { className: 'empty' }, reason));
  status.replaceChildren();
}

function numberInput(value: number, title: string, onchange: (v: number) => void) {
  const i = el('input', { type: 'number', value: String(value), title, step: 'any' });
  i.onchange = () => {
    const v = Number(i.value);
    if (Number.isFinite(v) && v > 0) onchange(v);
  };
  return i;
}

function build() {
  const d = diagram!;
  const select = el('select', { id: 'key', title: 'Layer and direction' }, ...d.dhKeys.map(k => el('option', { value: k, selected: k === state.key }, k)));
  select.onchange = () => {
    state.key = select.value;
    channel.setState(state);
    scheduleDraw();
  };
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${d.name} · ‖dL/dh_t‖`),
    el('label', {}, 'Layer', select),
    el('label', {}, 'Vanishing ≥', numberInput(state.thresholds.vanishingDecades, 'Flag when the far end of a chain is this many decades below the near end', v => setThreshold('vanishingDecades', v)), 'decades'),
    el('label', {}, 'Exploding ≥', numberInput(state.thresholds.explodingDecades, 'Flag when the far end of a chain is this many decades above the near end', v => setThreshold('explodingDecades', v)), 'decades or >'),
    el('label', {}, numberInput(state.thresholds.explodingNorm, 'Flag when the global norm or any ‖dL/dh_t‖ exceeds this', v => setThreshold('explodingNorm', v))),
    el('span', { className: 'spacer' }),
    exporter.button(),
    el('button', { className: 'secondary', type: 'button', onclick: () => channel.post({ type: 'openGraph', modelId: d.modelId }), title: 'Open the unrolled graph' }, 'Graph'),
  );
  main.replaceChildren(
    el('div', { className: 'hm-left' }, heatWrap, axis),
    el('div', { className: 'hm-right' },
      el('h4', {}, 'Flags'), flagsBox,
      el('h4', {}, 'Gradient norm per parameter (log)'), normsCanvas,
      el('h4', {}, 'Connectivity ‖∂y_T/∂x_t‖'), connCanvas),
  );
  note = el('span', { className: 'muted' });
  status.replaceChildren(legend, note);
}
function setThreshold(k: keyof HeatmapState['thresholds'], v: number) {
  state.thresholds = { ...state.thresholds, [k]: v };
  channel.setState(state);
  flagSteps.length = 0; // recomputed for new frames; the latest frame's flags are redrawn now
  scheduleDraw();
}
root.replaceChildren(toolbar, main, status);

// ------------------------------------------------------------------ drawing

// top: room for the flag marks (plot.y − 6…−2) and, above them, the first-Inf/NaN label
const M = { left: 46, right: 8, top: 30, bottom: 26 };
const plot = { x: 0, y: 0, w: 0, h: 0 };

function sizeCanvas(c: HTMLCanvasElement, cssW: number, cssH: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssW * dpr)), h = Math.max(1, Math.round(cssH * dpr));
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
  const ctx = c.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** `live`: a redraw for new training frames only (the sparklines may wait, see drawSparklines). */
export function draw(live = false): void {
  const t0 = performance.now();
  if (!diagram) return;
  const fg = themeColor('--vscode-editor-foreground', '#888');
  const muted = themeColor('--vscode-descriptionForeground', '#888');
  const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
  const g = state.key ? grids.get(state.key) : undefined;
  const r = heatWrap.getBoundingClientRect();
  const ctx = sizeCanvas(heat, r.width, r.height);
  ctx.clearRect(0, 0, r.width, r.height);
  plot.x = M.left;
  plot.y = M.top;
  plot.w = Math.max(10, r.width - M.left - M.right);
  plot.h = Math.max(10, r.height - M.top - M.bottom);
  ctx.font = font;
  if (!g || g.count === 0) {
    ctx.fillStyle = muted;
    ctx.fillText('No training steps yet: train the model (model.fit) and the gradients appear here, live.', plot.x, plot.y + 20);
    axis.textContent = '';
  } else {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(g.image, 0, 0, g.count, g.T, plot.x, plot.y, plot.w, plot.h);
    // flagged training steps: a mark above the column
    for (const f of flagSteps) {
      const col = g.columnOf(f.step);
      if (col < 0) continue;
      ctx.fillStyle = f.kind === 'nonfinite' ? NONFINITE_CSS : themeColor('--vscode-charts-red', 'red');
      ctx.fillRect(plot.x + (col / g.count) * plot.w, plot.y - 6, Math.max(2, plot.w / g.count), 4);
    }
    ctx.strokeStyle = muted;
    ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
    drawFirstNonFinite(ctx, g, fg);
    // axes: time step down the left (1 at the top), training step along the bottom
    ctx.fillStyle = fg;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(1, g.T, Math.max(2, Math.floor(plot.h / 40)))) ctx.fillText(String(t), plot.x - 4, plot.y + ((t - 0.5) / g.T) * plot.h);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const s0 = g.steps[0], s1 = g.steps[g.count - 1];
    for (const s of niceTicks(s0, s1, Math.max(2, Math.floor(plot.w / 80)))) {
      const col = g.count === 1 ? 0 : ((s - s0) / (s1 - s0 || 1)) * (g.count - 1);
      ctx.fillText(String(s), plot.x + ((col + 0.5) / g.count) * plot.w, plot.y + plot.h + 4);
    }
    axis.textContent = `rows: time step t = 1…${g.T} (top to bottom) · columns: training steps ${s0}…${s1} (${g.count}) · colour: log10 ‖dL/dh_t‖ (batch mean) · magenta: Inf/NaN${firstNonFinite === undefined ? '' : ` · first Inf/NaN at training step ${firstNonFinite}`}`;
    drawLegend(g);
  }
  drawFlags();
  drawSparklines(live);
  stats.draws++;
  stats.foreground = fg;
  stats.lastDrawMs = performance.now() - t0;
  stats.drawMs += stats.lastDrawMs;
  heat.dataset.count = String(g?.count ?? 0);
}
/** One draw per animation frame; it is a live one only if nothing but frames asked for it. */
let fullDrawAsked = false;
const scheduleAnyDraw = coalesce(() => {
  const live = !fullDrawAsked;
  fullDrawAsked = false;
  draw(live);
});
const scheduleDraw = () => {
  fullDrawAsked = true;
  scheduleAnyDraw();
};
/**
 * Frames redraw the map at most LIVE_DRAWS_PER_SECOND times a second (every frame is stored, and
 * the latest is always drawn): the page's drawing time is taken from the training run it shows,
 * and a map of hundreds of columns gains nothing a learner can see from a faster redraw.
 */
const LIVE_DRAWS_PER_SECOND = 4;
let lastLiveDraw = -Infinity;
let liveDrawTimer: ReturnType<typeof setTimeout> | undefined;
const scheduleLiveDraw = () => {
  if (liveDrawTimer) return;
  liveDrawTimer = setTimeout(() => {
    liveDrawTimer = undefined;
    lastLiveDraw = performance.now();
    scheduleAnyDraw();
  }, Math.max(0, lastLiveDraw + 1000 / LIVE_DRAWS_PER_SECOND - performance.now()));
};

/**
 * The per-parameter norms and connectivity sparklines show a trend over the whole run: while a
 * model trains they are redrawn at most SPARKLINES_PER_SECOND times a second, not with every
 * frame (they were a third of this page's drawing time, and the page's time is taken from the
 * training run it shows). Anything else (a model, connectivity, a resize, a theme) redraws them
 * at once, and a frame that had to wait is drawn when its turn comes.
 */
const SPARKLINES_PER_SECOND = 2;
let sparklinesDrawnAt = -Infinity;
let sparklinesTimer: ReturnType<typeof setTimeout> | undefined;
function drawSparklines(live: boolean) {
  const wait = sparklinesDrawnAt + 1000 / SPARKLINES_PER_SECOND - performance.now();
  if (live && wait > 0) {
    sparklinesTimer ??= setTimeout(() => {
      sparklinesTimer = undefined;
      drawSparklines(false);
    }, wait);
    return;
  }
  if (sparklinesTimer) clearTimeout(sparklinesTimer);
  sparklinesTimer = undefined;
  sparklinesDrawnAt = performance.now();
  const fg = themeColor('--vscode-editor-foreground', '#888');
  const muted = themeColor('--vscode-descriptionForeground', '#888');
  const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
  drawNorms(fg, muted, font);
  drawConnectivity(fg, muted, font);
}
window.addEventListener('resize', scheduleDraw);
onThemeChange(scheduleDraw);

/** A dashed magenta line before the column of the run's first NaN/Inf step, labelled. */
function drawFirstNonFinite(ctx: CanvasRenderingContext2D, g: Grid, fg: string) {
  if (firstNonFinite === undefined) return;
  const col = g.steps.findIndex(s => s >= firstNonFinite!);
  if (col < 0) return;
  const x = plot.x + (col / g.count) * plot.w;
  ctx.save();
  ctx.strokeStyle = NONFINITE_CSS;
  ctx.lineWidth = 2;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(x, plot.y - 20);
  ctx.lineTo(x, plot.y + plot.h);
  ctx.stroke();
  ctx.fillStyle = fg;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = x > plot.x + plot.w / 2 ? 'right' : 'left';
  ctx.fillText(`first Inf/NaN: step ${firstNonFinite}`, x + (ctx.textAlign === 'left' ? 4 : -4), plot.y - 8);
  ctx.restore();
}

function niceTicks(a: number, b: number, n: number): number[] {
  if (b <= a) return [a];
  const raw = (b - a) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(k => k * p).find(s => s >= raw) ?? p * 10;
  const out = [a];
  for (let v = Math.ceil(a / step) * step; v <= b; v += step) if (v !== a && v - out[out.length - 1] > step * 0.5) out.push(v);
  return out;
}

let legendKey = '';
/** Rebuilt only when the colour domain changes: a live run redraws the map ~8 times a second. */
function drawLegend(g: Grid) {
  const key = `${g.scale.lo}:${g.scale.hi}`;
  if (key === legendKey && legend.childElementCount) return;
  legendKey = key;
  const bar = el('span', { className: 'legend-bar' });
  bar.style.background = legendGradient(g.scale);
  const ticks = g.scale.ticks();
  const nan = el('span', { className: 'legend-bar' });
  nan.style.background = NONFINITE_CSS;
  nan.style.width = '12px';
  legend.replaceChildren(el('span', {}, 'log10 ‖dL/dh_t‖'), el('span', {}, el('span', { className: 'ticks' }, ...[ticks[0], ticks[ticks.length - 1]].map(t => el('span', {}, String(t)))), el('br'), bar), nan, el('span', {}, 'Inf/NaN'));
  legend.dataset.lo = String(g.scale.lo);
  legend.dataset.hi = String(g.scale.hi);
}

let flagsText = '';
function drawFlags() {
  const th = state.thresholds;
  const items: HTMLElement[] = [];
  if (lastFrame) {
    const flags = flagsOf(lastFrame, th, reversedKeys);
    for (const f of flags) items.push(el('div', { className: `flag ${f.kind}` }, f.message));
    if (firstNonFinite !== undefined) items.push(el('div', { className: 'flag nonfinite', id: 'first-nonfinite' }, `first Inf/NaN at training step ${firstNonFinite}`));
    const nonfinite = flagSteps.filter(f => f.kind === 'nonfinite').length;
    const exploding = flagSteps.filter(f => f.kind === 'exploding').length;
    if (nonfinite && !flags.some(f => f.kind === 'nonfinite')) items.push(el('div', { className: 'flag nonfinite' }, `Inf/NaN in ${nonfinite} earlier step(s)`));
    if (exploding && !flags.some(f => f.kind === 'exploding')) items.push(el('div', { className: 'flag exploding' }, `exploding in ${exploding} earlier step(s)`));
    if (!items.length) items.push(el('div', { className: 'flag ok' }, `step ${lastFrame.step}: no flags · global norm ${fmt(lastFrame.globalNorm)}`));
  } else items.push(el('div', { className: 'flag ok' }, 'No steps yet'));
  items.push(el('div', { className: 'muted' }, `Thresholds: vanishing when the far end is ≥ ${th.vanishingDecades} decades below the near end; exploding when it is ≥ ${th.explodingDecades} decades above, a norm > ${fmt(th.explodingNorm)}, or any Inf/NaN.`));
  // The DOM is replaced only when what it says changes (most live frames change nothing here).
  const text = items.map(i => `${i.className}|${i.textContent}`).join('\n');
  if (text === flagsText) return;
  flagsText = text;
  flagsBox.replaceChildren(...items);
}

function drawNorms(fg: string, muted: string, font: string) {
  const keys = [...paramSeries.keys()];
  const rowH = 30;
  const w = normsCanvas.clientWidth || 280;
  const ctx = sizeCanvas(normsCanvas, w, Math.max(rowH, (keys.length + 1) * rowH));
  normsCanvas.style.height = `${Math.max(rowH, (keys.length + 1) * rowH)}px`;
  ctx.clearRect(0, 0, w, normsCanvas.height);
  ctx.font = font;
  const series: [string, number[]][] = [['global norm', globalNorms], ...keys.map(k => [k, paramSeries.get(k)!] as [string, number[]])];
  const colors = ['--vscode-charts-red', '--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-yellow'];
  series.forEach(([name, s], i) => {
    const y0 = i * rowH;
    ctx.fillStyle = muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    const last = s[s.length - 1];
    ctx.fillText(`${name.length > 30 ? `…${name.slice(-29)}` : name}`, 0, y0 + 1);
    ctx.textAlign = 'right';
    ctx.fillStyle = fg;
    ctx.fillText(last === undefined ? '' : fmt(last), w, y0 + 1);
    if (s.length < 2) return;
    // One point per pixel column (min/max would be finer; the sparkline shows the trend), and
    // only those points are read: a long run's series has one entry per training step, and this
    // redraws with every frame.
    const n = s.length;
    const stride = Math.max(1, Math.floor(n / w));
    const logs = new Map<number, number>();
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < n; j += stride) {
      const v = s[j] > 0 && Number.isFinite(s[j]) ? Math.log10(s[j]) : NaN;
      logs.set(j, v);
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    const top = y0 + 14, h = rowH - 17;
    ctx.strokeStyle = themeColor(colors[i % colors.length], fg);
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    let started = false;
    for (const [j, v] of logs) {
      if (!Number.isFinite(v)) {
        ctx.fillStyle = NONFINITE_CSS;
        ctx.fillRect((j / (n - 1)) * w - 1, top, 2, h);
        started = false;
        continue;
      }
      const x = (j / (n - 1)) * w;
      const y = top + h - ((v - lo) / (hi - lo || 1)) * h;
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
  });
}

function drawConnectivity(fg: string, muted: string, font: string) {
  const w = connCanvas.clientWidth || 280, h = 110;
  const ctx = sizeCanvas(connCanvas, w, h);
  connCanvas.style.height = `${h}px`;
  ctx.clearRect(0, 0, w, h);
  ctx.font = font;
  if (!connectivity) {
    ctx.fillStyle = muted;
    ctx.textBaseline = 'top';
    ctx.fillText('Not computed yet: fit sends it at the', 0, 4);
    ctx.fillText('end of each epoch (8 probe samples).', 0, 18);
    return;
  }
  const v = connectivity.values;
  const finite = v.filter(Number.isFinite);
  const max = Math.max(...finite, 1e-30);
  const top = 16, bh = h - top - 14;
  ctx.fillStyle = muted;
  ctx.textBaseline = 'top';
  ctx.fillText(finite.length ? `step ${connectivity.step}, max ${fmt(max)}` : `step ${connectivity.step}: every value is Inf/NaN`, 0, 0);
  ctx.fillStyle = themeColor('--vscode-charts-blue', fg);
  const bw = w / v.length;
  v.forEach((x, t) => {
    const hh = Number.isFinite(x) ? (x / max) * bh : bh;
    if (!Number.isFinite(x)) ctx.fillStyle = NONFINITE_CSS;
    ctx.fillRect(t * bw, top + bh - hh, Math.max(1, bw - (bw > 3 ? 1 : 0)), hh);
    if (!Number.isFinite(x)) ctx.fillStyle = themeColor('--vscode-charts-blue', fg);
  });
  ctx.fillStyle = muted;
  ctx.fillText('t = 1', 0, h - 12);
  ctx.textAlign = 'right';
  ctx.fillText(`T = ${v.length}`, w, h - 12);
  ctx.textAlign = 'left';
}

// ------------------------------------------------------------------ hover, export

heat.addEventListener('mousemove', e => {
  const g = state.key ? grids.get(state.key) : undefined;
  const r = heat.getBoundingClientRect();
  const x = e.clientX - r.left - plot.x, y = e.clientY - r.top - plot.y;
  if (!g || x < 0 || y < 0 || x >= plot.w || y >= plot.h) {
    tooltip.hidden = true;
    return;
  }
  const col = Math.floor((x / plot.w) * g.count), t = Math.floor((y / plot.h) * g.T);
  const v = g.value(col, t);
  tooltip.textContent = `${state.key}\ntraining step ${g.steps[col]}, t = ${t + 1}\n‖dL/dh_t‖ = ${fmt(v)}${Number.isFinite(v) && v > 0 ? `  (log10 ${Math.log10(v).toFixed(2)})` : ''}`;
  tooltip.hidden = false;
  tooltip.style.left = `${e.clientX + 14}px`;
  tooltip.style.top = `${e.clientY + 10}px`;
});
heat.addEventListener('mouseleave', () => (tooltip.hidden = true));

const exporter = panelExport({
  panel: 'heatmap',
  root: () => root,
  naming: () => ({ model: diagram?.name, step: lastFrame?.step }),
  data: () => diagram && heatmapData(diagram),
  post: m => channel.post(m),
});

/** Every series' ‖dL/dh_t‖ per training step and time step (one row per value), the parameter norms, connectivity and flags' thresholds. */
function heatmapData(d: ModelDiagram): PanelData {
  const rows: (string | number)[][] = [];
  const series: Record<string, { steps: number[]; columns: number[][] }> = {};
  for (const [key, g] of grids) {
    const columns = Array.from({ length: g.count }, (_, c) => Array.from({ length: g.T }, (_, t) => g.value(c, t)));
    series[key] = { steps: g.steps.slice(0, g.count), columns };
    columns.forEach((col, c) => col.forEach((v, t) => rows.push([key, g.steps[c], t + 1, v])));
  }
  return {
    table: { columns: ['recurrence', 'training_step', 't', 'dL_dh_norm'], rows },
    json: { model: d.name, modelId: d.modelId, dh: series, globalNorm: globalNorms, gradNorm: Object.fromEntries(paramSeries), connectivity: connectivity ?? null, thresholds: state.thresholds, firstNonFinite: firstNonFinite ?? null },
  };
}

/** For tests: the canvas position of a cell's centre (CSS pixels), and a forced synchronous draw. */
(window as unknown as { __heatmap: unknown }).__heatmap = {
  cellCenter(col: number, t: number) {
    const g = state.key ? grids.get(state.key) : undefined;
    if (!g) return null;
    return { x: plot.x + ((col + 0.5) / g.count) * plot.w, y: plot.y + ((t + 0.5) / g.T) * plot.h };
  },
  drawNow: draw,
  /** The stored ‖dL/dh_t‖ of a series: one array of T per training step received. */
  columns(key: string) {
    const g = grids.get(key);
    return g ? Array.from({ length: g.count }, (_, c) => Array.from({ length: g.T }, (_, t) => g.value(c, t))) : null;
  },
  firstNonFinite: () => firstNonFinite,
  fullRecolour() {
    const g = state.key ? grids.get(state.key) : undefined;
    const t0 = performance.now();
    g?.recolourAll();
    draw();
    return performance.now() - t0;
  },
  scale() {
    const g = state.key ? grids.get(state.key) : undefined;
    return g ? { lo: g.scale.lo, hi: g.scale.hi } : null;
  },
};

// ------------------------------------------------------------------ start

const saved = channel.getState();
if (saved) state = { ...state, ...saved, thresholds: { ...DEFAULT_THRESHOLDS, ...saved.thresholds } };
showEmpty('Waiting for a model…');
channel.post({ type: 'ready' });
