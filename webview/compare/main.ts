// Lockstep Comparison panel: the models of one compare() call, aligned on one x axis (the training
// step of the comparison): per model a row with its ‖dL/dh_t‖ heatmap (time × step, the heatmap
// panel's Grid and colour map), then one loss chart with a line per model, then the gradient
// ratio far end / near end per model on a log scale with the vanishing and exploding thresholds.
import type { CompareRow, CompareToHost, CompareViewState, HostToCompare } from '../../src/protocol/compareView';
import { DEFAULT_THRESHOLDS, fmt, gradientTrendDecades, type GradientFrame } from '../../src/protocol/gradients';
import { isHostToCompare } from '../../src/protocol/guards';
import type { PanelData } from '../../src/protocol/panelExport';
import { legendGradient, LogColorScale } from '../shared/colors';
import { coalesce, el, onThemeChange, svg } from '../shared/dom';
import { panelExport, showWholeScroller } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { everyOther, Grid, MAX_COLUMNS } from '../heatmap/grid';
import { adoptCompareStyles } from './style';

adoptPanelStyles();
adoptCompareStyles();
const root = document.getElementById('root')!;

/** Left column (names) and plot width: every row and chart shares them, so x lines up. */
const LABEL_WIDTH = 170;
const HEATMAP_HEIGHT = 84;
const CHART_HEIGHT = 150;

interface ModelRun {
  row: CompareRow;
  /** The recurrence whose ‖dL/dh_t‖ the row draws (the layer picker; the first by default). */
  key: string | undefined;
  /**
   * The frames, so that another pick redraws the row from the comparison's first step: every one,
   * up to the heatmap's MAX_COLUMNS, then every other as the map keeps its columns (everyOther).
   */
  frames: GradientFrame[];
  grid?: Grid;
  /** The step before this comparison's first frame: x = frame.step − base. */
  base?: number;
  losses: [number, number][];
  ratios: [number, number][];
}

let title = '';
let comparisonId: string | undefined;
let runs: ModelRun[] = [];
const stats = { rows: 0, frames: 0, draws: 0, lossLines: 0, ratioLines: 0 };
(window as unknown as { __compareStats: typeof stats }).__compareStats = stats;

const channel = connect<CompareToHost, HostToCompare, CompareViewState>(message => {
  switch (message.type) {
    case 'models':
      comparisonId = message.comparisonId;
      title = message.title;
      runs = message.rows.map(row => ({ row, key: pickedKey(row), frames: [], losses: [], ratios: [] }));
      channel.setState(viewState());
      draw();
      break;
    case 'frames':
      for (const f of message.frames) ingest(f);
      scheduleDraw();
      break;
    case 'clear':
      comparisonId = undefined;
      runs = [];
      showEmpty(message.reason);
      break;
    case 'exported':
      break;
  }
}, isHostToCompare);

/** The layer picked for a row: the one saved for this comparison, else the model's first recurrence. */
function pickedKey(row: CompareRow): string | undefined {
  const saved = savedState?.comparisonId === comparisonId ? savedState?.keys?.[row.modelId] : undefined;
  return saved !== undefined && row.dhKeys.includes(saved) ? saved : row.dhKeys[0];
}
const savedState = channel.getState();
const viewState = (): CompareViewState => ({ comparisonId, keys: Object.fromEntries(runs.flatMap(r => (r.key ? [[r.row.modelId, r.key]] : []))) });

function ingest(f: GradientFrame): void {
  const run = runs.find(r => r.row.modelId === f.modelId);
  if (!run) return;
  stats.frames++;
  run.frames.push(f);
  if (run.frames.length > MAX_COLUMNS) run.frames = everyOther(run.frames.length, i => run.frames[i].nonFinite).map(i => run.frames[i]);
  run.base ??= f.step - 1;
  if (f.loss !== undefined) run.losses.push([f.step - run.base, f.loss]);
  addToGrid(run, f);
}

/** Frame f's column of the row's heatmap and its far/near ratio, for the row's picked recurrence. */
function addToGrid(run: ModelRun, f: GradientFrame): void {
  const x = f.step - run.base!;
  const key = run.key;
  const dh = key === undefined ? undefined : f.dh[key];
  if (!dh) return;
  run.grid ??= new Grid(dh.length);
  run.grid.push(x, dh);
  // far / near = 10^(−log10(near / far)): below 1 the gradient shrinks on its way back.
  const trend = gradientTrendDecades(dh, run.row.reversedKeys.includes(key!));
  if (!Number.isNaN(trend)) run.ratios.push([x, 10 ** -trend]);
}

