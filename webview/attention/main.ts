// Attention alignment panel: for one example, an Attention/AdditiveAttention layer's softmax
// weights as a heatmap, decoder (query) steps down and encoder (value) steps across with their
// tokens; hover shows a weight, a click lists where that output step looked; a training-step
// scrubber replays the snapshots kept during fit (the state inspector's budget), and a layer
// picker appears when the model has several attention layers. Padding columns (weight 0 by the
// value mask) are left out. The colour map, markers and scrubber are the state inspector's.
import type { AttentionToHost, AttentionViewState, HostToAttention } from '../../src/protocol/webview';
import { attentionBytes, compactAttention, fmt, LIVE_SNAPSHOT_REDRAWS_PER_SECOND, SnapshotBudget, throttled, type AttentionMap, type AttentionSnapshot, type ModelDiagram } from '../../src/protocol/gradients';
import { isHostToAttention } from '../../src/protocol/guards';
import type { PanelData } from '../../src/protocol/panelExport';
import { parseRgb } from '../shared/colors';
import { el, onThemeChange, themeColor } from '../shared/dom';
import { panelExport } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { MapView, mark, paint, SeriesScale } from '../states/maps';
import { adoptStatesStyles } from '../states/style';
import { shortToken } from '../states/trace';
import { adoptAttentionStyles } from './style';

adoptPanelStyles();
adoptStatesStyles();
adoptAttentionStyles();
const root = document.getElementById('root')!;
let diagram: ModelDiagram | undefined;
let inputTokens: string[] = [];
let outputTokens: string[] = [];
let budget = new SnapshotBudget<AttentionSnapshot>();
/** Index of the snapshot shown; undefined follows the latest. */
let shownIndex: number | undefined;
/** The output step (row) whose weights the side lists. */
let selectedRow: number | undefined;
/** Weights are on [0, 1]: viridis, as the state inspector's gates. */
const scale = new SeriesScale(true, 1);

/** A live snapshot redraws at most LIVE_SNAPSHOT_REDRAWS_PER_SECOND times a second (every one is kept). */
const liveRefresh = throttled(() => refresh(), LIVE_SNAPSHOT_REDRAWS_PER_SECOND);

const channel = connect<AttentionToHost, HostToAttention, AttentionViewState>(message => {
  switch (message.type) {
    case 'model':
      if (diagram?.modelId !== message.diagram.modelId) resetSnapshots();
      diagram = message.diagram;
      state.modelId = diagram.modelId;
      channel.setState(state);
      build();
      break;
    case 'alignments':
      resetSnapshots();
      ({ inputTokens, outputTokens } = message);
      for (const s of message.snapshots) budget.add(s.step, compactAttention(s), attentionBytes(s.maps));
      build();
      break;
    case 'alignment':
      if (message.reset) resetSnapshots();
      ({ inputTokens, outputTokens } = message);
      budget.add(message.snapshot.step, compactAttention(message.snapshot), attentionBytes(message.snapshot.maps));
      if (message.reset) build();
      else liveRefresh();
      break;
    case 'clear':
      diagram = undefined;
      resetSnapshots();
      showEmpty(message.reason);
      break;
    case 'exported':
      break;
  }
}, isHostToAttention);
const state: AttentionViewState = channel.getState() ?? {};

function resetSnapshots() {
  budget = new SnapshotBudget<AttentionSnapshot>();
  shownIndex = undefined;
  selectedRow = undefined;
}

// ------------------------------------------------------------------ layout

const toolbar = el('div', { className: 'toolbar' });
const scrubRow = el('div', { className: 'toolbar st-scrub' });
const main = el('div', { className: 'at-main with-side' });
const stage = el('div', { className: 'at-stage main-column' });
const side = el('div', { className: 'at-side side-column' });
const status = el('div', { className: 'status' });
const tooltip = el('div', { className: 'tooltip', hidden: true });
document.body.append(tooltip);
root.replaceChildren(toolbar, scrubRow, main, status);
main.replaceChildren(stage, side);

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'Attention alignment'));
  scrubRow.replaceChildren();
  stage.replaceChildren(el('div', { className: 'empty' }, reason));
  side.replaceChildren();
  status.replaceChildren();
  delete document.body.dataset.rendered;
}

