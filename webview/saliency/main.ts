// Saliency panel: for one input sequence, how strongly the model's output y depends on each input
// token, shown over the text (background intensity = saliency) and as a time × training-step map,
// with a scrubber over the snapshots a fit kept. Three modes: ‖∂y/∂x_t‖, gradient × input
// (signed, diverging colours) and the fit's connectivity ‖∂y_T/∂x_t‖ (Distill's view, the mean
// over its first ≤ 8 training samples after each epoch). For sequence outputs an output position
// is chosen (the selector, or a click on a token). The scrubber row, map frame and markers are the
// state inspector's (states/maps.ts, states/style.ts).
import type { HostToSaliency, SaliencyMode, SaliencyToHost, SaliencyViewState } from '../../src/protocol/webview';
import { compactSaliency, fmt, LIVE_SNAPSHOT_REDRAWS_PER_SECOND, saliencyBytes, SnapshotBudget, throttled, type ConnectivitySeries, type ModelDiagram, type SaliencySnapshot } from '../../src/protocol/gradients';
import { isHostToSaliency } from '../../src/protocol/guards';
import type { PanelData } from '../../src/protocol/panelExport';
import { NONFINITE_RGB, parseRgb } from '../shared/colors';
import { el, onThemeChange, themeColor } from '../shared/dom';
import { panelExport, showWholeScroller } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { mark, type MapView } from '../states/maps';
import { adoptStatesStyles } from '../states/style';
import { shortToken } from '../states/trace';
import { adoptSaliencyStyles } from './style';

adoptPanelStyles();
adoptStatesStyles();
adoptSaliencyStyles();
const root = document.getElementById('root')!;
let diagram: ModelDiagram | undefined;
let tokens: string[] = [];
let budget = new SnapshotBudget<SaliencySnapshot>();
/** The fit's connectivity curves as they arrived (one per epoch), at most MAX_CURVES. */
let curves: ConnectivitySeries[] = [];
const MAX_CURVES = 64;
/** Index of the row shown; undefined follows the latest. */
let shownIndex: number | undefined;
/** A live snapshot redraws at most LIVE_SNAPSHOT_REDRAWS_PER_SECOND times a second (every one is kept). */
const liveRender = throttled(() => render(), LIVE_SNAPSHOT_REDRAWS_PER_SECOND);

const channel = connect<SaliencyToHost, HostToSaliency, SaliencyViewState>(message => {
  switch (message.type) {
    case 'model':
      if (diagram?.modelId !== message.diagram.modelId) resetAll();
      diagram = message.diagram;
      state.modelId = diagram.modelId;
      channel.setState(state);
      render();
      break;
    case 'saliency':
      resetSnapshots(message.output);
      tokens = message.tokens;
      for (const s of message.snapshots) budget.add(s.step, compactSaliency(s), saliencyBytes(s));
      render();
      break;
    case 'snapshot':
      if (message.reset) resetSnapshots(message.output);
      tokens = message.tokens;
      budget.add(message.snapshot.step, compactSaliency(message.snapshot), saliencyBytes(message.snapshot));
      if (message.reset) render();
      else liveRender();
      break;
    case 'connectivity':
      curves = [...curves.filter(c => c.step !== message.series.step), message.series].slice(-MAX_CURVES);
      render();
      break;
    case 'clear':
      diagram = undefined;
      resetAll();
      showEmpty(message.reason);
      break;
    case 'exported':
      break;
  }
}, isHostToSaliency);
const state: SaliencyViewState = channel.getState() ?? {};

function resetSnapshots(output?: number) {
  budget = new SnapshotBudget<SaliencySnapshot>();
  shownIndex = undefined;
  if (output !== undefined) state.output = output;
}
function resetAll() {
  resetSnapshots();
  curves = [];
}

// ------------------------------------------------------------------ layout

const toolbar = el('div', { className: 'toolbar' });
const scrubRow = el('div', { className: 'toolbar st-scrub' });
const body = el('div', { className: 'sa-body' });
const status = el('div', { className: 'status' });
const tooltip = el('div', { className: 'tooltip', hidden: true });
document.body.append(tooltip);
root.replaceChildren(toolbar, scrubRow, body, status);

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'Saliency'));
  scrubRow.replaceChildren();
  body.replaceChildren(el('div', { className: 'empty' }, reason));
  status.replaceChildren();
  document.body.dataset.rendered = 'empty';
}