/** Another layer for a row: its heatmap and ratio are rebuilt from every frame so far. */
function pick(run: ModelRun, key: string): void {
  run.key = key;
  run.grid = undefined;
  run.ratios = [];
  for (const f of run.frames) addToGrid(run, f);
  channel.setState(viewState());
  draw();
}

function showEmpty(reason: string): void {
  root.replaceChildren(el('div', { className: 'empty' }, reason));
  document.body.dataset.rendered = 'compare-empty';
}

const scheduleDraw = coalesce(() => draw());
onThemeChange(() => draw());
new ResizeObserver(() => scheduleDraw()).observe(document.body);

function lastStep(): number {
  return Math.max(1, ...runs.map(r => Math.max(0, ...r.losses.map(p => p[0]), ...(r.grid ? r.grid.steps : []))));
}

function plotWidth(): number {
  return Math.max(200, root.clientWidth - LABEL_WIDTH - 24);
}

/** One colour domain for every row, so the same colour is the same norm in each model. */
function shareColourScale(): void {
  const grids = runs.flatMap(r => (r.grid ? [r.grid] : []));
  if (!grids.length) return;
  const lo = Math.min(...grids.map(g => g.scale.lo));
  const hi = Math.max(...grids.map(g => g.scale.hi));
  for (const g of grids) {
    if (g.scale.lo === lo && g.scale.hi === hi) continue;
    g.scale = new LogColorScale(lo, hi);
    g.recolourAll();
  }
}

function draw(): void {
  if (!comparisonId) return;
  stats.draws++;
  shareColourScale();
  const steps = lastStep();
  const width = plotWidth();
  const xOf = (step: number) => ((step - 0.5) / steps) * width;
  const header = el('div', { className: 'toolbar' },
    el('span', { className: 'title' }, 'Lockstep Comparison'),
    el('span', {}, title),
    el('span', { className: 'spacer' }),
    el('span', { className: 'hm-axis' }, `x: training step of the comparison (1–${steps}), the same on every row`),
    exporter.button());
  const body = el('div', { className: 'cmp-body' });
  runs.forEach((run, i) => body.append(heatmapRow(run, i, width, steps)));
  body.append(chartRow('Loss', lossChart(width, xOf), 'One line per model, the same x: who learns first, on the same batches.'));
  body.append(chartRow('Gradient ratio', ratioChart(width, xOf), `‖dL/dh‖ at the far end ÷ near end of each row's recurrence (log scale); below 10^-${DEFAULT_THRESHOLDS.vanishingDecades}: vanishing, above 10^${DEFAULT_THRESHOLDS.explodingDecades}: exploding.`));
  body.append(chartRow('Training step', stepAxis(width, steps, xOf), 'Shared by every row above.'));
  root.replaceChildren(header, body, legend());
  stats.rows = runs.length;
  document.body.dataset.rendered = 'compare';
}

function heatmapRow(run: ModelRun, i: number, width: number, steps: number): HTMLElement {
  const canvas = el('canvas', { className: 'cmp-heatmap' });
  canvas.width = width;
  canvas.height = HEATMAP_HEIGHT;
  canvas.dataset.model = run.row.modelId;
  const grid = run.grid;
  if (grid) {
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    // Each column spans from its step to the next one's: throttled frames leave steps between.
    for (let c = 0; c < grid.count; c++) {
      const from = ((grid.steps[c] - 1) / steps) * width;
      const to = c + 1 < grid.count ? ((grid.steps[c + 1] - 1) / steps) * width : (grid.steps[c] / steps) * width;
      ctx.drawImage(grid.image, c, 0, 1, grid.T, Math.floor(from), 0, Math.max(1, Math.ceil(to - from)), HEATMAP_HEIGHT);
    }
  }
  const last = run.losses.at(-1);
  const ratio = run.ratios.at(-1);
  const label = el('div', { className: 'cmp-label' },
    el('span', { className: `cmp-swatch s${i}` }),
    el('b', {}, run.row.name),
    run.key ? el('div', { className: 'hm-axis' }, '‖dL/dh_t‖ of ', layerPicker(run), ', t = 1 at top') : el('div', { className: 'hm-axis' }, 'no recurrent layer'),
    el('div', { className: 'hm-axis' }, `loss ${last ? fmt(last[1]) : '–'} · far/near ${ratio ? fmt(ratio[1]) : '–'}`),
    el('button', { className: 'secondary', type: 'button', title: `Open the Gradient Heatmap of ${run.row.name}`, onclick: () => channel.post({ type: 'openHeatmap', modelId: run.row.modelId }) }, 'Heatmap'));
  return el('div', { className: 'cmp-row' }, label, grid ? canvas : el('div', { className: 'cmp-waiting' }, 'waiting for its first step'));
}