const snapshots = () => budget.kept.map(k => k.item);
const current = (): AttentionSnapshot | undefined => {
  const all = snapshots();
  return all[shownIndex ?? all.length - 1];
};
const mapOf = (s: AttentionSnapshot | undefined) => s?.maps.find(m => m.layer === state.layer) ?? s?.maps[0];
/** The value steps drawn: every one the mask reads (padding left out). */
const shownColumns = (m: AttentionMap) => Array.from({ length: m.Tv }, (_, j) => j).filter(j => m.valueMask?.[j] !== 0);
/** Labels of an axis of `n` steps: the tokens when they fit, else the step numbers. */
const labels = (tokens: string[], n: number) => (tokens.length === n ? tokens : Array.from({ length: n }, (_, t) => String(t + 1)));

function button(label: string, title: string, onclick: () => void, pressed?: boolean) {
  const b = el('button', { className: 'secondary', title, onclick }, label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  return b;
}

const scrub = el('input', { type: 'range', id: 'scrub', min: '0', step: '1', title: 'Training step: drag to replay how the alignment formed while the model trained' });
const stepLabel = el('span', { className: 'st-step', id: 'step-label' });
scrub.oninput = () => {
  const n = snapshots().length;
  shownIndex = Number(scrub.value) >= n - 1 ? undefined : Number(scrub.value);
  refresh();
};

let view: MapView | undefined;
/** What the drawn map's geometry was built for (a snapshot of another shape rebuilds). */
let built: { layer: string; Tq: number; columns: number[] } | undefined;
let xCells: HTMLElement[] = [];
let yCells: HTMLElement[] = [];

/** Rebuilds the page for the current model and layer: toolbar, axes, the map's canvas. */
function build() {
  const d = diagram;
  if (!d) return;
  const snap = current();
  const maps = snap?.maps ?? [];
  if (!maps.some(m => m.layer === state.layer)) state.layer = maps[0]?.layer;
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${d.name} · attention alignment`),
    ...(maps.length > 1 ? maps.map(m => button(`${m.layer} · ${m.kind}`, `${m.layer}: ${m.Tq} query × ${m.Tv} value steps`, () => {
      state.layer = m.layer;
      selectedRow = undefined;
      channel.setState(state);
      build();
    }, m.layer === state.layer)) : []),
    el('span', { className: 'spacer' }),
    exporter.button(),
    button('Graph', 'Open the unrolled graph', () => channel.post({ type: 'openGraph', modelId: d.modelId })),
  );
  scrubRow.replaceChildren(el('label', { htmlFor: 'scrub' }, 'Training step'), scrub, stepLabel);
  const map = mapOf(snap);
  if (!map) {
    stage.replaceChildren(el('div', { className: 'empty' }, `No attention weights of ${d.name} yet. show_attention(${d.name}, x) shows one example; a fit after it keeps snapshots of it as it trains.`));
    side.replaceChildren();
    status.replaceChildren();
    built = undefined;
    document.body.dataset.rendered = 'empty';
    return;
  }
  const columns = shownColumns(map);
  const xs = labels(inputTokens, map.Tv);
  const ys = labels(outputTokens, map.Tq);
  // Square cells as large as fit beside the side panel, 14 to 40 pixels.
  const longestY = Math.max(1, ...ys.map(t => shortToken(t).length));
  const cell = Math.max(14, Math.min(40, Math.floor((Math.max(200, stage.clientWidth - 40) - longestY * 8) / Math.max(1, columns.length))));
  const rotated = columns.some(j => shortToken(xs[j]).length * 7.5 > cell);
  const canvas = el('canvas', { className: 'at-map' });
  canvas.dataset.layer = map.layer;
  const row = el('div', { className: 'st-row-mark' });
  const col = el('div', { className: 'st-col-mark' });
  const wrap = el('div', { className: 'at-map-wrap' }, canvas, row, col);
  wrap.style.width = `${cell * columns.length}px`;
  wrap.style.height = `${cell * map.Tq}px`;
  view = { root: wrap, canvas, row, col };
  yCells = ys.map((tok, i) => sized(el('div', { className: 'at-ylabel', title: `output step ${i + 1}: ${JSON.stringify(tok)}` }, shortToken(tok)), undefined, cell));
  xCells = columns.map(j => sized(el('div', { className: rotated ? 'at-xlabel rotated' : 'at-xlabel', title: `input step ${j + 1}: ${JSON.stringify(xs[j])}` }, shortToken(xs[j])), cell, undefined));
  const legendBar = el('span', { className: 'legend-bar' });
  legendBar.style.background = scale.gradient;
  stage.replaceChildren(el('div', { className: 'at-grid' },
    el('div', { className: 'at-caption' }, `${map.layer} (${map.kind}): each row is one decoder step's weights over the encoder steps, summing to 1`),
    el('div', { className: 'at-ylabels' }, ...yCells), wrap,
    el('div', { className: 'at-axis-name' }, 'output ↓'), el('div', { className: 'at-xlabels' }, ...xCells),
    el('div', {}), el('div', { className: 'at-axis-name' }, 'input →'),
  ));
  wireMap(canvas, map.Tq, columns);
  const hidden = map.Tv - columns.length;
  status.replaceChildren(
    el('span', {}, 'Rows: decoder (query) steps · columns: encoder (value) steps · hover for a weight, click a row to list where it looked.'),
    hidden ? el('span', {}, `${hidden} padding step${hidden === 1 ? '' : 's'} left out (weight 0)`) : '',
    el('span', { className: 'legend' }, '0', legendBar, '1'),
    el('span', { className: 'legend' }, el('span', { className: 'st-swatch st-nonfinite' }), 'NaN / ±Inf'),
  );
  built = { layer: map.layer, Tq: map.Tq, columns };
  refresh();
}