function button(label: string, title: string, onclick: () => void, pressed?: boolean) {
  const b = el('button', { className: 'secondary', title, onclick }, label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  return b;
}

const MODES: { mode: SaliencyMode; label: string; title: string }[] = [
  { mode: 'norm', label: '‖∂y/∂x_t‖', title: 'Gradient norm: how much a small change of each token\'s input vector moves y' },
  { mode: 'gradInput', label: 'gradient × input', title: 'Σ_i x_t,i · ∂y/∂x_t,i: signed, red pushes y up, blue pushes it down' },
  { mode: 'connectivity', label: 'connectivity', title: 'The fit\'s ‖∂y_T/∂x_t‖ after each epoch, mean over its first training samples (Distill\'s memorization view)' },
];
const mode = (): SaliencyMode => state.mode ?? 'norm';

const scrub = el('input', { type: 'range', id: 'scrub', min: '0', step: '1', title: 'Training step: drag to replay how the saliency changed while the model trained' });
const stepLabel = el('span', { className: 'st-step', id: 'step-label' });
scrub.oninput = () => {
  const n = rows().length;
  shownIndex = Number(scrub.value) >= n - 1 ? undefined : Number(scrub.value);
  render();
};
const outputSelect = el('select', { id: 'output', title: 'The output position whose y is differentiated (sequence outputs: one tag per token)' });
outputSelect.onchange = () => {
  state.output = Number(outputSelect.value);
  channel.setState(state);
  render();
};

/** One row of the map: the values over input steps at one training step. */
interface Row {
  step: number;
  epoch?: number;
  values: ArrayLike<number>;
  /** For saliency rows, the class y is the score of. */
  cls?: number;
  target?: SaliencySnapshot['target'];
}

const snapshots = () => budget.kept.map(k => k.item);
const outputsOf = () => snapshots()[0]?.outputs ?? 1;
const outputIndex = () => Math.min(outputsOf() - 1, Math.max(0, state.output ?? outputsOf() - 1));

function rows(): Row[] {
  const m = mode();
  if (m === 'connectivity') return curves.map(c => ({ step: c.step, values: c.values }));
  const o = outputIndex();
  return snapshots().map(s => {
    const all = m === 'norm' ? s.norm : s.gradInput;
    return { step: s.step, epoch: s.epoch, values: Array.prototype.slice.call(all, o * s.T, (o + 1) * s.T) as number[], cls: s.classes[o], target: s.target };
  });
}

/** The colour of a value: the background blended towards the mode's colour (signed modes: blue below 0, red above). */
class Shade {
  readonly bg = parseRgb(themeColor('--vscode-editor-background', '#ffffff'));
  private readonly up = parseRgb(themeColor('--vscode-charts-red', '#e51400'));
  private readonly down = parseRgb(themeColor('--vscode-charts-blue', '#1a85ff'));
  private readonly norm = parseRgb(themeColor('--vscode-charts-orange', '#d18616'));
  constructor(readonly signed: boolean, readonly max: number) {}
  rgb(v: number): [number, number, number] {
    if (!Number.isFinite(v)) return NONFINITE_RGB;
    const a = Math.min(1, Math.abs(v) / (this.max || 1));
    const to = this.signed ? (v < 0 ? this.down : this.up) : this.norm;
    return [0, 1, 2].map(i => Math.round(this.bg[i] + (to[i] - this.bg[i]) * a)) as [number, number, number];
  }
  css(v: number): string {
    return `rgb(${this.rgb(v).join(', ')})`;
  }
  gradient(): string {
    const stops = this.signed ? [-1, -0.5, 0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
    return `linear-gradient(to right, ${stops.map(s => this.css(s * this.max)).join(', ')})`;
  }
}

/** Largest |value| over every row: one scale for the whole run, so scrubbing compares like with like. */
function scaleOf(all: Row[]): Shade {
  let max = 0;
  for (const r of all) for (let t = 0; t < r.values.length; t++) {
    const a = Math.abs(r.values[t]);
    if (Number.isFinite(a) && a > max) max = a;
  }
  return new Shade(mode() === 'gradInput', max);
}

const luminance = ([r, g, b]: [number, number, number]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

function render() {
  const d = diagram;
  if (!d) return;
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${d.name} · saliency`),
    ...MODES.map(m => button(m.label, m.title, () => {
      state.mode = m.mode;
      shownIndex = undefined;
      channel.setState(state);
      render();
    }, m.mode === mode())),
    el('span', { className: 'spacer' }),
    exporter.button(),
    button('Graph', 'Open the unrolled graph', () => channel.post({ type: 'openGraph', modelId: d.modelId })),
  );
  const all = rows();
  if (!all.length) {
    scrubRow.replaceChildren();
    body.replaceChildren(el('div', { className: 'empty' }, mode() === 'connectivity'
      ? `No connectivity of ${d.name} yet: a fit measures ‖∂y_T/∂x_t‖ on its first training samples after each epoch.`
      : `No saliency of ${d.name} yet. show_saliency(${d.name}, x) shows one sequence; a fit after it keeps snapshots of it as it trains.`));
    status.replaceChildren();
    document.body.dataset.rendered = 'empty';
    document.body.dataset.mode = mode();
    return;
  }
  const index = Math.min(shownIndex ?? all.length - 1, all.length - 1);
  const row = all[index];
  const shade = scaleOf(all);
  scrub.max = String(all.length - 1);
  scrub.value = String(index);
  scrub.disabled = all.length < 2;
  const hint = all.length < 2 ? (mode() === 'connectivity' ? ' (one per epoch)' : ' (a fit after show_saliency keeps more)') : '';
  stepLabel.textContent = `step ${row.step}${row.epoch !== undefined ? ` (epoch ${row.epoch + 1})` : ''} · ${mode() === 'connectivity' ? 'curve' : 'snapshot'} ${index + 1} of ${all.length}${hint}`;
  const outputs = mode() === 'connectivity' ? 1 : outputsOf();
  const o = outputIndex();
  const controls: (HTMLElement | string)[] = [el('label', { htmlFor: 'scrub' }, 'Training step'), scrub, stepLabel];
  if (outputs > 1) {
    outputSelect.replaceChildren(...Array.from({ length: outputs }, (_, k) => el('option', { value: String(k), selected: k === o }, `${k + 1}: ${outputs === tokens.length ? shortToken(tokens[k]) || '·' : `position ${k + 1}`}`)));
    controls.push(el('span', { className: 'spacer' }), el('label', { htmlFor: 'output' }, 'Output position'), outputSelect);
  }
  scrubRow.replaceChildren(...controls);
  const T = row.values.length;
  // The connectivity curve is a mean over the fit's first training samples, not this sentence: its steps are numbered.
  const labels = mode() === 'connectivity' ? Array.from({ length: T }, (_, t) => `t${t + 1}`) : tokens;
  body.replaceChildren(
    el('div', { className: 'sa-heading' }, heading(row, outputs, o)),
    textView(row, shade, labels, outputs > 1 ? o : undefined),
    el('h4', {}, 'Over training: input step across, training step down'),
    mapSection(all, shade, index, labels, outputs > 1 && mode() !== 'connectivity' ? o : undefined),
  );
  const legendBar = el('span', { className: 'legend-bar st-legend-bar' });
  legendBar.style.background = shade.gradient();
  status.replaceChildren(
    el('span', {}, explanation()),
    el('span', { className: 'legend' }, el('span', { className: 'st-tick' }, shade.signed ? fmt(-shade.max) : '0'), legendBar, el('span', { className: 'st-tick' }, fmt(shade.max))),
  );
  document.body.dataset.rendered = 'saliency';
  document.body.dataset.mode = mode();
  document.body.dataset.step = String(row.step);
  document.body.dataset.output = String(o);
}

function heading(row: Row, outputs: number, o: number): string {
  if (mode() === 'connectivity') return `‖∂y_T/∂x_t‖ per input step t, y_T the output at the last step: the mean over the fit's first training samples (not only this sentence)`;
  const y = row.target === 'logit' ? `the logit of class ${row.cls}` : `output unit ${row.cls}`;
  const at = outputs > 1 ? ` at position ${o + 1}${outputs === tokens.length ? ` (${JSON.stringify(tokens[o])})` : ''}` : '';
  return `${mode() === 'norm' ? '‖∂y/∂x_t‖' : 'gradient × input'} of y = ${y}${at}`;
}

function explanation(): string {
  switch (mode()) {
    case 'norm': return 'Background: how much a small change of the token\'s input vector (its embedding, for ids) moves y. y is a logit, not a probability: it does not fade as the model grows confident.';
    case 'gradInput': return 'Background: Σ_i x_t,i · ∂y/∂x_t,i, the token\'s first-order contribution to y: red pushes y up, blue pushes it down.';
    case 'connectivity': return 'Background: ‖∂y_T/∂x_t‖ for the output at the last step (Distill\'s connectivity): how far back the model reaches.';
  }
}

/** The tokens as text, each with its value as background; a click on one picks it as the output position. */
function textView(row: Row, shade: Shade, labels: string[], output: number | undefined): HTMLElement {
  const text = el('div', { className: 'sa-text', id: 'text' });
  for (let t = 0; t < row.values.length; t++) {
    const v = row.values[t];
    const rgb = shade.rgb(v);
    const label = labels[t] ?? String(t + 1);
    const span = el('span', { className: `sa-token ${luminance(rgb) < 0.5 ? 'sa-dark' : 'sa-light'}${label === '' ? ' sa-pad' : ''}${t === output ? ' sa-output' : ''}`, title: `t = ${t + 1} ${JSON.stringify(label)}: ${fmt(v)}` }, label === '' ? '·' : label);
    span.style.background = shade.css(v);
    span.dataset.t = String(t);
    span.dataset.value = String(v);
    if (output !== undefined && t < outputsOf()) span.onclick = () => {
      state.output = t;
      channel.setState(state);
      render();
    };
    text.append(span, ' ');
  }
  return text;
}

/** The time × training-step map: one canvas pixel per (step, snapshot), the shown snapshot's row and the output's column marked. */
function mapSection(all: Row[], shade: Shade, index: number, labels: string[], output: number | undefined): HTMLElement {
  const T = all[index].values.length;
  const canvas = el('canvas', { className: 'st-map', id: 'map' });
  canvas.width = T;
  canvas.height = all.length;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(T, all.length);
  all.forEach((r, s) => {
    for (let t = 0; t < T; t++) img.data.set([...shade.rgb(r.values[t] ?? NaN), 255], (s * T + t) * 4);
  });
  ctx.putImageData(img, 0, 0);
  const view: MapView = { root: el('div'), canvas, row: el('div', { className: 'st-row-mark' }), col: el('div', { className: 'st-col-mark' }) };
  mark(view, index, output, T, all.length);
  canvas.onmousemove = e => {
    const rect = canvas.getBoundingClientRect();
    const t = Math.min(T - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * T)));
    const s = Math.min(all.length - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * all.length)));
    tooltip.hidden = false;
    tooltip.textContent = `t = ${t + 1}  ${JSON.stringify(labels[t] ?? '')}\nstep ${all[s].step}: ${fmt(all[s].values[t])}`;
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
  };
  canvas.onmouseleave = () => { tooltip.hidden = true; };
  canvas.onclick = e => {
    const rect = canvas.getBoundingClientRect();
    const s = Math.min(all.length - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * all.length)));
    shownIndex = s >= all.length - 1 ? undefined : s;
    render();
  };
  const wrap = el('div', { className: 'st-map-wrap sa-map-wrap' }, canvas, view.row, view.col);
  const axis = el('div', { className: 'st-tokens' }, el('div', { className: 'st-units sa-steps' }), el('div', { className: 'st-token-cells' }, ...labels.slice(0, T).map((tok, t) => el('span', { className: 'st-token', title: `t = ${t + 1}` }, shortToken(tok)))));
  return el('div', {},
    el('div', { className: 'st-map-row' }, el('div', { className: 'st-units sa-steps' }, el('span', {}, `step ${all[0].step}`), el('span', {}, `step ${all[all.length - 1].step}`)), wrap),
    axis);
}