/** The row's recurrence: a picker when the model has more than one (stacked layers, a Bidirectional's two directions). */
function layerPicker(run: ModelRun): HTMLElement {
  if (run.row.dhKeys.length < 2) return el('span', {}, run.key);
  const select = el('select', { className: 'cmp-layer', title: `Which recurrence of ${run.row.name} this row draws` },
    ...run.row.dhKeys.map(k => el('option', { value: k, selected: k === run.key }, k)));
  select.dataset.model = run.row.modelId;
  select.onchange = () => pick(run, select.value);
  return select;
}

function chartRow(name: string, chart: SVGSVGElement, note: string): HTMLElement {
  return el('div', { className: 'cmp-row' }, el('div', { className: 'cmp-label' }, el('b', {}, name), el('div', { className: 'hm-axis' }, note)), chart);
}

/** A polyline per series through the scales, with its model's colour class. */
function lines(series: [number, number][][], xOf: (s: number) => number, yOf: (v: number) => number): SVGElement[] {
  return series.flatMap((points, i) => {
    const finite = points.filter(([, v]) => Number.isFinite(yOf(v)));
    if (!finite.length) return [];
    return [svg('polyline', { class: `cmp-line s${i}`, points: finite.map(([x, v]) => `${xOf(x).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ') })];
  });
}

function axisLabel(y: number, text: string): SVGElement {
  return svg('text', { class: 'cmp-tick', x: 2, y }, text);
}

/** Ticks at a round stride (1, 2, 5 × 10^k), about 8 over the width. */
function stepAxis(width: number, steps: number, xOf: (s: number) => number): SVGSVGElement {
  const raw = steps / 8;
  const decade = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const stride = [1, 2, 5, 10].map(m => m * decade).find(m => m >= raw) ?? 10 * decade;
  const axis = svg('svg', { class: 'cmp-axis', width, height: 22, 'data-chart': 'steps' }, svg('line', { class: 'cmp-grid', x1: 0, x2: width, y1: 1, y2: 1 }));
  for (let s = stride; s <= steps; s += stride) {
    axis.append(svg('line', { class: 'cmp-grid', x1: xOf(s), x2: xOf(s), y1: 1, y2: 6 }), svg('text', { class: 'cmp-tick', x: xOf(s), y: 17, 'text-anchor': xOf(s) > width - 16 ? 'end' : 'middle' }, String(s)));
  }
  return axis;
}

function lossChart(width: number, xOf: (s: number) => number): SVGSVGElement {
  const all = runs.flatMap(r => r.losses.map(p => p[1])).filter(Number.isFinite);
  const chart = svg('svg', { class: 'cmp-chart', width, height: CHART_HEIGHT, 'data-chart': 'loss' });
  if (!all.length) return chart;
  const lo = Math.min(0, ...all);
  const hi = Math.max(...all) || 1;
  const yOf = (v: number) => 6 + (1 - (v - lo) / (hi - lo || 1)) * (CHART_HEIGHT - 12);
  const drawn = lines(runs.map(r => r.losses), xOf, yOf);
  stats.lossLines = drawn.length;
  chart.append(svg('line', { class: 'cmp-grid', x1: 0, x2: width, y1: yOf(lo), y2: yOf(lo) }), ...drawn, axisLabel(12, fmt(hi)), axisLabel(yOf(lo) - 4, fmt(lo)));
  return chart;
}

function ratioChart(width: number, xOf: (s: number) => number): SVGSVGElement {
  const chart = svg('svg', { class: 'cmp-chart', width, height: CHART_HEIGHT, 'data-chart': 'ratio' });
  const logs = runs.flatMap(r => r.ratios.map(p => Math.log10(p[1]))).filter(Number.isFinite);
  const vanishing = -DEFAULT_THRESHOLDS.vanishingDecades;
  const exploding = DEFAULT_THRESHOLDS.explodingDecades;
  // The thresholds always show; the range grows past them when a ratio does.
  const lo = Math.floor(Math.min(vanishing - 1, ...logs));
  const hi = Math.ceil(Math.max(exploding + 1, ...logs));
  const yOfLog = (l: number) => 6 + (1 - (l - lo) / (hi - lo)) * (CHART_HEIGHT - 12);
  const yOf = (v: number) => (v > 0 ? yOfLog(Math.log10(v)) : NaN);
  const threshold = (l: number, kind: string, text: string) => [
    svg('line', { class: `cmp-threshold ${kind}`, x1: 0, x2: width, y1: yOfLog(l), y2: yOfLog(l) }),
    svg('text', { class: `cmp-tick ${kind}`, x: width - 4, y: yOfLog(l) - 4, 'text-anchor': 'end' }, text),
  ];
  const drawn = lines(runs.map(r => r.ratios), xOf, yOf);
  stats.ratioLines = drawn.length;
  chart.append(
    ...threshold(exploding, 'exploding', `exploding 10^${exploding}`),
    svg('line', { class: 'cmp-grid', x1: 0, x2: width, y1: yOfLog(0), y2: yOfLog(0) }),
    axisLabel(yOfLog(0) - 4, '1'),
    ...threshold(vanishing, 'vanishing', `vanishing 10^${vanishing}`),
    ...drawn,
    axisLabel(12, `10^${hi}`), axisLabel(CHART_HEIGHT - 8, `10^${lo}`),
  );
  return chart;
}

/** The heatmaps' one colour map. */
function legend(): HTMLElement {
  const scale = runs.find(r => r.grid)?.grid?.scale ?? new LogColorScale(-6, 0);
  const bar = el('span', { className: 'legend-bar' });
  bar.style.background = legendGradient(scale);
  return el('div', { className: 'status' },
    el('span', { className: 'legend' }, 'log10 ‖dL/dh_t‖', el('span', { className: 'hm-axis' }, String(scale.lo)), bar, el('span', { className: 'hm-axis' }, String(scale.hi))),
    el('span', {}, 'Rows: one model each, trained step for step on the same batches; columns: training steps.'));
}

// ------------------------------------------------------------------ export

const exporter = panelExport({
  panel: 'compare',
  root: () => root,
  prepare: () => {
    const body = root.querySelector<HTMLElement>('.cmp-body');
    return body ? showWholeScroller(root, body) : undefined;
  },
  naming: () => ({ model: title || undefined, step: comparisonId ? lastStep() : undefined }),
  data: () => (comparisonId ? compareData() : undefined),
  post: m => channel.post(m),
});

/** What the rows and charts draw: per model and step its loss, far/near ratio and ‖dL/dh_t‖ column. */
function compareData(): PanelData {
  const rows: (string | number | null)[][] = [];
  for (const run of runs) {
    const loss = new Map(run.losses);
    const ratio = new Map(run.ratios);
    const grid = run.grid;
    const columns = new Map(grid ? grid.steps.map((s, c) => [s, c]) : []);
    const steps = [...new Set([...loss.keys(), ...ratio.keys(), ...columns.keys()])].sort((a, b) => a - b);
    for (const s of steps) {
      const c = columns.get(s);
      if (grid && c !== undefined) for (let t = 0; t < grid.T; t++) rows.push([run.row.name, s, loss.get(s) ?? null, ratio.get(s) ?? null, t + 1, grid.value(c, t)]);
      else rows.push([run.row.name, s, loss.get(s) ?? null, ratio.get(s) ?? null, null, null]);
    }
  }
  return {
    table: { columns: ['model', 'comparison_step', 'loss', 'far_near_ratio', 't', 'dL_dh_norm'], rows },
    json: {
      comparison: title,
      comparisonId,
      models: runs.map(r => ({
        name: r.row.name, modelId: r.row.modelId, recurrence: r.key ?? null, loss: r.losses, farNearRatio: r.ratios,
        dh: r.grid ? { steps: r.grid.steps, columns: r.grid.steps.map((_, c) => Array.from({ length: r.grid!.T }, (_, t) => r.grid!.value(c, t))) } : null,
      })),
    },
  };
}

channel.post({ type: 'ready' });