function sized<T extends HTMLElement>(e: T, width: number | undefined, height: number | undefined): T {
  if (width !== undefined) e.style.width = `${width}px`;
  if (height !== undefined) e.style.height = `${height}px`;
  return e;
}

/** Hover shows the weight (and marks its row and column); a click selects the row for the side. */
function wireMap(canvas: HTMLCanvasElement, Tq: number, columns: number[]) {
  const at = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const c = Math.min(columns.length - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * columns.length)));
    return { i: Math.min(Tq - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * Tq))), c };
  };
  canvas.onmousemove = e => {
    const map = mapOf(current());
    if (!map) return;
    const { i, c } = at(e);
    const j = columns[c];
    tooltip.hidden = false;
    tooltip.textContent = `output ${i + 1} ${JSON.stringify(labels(outputTokens, map.Tq)[i])} ← input ${j + 1} ${JSON.stringify(labels(inputTokens, map.Tv)[j])}\nweight ${fmt(map.weights[i * map.Tv + j])}`;
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
    highlight(i, c);
  };
  canvas.onmouseleave = () => {
    tooltip.hidden = true;
    highlight(selectedRow, undefined);
  };
  canvas.onclick = e => {
    selectedRow = at(e).i;
    refresh();
  };
}

function highlight(i: number | undefined, c: number | undefined) {
  if (!view || !built) return;
  mark(view, i, c, built.columns.length, built.Tq);
  yCells.forEach((cell, k) => cell.classList.toggle('hl', k === i));
  xCells.forEach((cell, k) => cell.classList.toggle('hl', k === c));
}

