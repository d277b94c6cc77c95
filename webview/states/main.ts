// State inspector panel: for one input sequence, each recurrent layer's h_t (c_t) and gates as
// time × unit heatmaps with the tokens along the time axis; click a cell to trace its unit;
// a training-step scrubber replays the snapshots kept during fit (the budget of states.ts).
import type { HostToStates, StatesToHost, StatesViewState } from '../../src/protocol/webview';
import { fmt, LIVE_SNAPSHOT_REDRAWS_PER_SECOND, snapshotBytes, SnapshotBudget, throttled, type ModelDiagram, type StateChain, type StateSnapshot } from '../../src/protocol/gradients';
import { isHostToStates } from '../../src/protocol/guards';
import type { PanelData } from '../../src/protocol/panelExport';
import { parseRgb } from '../shared/colors';
import { el, onThemeChange, themeColor } from '../shared/dom';
import { panelExport } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { MapView, mapView, mark, paint, scaleFor, SeriesScale } from './maps';
import { seriesColor, seriesLabel, shortToken, traceSvg } from './trace';
import { adoptStatesStyles } from './style';

adoptPanelStyles();
adoptStatesStyles();
const root = document.getElementById('root')!;
let diagram: ModelDiagram | undefined;
let tokens: string[] = [];
let budget = new SnapshotBudget<StateSnapshot>();
/** Index of the snapshot shown; undefined follows the latest. */
let shownIndex: number | undefined;
/** The step marked by a click (the trace's cursor). */
let cursorT: number | undefined;
/** A live snapshot redraws at most LIVE_SNAPSHOT_REDRAWS_PER_SECOND times a second (every one is kept). */
const liveRefresh = throttled(() => refresh(), LIVE_SNAPSHOT_REDRAWS_PER_SECOND);

const channel = connect<StatesToHost, HostToStates, StatesViewState>(message => {
  switch (message.type) {
    case 'model':
      if (diagram?.modelId !== message.diagram.modelId) resetSnapshots();
      diagram = message.diagram;
      state.modelId = diagram.modelId;
      channel.setState(state);
      build();
      break;
    case 'states':
      resetSnapshots();
      tokens = message.tokens;
      for (const s of message.snapshots) budget.add(s.step, compact(s), snapshotBytes(s.chains));
      build();
      break;
    case 'snapshot':
      if (message.reset) resetSnapshots();
      tokens = message.tokens;
      budget.add(message.snapshot.step, compact(message.snapshot), snapshotBytes(message.snapshot.chains));
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
}, isHostToStates);
const state: StatesViewState = channel.getState() ?? {};

/** Values as float32, as the budget counts them: they arrive so from the host; a plain array (a message from elsewhere) is copied. */
function compact(s: StateSnapshot): StateSnapshot {
  const f32 = (values: ArrayLike<number>) => (values instanceof Float32Array ? values : Float32Array.from(values));
  return { ...s, chains: s.chains.map(c => ({ ...c, series: c.series.map(x => ({ name: x.name, values: f32(x.values) })) })) };
}

function resetSnapshots() {
  budget = new SnapshotBudget<StateSnapshot>();
  shownIndex = undefined;
  cursorT = undefined;
}

// ------------------------------------------------------------------ layout

const toolbar = el('div', { className: 'toolbar' });
const scrubRow = el('div', { className: 'toolbar st-scrub' });
const main = el('div', { className: 'st-main with-side' });
const maps = el('div', { className: 'st-maps main-column' });
const side = el('div', { className: 'st-side side-column' });
const status = el('div', { className: 'status' });
const tooltip = el('div', { className: 'tooltip', hidden: true });
document.body.append(tooltip);
root.replaceChildren(toolbar, scrubRow, main, status);
main.replaceChildren(maps, side);

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'State inspector'));
  scrubRow.replaceChildren();
  maps.replaceChildren(el('div', { className: 'empty' }, reason));
  side.replaceChildren();
  delete side.dataset.hint;
  status.replaceChildren();
  delete document.body.dataset.rendered;
}

const snapshots = () => budget.kept.map(k => k.item);
const current = (): StateSnapshot | undefined => {
  const all = snapshots();
  return all[shownIndex ?? all.length - 1];
};
const chainOf = (s: StateSnapshot | undefined) => s?.chains.find(c => c.key === state.chain) ?? s?.chains[0];