// ------------------------------------------------------------------ export

const shownRow = (all: Row[]) => (all.length ? all[Math.min(shownIndex ?? all.length - 1, all.length - 1)] : undefined);

const exporter = panelExport({
  panel: 'saliency',
  root: () => root,
  prepare: () => showWholeScroller(root, body),
  naming: () => ({ model: diagram?.name, step: shownRow(rows())?.step }),
  data: () => {
    const all = rows();
    return diagram && all.length ? saliencyData(diagram, all) : undefined;
  },
  post: m => channel.post(m),
});

/** The map of the mode shown: one row per (training step, input step t), with the token (or t for connectivity). */
function saliencyData(d: ModelDiagram, all: Row[]): PanelData {
  const m = mode();
  const connectivity = m === 'connectivity';
  const output = connectivity ? null : outputIndex() + 1;
  const table: (string | number | null)[][] = [];
  for (const r of all) {
    for (let t = 0; t < r.values.length; t++) table.push([m, output, r.step, t + 1, connectivity ? null : tokens[t] ?? null, r.values[t]]);
  }
  return {
    table: { columns: ['mode', 'output_position', 'training_step', 't', 'token', 'value'], rows: table },
    json: {
      model: d.name, modelId: d.modelId, mode: m, outputPosition: output, tokens: connectivity ? null : tokens,
      rows: all.map(r => ({ step: r.step, epoch: r.epoch ?? null, class: r.cls ?? null, target: r.target ?? null, values: Array.from(r.values) })),
    },
  };
}

onThemeChange(() => render());
showEmpty('Waiting for the kernel…');
channel.post({ type: 'ready' });