/** Repaints the map and the side for the shown snapshot (new snapshots only move the scrubber when it follows the latest). */
function refresh() {
  const all = snapshots();
  const snap = current();
  const map = mapOf(snap);
  if (!diagram || !snap || !map) return;
  if (!built || built.layer !== map.layer || built.Tq !== map.Tq || built.columns.join() !== shownColumns(map).join()) return build();
  const index = shownIndex ?? all.length - 1;
  scrub.max = String(Math.max(0, all.length - 1));
  scrub.value = String(index);
  scrub.disabled = all.length < 2;
  stepLabel.textContent = `step ${snap.step}${snap.epoch !== undefined ? ` (epoch ${snap.epoch + 1})` : ''} · snapshot ${index + 1} of ${all.length}${all.length < 2 ? ' (a fit after show_attention keeps more)' : ''}`;
  // The state inspector's painter takes values[column · rows + row]: the weights transposed, padding left out.
  const { columns, Tq } = built;
  const transposed = new Float32Array(columns.length * Tq);
  columns.forEach((j, c) => { for (let i = 0; i < Tq; i++) transposed[c * Tq + i] = map.weights[i * map.Tv + j]; });
  paint(view!, transposed, columns.length, Tq, scale, undefined, parseRgb(themeColor('--vscode-editor-background', '#ffffff')));
  highlight(selectedRow, undefined);
  document.body.dataset.step = String(snap.step);
  document.body.dataset.layer = map.layer;
  document.body.dataset.row = selectedRow === undefined ? '' : String(selectedRow);
  drawSide(map, columns);
  document.body.dataset.rendered = 'attention';
}

/** Where the selected output step looked: its largest weights, as bars. */
function drawSide(map: AttentionMap, columns: number[]) {
  if (selectedRow === undefined || selectedRow >= map.Tq) {
    side.replaceChildren(el('h4', {}, 'Where an output step looked'), el('div', { className: 'st-hint' }, 'Click a row of the map to list the input steps it weighted most.'));
    return;
  }
  const i = selectedRow;
  const xs = labels(inputTokens, map.Tv);
  const top = [...columns].sort((a, b) => map.weights[i * map.Tv + b] - map.weights[i * map.Tv + a]).slice(0, 8);
  side.replaceChildren(
    el('h4', {}, `Output ${i + 1} ${JSON.stringify(labels(outputTokens, map.Tq)[i])} looked at`),
    el('div', { className: 'at-bars' }, ...top.flatMap(j => {
      const w = map.weights[i * map.Tv + j];
      const bar = el('span', { className: 'bar' });
      bar.style.width = `${Math.max(0, Math.min(1, w)) * 100}%`;
      return [el('span', { className: 'at-index', title: 'input step' }, `${j + 1}`), el('span', { className: 'tok', title: `input step ${j + 1}` }, shortToken(xs[j])), el('div', { className: 'track' }, bar), el('span', { className: 'val' }, fmt(w))];
    })),
  );
}

// ------------------------------------------------------------------ export

const exporter = panelExport({
  panel: 'attention',
  root: () => root,
  naming: () => ({ model: diagram?.name, step: current()?.step }),
  data: () => {
    const snap = current();
    const map = mapOf(snap);
    return diagram && snap && map && attentionData(diagram, snap.step, map);
  },
  post: m => channel.post(m),
});

/** The map shown: one row per (output step, input step) drawn, padding left out as on the map. */
function attentionData(d: ModelDiagram, step: number, map: AttentionMap): PanelData {
  const columns = shownColumns(map);
  const xs = labels(inputTokens, map.Tv);
  const ys = labels(outputTokens, map.Tq);
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < map.Tq; i++) for (const j of columns) rows.push([map.layer, step, i + 1, ys[i], j + 1, xs[j], map.weights[i * map.Tv + j]]);
  return {
    table: { columns: ['layer', 'training_step', 'output_step', 'output_token', 'input_step', 'input_token', 'weight'], rows },
    json: {
      model: d.name, modelId: d.modelId, layer: map.layer, kind: map.kind, step, outputTokens: ys, inputTokens: xs, inputSteps: columns.map(j => j + 1),
      weights: Array.from({ length: map.Tq }, (_, i) => columns.map(j => map.weights[i * map.Tv + j])),
    },
  };
}

onThemeChange(() => refresh());
window.addEventListener('resize', () => { if (built) build(); });
showEmpty('Waiting for the kernel…');
channel.post({ type: 'ready' });