function button(label: string, title: string, onclick: () => void, pressed?: boolean) {
  const b = el('button', { className: 'secondary', title, onclick }, label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  return b;
}

let views: { name: string; view: MapView; scale: SeriesScale }[] = [];
/**
 * Maps scrolled out of sight are not painted while the model trains (an LSTM's six maps of 64
 * units are taller than the panel): they are marked stale and painted when they come into view,
 * or before an export. A map whose visibility is not known yet is painted.
 */
const offscreen = new Set<MapView>();
const stale = new Set<MapView>();
let sightings: IntersectionObserver | undefined;
function watchVisibility() {
  sightings?.disconnect();
  offscreen.clear();
  stale.clear();
  sightings = new IntersectionObserver(entries => {
    for (const e of entries) {
      const v = views.find(x => x.view.root === e.target);
      if (!v) continue;
      if (e.isIntersecting) offscreen.delete(v.view);
      else offscreen.add(v.view);
      if (e.isIntersecting && stale.has(v.view)) paintView(v);
    }
  });
  for (const { view } of views) sightings.observe(view.root);
}
/** Paints the maps that were skipped out of sight (an export draws every map). */
function paintStale() {
  for (const v of views) if (stale.has(v.view)) paintView(v);
}
const scrub = el('input', { type: 'range', id: 'scrub', min: '0', step: '1', title: 'Training step: drag to replay how the states changed while the model trained' });
const stepLabel = el('span', { className: 'st-step', id: 'step-label' });
scrub.oninput = () => {
  const n = snapshots().length;
  shownIndex = Number(scrub.value) >= n - 1 ? undefined : Number(scrub.value);
  refresh();
};

/** Rebuilds the page for the current model, chain and series (the maps' scales span every snapshot). */
function build() {
  const d = diagram;
  if (!d) return;
  const snap = current();
  const chains = snap?.chains ?? [];
  if (!chains.some(c => c.key === state.chain)) state.chain = chains[0]?.key;
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${d.name} · states`),
    ...chains.map(c => button(`${c.layer}${c.direction === 'backward' ? ' ←' : ''} · ${c.kind}(${c.units})`, `${c.key}: ${c.series.map(s => s.name).join(', ')}`, () => {
      state.chain = c.key;
      state.unit = undefined;
      channel.setState(state);
      build();
    }, c.key === state.chain)),
    el('span', { className: 'spacer' }),
    exporter.button(),
    button('Graph', 'Open the unrolled graph', () => channel.post({ type: 'openGraph', modelId: d.modelId })),
  );
  scrubRow.replaceChildren(el('label', { htmlFor: 'scrub' }, 'Training step'), scrub, stepLabel);
  const chain = chainOf(snap);
  if (!chain) {
    // The maps leave the page: forget them, so that the next snapshot (a fit's first, which is no
    // reset: its start emptied the list) builds them again instead of painting detached canvases.
    views = [];
    sightings?.disconnect();
    maps.replaceChildren(el('div', { className: 'empty' }, `No states of ${d.name} yet. show_states(${d.name}, x) shows one sequence; a fit after it keeps snapshots of it as it trains.`));
    side.replaceChildren();
    delete side.dataset.hint;
    status.replaceChildren();
    document.body.dataset.rendered = 'empty';
    return;
  }
  const sameChain = snapshots().flatMap(s => s.chains.filter(c => c.key === chain.key));
  views = chain.series.map(s => {
    const scale = scaleFor(s.name, sameChain);
    return { name: s.name, view: mapView(s.name, chain.kind, scale, chain.units), scale };
  });
  maps.replaceChildren(tokenAxis(chain), ...views.map(v => v.view.root), tokenAxis(chain));
  for (const { view } of views) wireMap(view, chain.units, chain.T);
  watchVisibility();
  status.replaceChildren(
    el('span', {}, 'Columns: time steps (tokens); rows: units. Click a cell to trace its unit.'),
    el('span', {}, chain.kind === 'LSTM' ? 'h, c, c̃: blue < 0 < red · gates i, f, o: 0 … 1 (viridis)' : chain.kind === 'GRU' ? 'h, h̃: blue < 0 < red · gates z, r: 0 … 1 (viridis)' : 'h: blue < 0 < red'),
    chain.mask ? el('span', {}, 'dimmed: padding (masked steps carry the state through)') : '',
    el('span', { className: 'legend' }, el('span', { className: 'st-swatch st-nonfinite' }), 'NaN / ±Inf'),
  );
  refresh();
}

function tokenAxis(chain: StateChain): HTMLElement {
  const axis = el('div', { className: 'st-tokens' }, el('div', { className: 'st-units' }));
  const cells = el('div', { className: 'st-token-cells' }, ...tokens.slice(0, chain.T).map((tok, t) => {
    const cell = el('span', { className: chain.mask?.[t] === 0 ? 'st-token masked' : 'st-token', title: `t = ${t + 1}: ${JSON.stringify(tok)}` }, shortToken(tok));
    cell.dataset.t = String(t);
    return cell;
  }));
  axis.append(cells);
  thinLabels(cells);
  return axis;
}

/**
 * Labels wider than their column overlap into an unreadable run ("1(1:1:…" at 20 steps in 200
 * pixels): steps 1, k + 1, 2k + 1, … keep their labels, k the smallest of 1, 2, 5, 10, 20, … that
 * makes room.
 * The hover tooltip still names every step.
 */
function thinLabels(cells: HTMLElement) {
  const spans = Array.from(cells.children) as HTMLElement[];
  const texts = spans.map(c => c.textContent ?? '');
  const relabel = () => {
    const column = cells.clientWidth / Math.max(1, spans.length);
    if (column === 0) return;
    // a reduce, not Math.max(...): a sequence of many thousand steps would overflow the call's arguments
    const widest = texts.reduce((m, t) => Math.max(m, t.length), 1) * 7 + 4; // 11px monospace: about 7px a character
    const k = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find(n => n * column >= widest) ?? Math.ceil(widest / column);
    spans.forEach((c, t) => {
      const shown = t % k === 0;
      c.textContent = shown ? texts[t] : '';
      c.classList.toggle('st-token-wide', k > 1 && shown);
    });
  };
  new ResizeObserver(relabel).observe(cells);
}

/** Hover shows the value; a click selects the unit (and marks the step) for the trace. */
function wireMap(view: MapView, units: number, T: number) {
  const at = (e: MouseEvent) => {
    const r = view.canvas.getBoundingClientRect();
    return { t: Math.min(T - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * T))), unit: Math.min(units - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * units))) };
  };
  view.canvas.onmousemove = e => {
    const chain = chainOf(current());
    const series = chain?.series.find(s => s.name === view.canvas.dataset.series);
    if (!chain || !series) return;
    const { t, unit } = at(e);
    tooltip.hidden = false;
    tooltip.textContent = `t = ${t + 1}  ${JSON.stringify(tokens[t] ?? '')}${chain.mask?.[t] === 0 ? ' (padding)' : ''}\nunit ${unit}  ${seriesLabel(series.name, chain.kind)} = ${fmt(series.values[t * units + unit])}`;
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
  };
  view.canvas.onmouseleave = () => { tooltip.hidden = true; };
  view.canvas.onclick = e => {
    const { t, unit } = at(e);
    state.unit = unit;
    cursorT = t;
    channel.setState(state);
    refresh();
  };
}

const shownUnit = (chain: StateChain) => (state.unit !== undefined && state.unit < chain.units ? state.unit : undefined);

/** The editor background that masked steps are dimmed towards: read once per theme, not for every map painted. */
let background: [number, number, number] | undefined;

/** Paints one map from the shown snapshot, with its markers. */
function paintView({ name, view, scale }: { name: string; view: MapView; scale: SeriesScale }) {
  stale.delete(view);
  const chain = chainOf(current());
  const series = chain?.series.find(s => s.name === name);
  if (!chain || !series) return;
  background ??= parseRgb(themeColor('--vscode-editor-background', '#ffffff'));
  paint(view, series.values, chain.T, chain.units, scale, chain.mask, background);
  mark(view, shownUnit(chain), cursorT, chain.T, chain.units);
}

/** Repaints the maps and the trace for the shown snapshot (new snapshots only move the scrubber when it follows the latest). */
function refresh() {
  const all = snapshots();
  const snap = current();
  const chain = chainOf(snap);
  if (!diagram || !snap || !chain || views.length !== chain.series.length || views.some((v, i) => v.name !== chain.series[i].name)) {
    if (diagram && snap && chain && !views.length) build();
    return;
  }
  const index = shownIndex ?? all.length - 1;
  scrub.max = String(Math.max(0, all.length - 1));
  scrub.value = String(index);
  scrub.disabled = all.length < 2;
  stepLabel.textContent = `step ${snap.step}${snap.epoch !== undefined ? ` (epoch ${snap.epoch + 1})` : ''} · snapshot ${index + 1} of ${all.length}${all.length < 2 ? ' (a fit after show_states keeps more)' : ''}`;
  const unit = shownUnit(chain);
  for (const v of views) {
    if (offscreen.has(v.view)) stale.add(v.view);
    else paintView(v);
  }
  document.body.dataset.step = String(snap.step);
  document.body.dataset.unit = unit === undefined ? '' : String(unit);
  drawSide(chain, unit, all[0]);
  document.body.dataset.rendered = 'states';
}

function drawSide(chain: StateChain, unit: number | undefined, first: StateSnapshot | undefined) {
  if (unit === undefined) {
    // The hint does not change with the snapshot: not rebuilt (and laid out) each time one arrives.
    if (side.dataset.hint === 'shown') return;
    side.dataset.hint = 'shown';
    side.replaceChildren(el('h4', {}, 'Unit trace'), el('div', { className: 'st-hint' }, 'Click a cell of a heatmap to follow its unit over the sequence.'));
    return;
  }
  const firstChain = first && first !== current() ? first.chains.find(c => c.key === chain.key) : undefined;
  const chips = chain.series.map((s, i) => {
    const chip = el('span', { className: 'chip st-chip' }, el('span', { className: 'st-swatch' }), seriesLabel(s.name, chain.kind));
    (chip.firstChild as HTMLElement).style.background = seriesColor(i);
    return chip;
  });
  if (firstChain) chips.push(el('span', { className: 'chip st-chip' }, el('span', { className: 'st-swatch st-dashed' }), `h_t at step ${first!.step}`));
  delete side.dataset.hint;
  const values = cursorT === undefined ? [] : chain.series.map(s => el('div', {}, `${seriesLabel(s.name, chain.kind)} = ${fmt(s.values[cursorT! * chain.units + unit])}`));
  side.replaceChildren(
    el('h4', {}, `Unit ${unit} of ${chain.layer}${chain.direction === 'backward' ? ' (backward)' : ''}`),
    traceSvg(chain, unit, tokens, firstChain, cursorT),
    el('div', { className: 'chips' }, ...chips),
    cursorT === undefined ? '' : el('div', { className: 'st-values' }, el('b', {}, `t = ${cursorT + 1}  ${JSON.stringify(tokens[cursorT] ?? '')}`), ...values),
  );
}

// ------------------------------------------------------------------ export

const exporter = panelExport({
  panel: 'states',
  root: () => {
    paintStale();
    return root;
  },
  naming: () => ({ model: diagram?.name, step: current()?.step }),
  data: () => {
    const snap = current();
    return diagram && snap && statesData(diagram, snap);
  },
  post: m => channel.post(m),
});

/** The shown snapshot: every chain's series as one row per (step t, unit), with the tokens. */
function statesData(d: ModelDiagram, snap: StateSnapshot): PanelData {
  const rows: (string | number | null)[][] = [];
  for (const c of snap.chains) {
    for (const s of c.series) {
      for (let t = 0; t < c.T; t++) for (let u = 0; u < c.units; u++) rows.push([c.key, s.name, snap.step, t + 1, tokens[t] ?? null, u, s.values[t * c.units + u]]);
    }
  }
  return {
    table: { columns: ['recurrence', 'series', 'training_step', 't', 'token', 'unit', 'value'], rows },
    json: { model: d.name, modelId: d.modelId, tokens, step: snap.step, epoch: snap.epoch ?? null, chains: snap.chains },
  };
}

onThemeChange(() => {
  background = undefined;
  refresh();
});
showEmpty('Waiting for the kernel…');
channel.post({ type: 'ready' });
