// BPTT Step-Through panel: ∂L/∂W of one recurrent layer on one example as Σ_t term_t. A bar per
// time step (‖term_t‖, its share written above it), a cursor stepped with the buttons or ←/→,
// and below the running sum ‖Σ_{s≥t} term_s‖ as BPTT accumulates it from the last step back to
// the cursor, against ‖∂L/∂W‖. Each cursor move asks the Unrolled Graph to highlight the path of
// the term under it (the backward arrows from the last step down to t and W's use at t).
import { BpttToHost, BpttViewState, BpttWeightSeries, HostToBptt, isHostToBptt } from '../../src/protocol/bptt';
import { fmt, recurrenceName } from '../../src/protocol/gradients';
import type { PanelData } from '../../src/protocol/panelExport';
import { el, svg } from '../shared/dom';
import { panelExport } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { adoptBpttStyles } from './style';

adoptPanelStyles();
adoptBpttStyles();
const root = document.getElementById('root')!;

const channel = connect<BpttToHost, HostToBptt, BpttViewState>(message => {
  if (message.type === 'view') {
    const same = state.view && state.view.modelId === message.view.modelId && state.view.layer === message.view.layer && state.view.tokens.length === message.view.tokens.length;
    state = { view: message.view, weight: same ? state.weight ?? message.view.weight : message.view.weight, cursor: same ? state.cursor : undefined };
    build();
  } else if (message.type === 'clear') {
    state = {};
    showEmpty(message.reason);
  } else return; // 'exported': the host saved an export; nothing to show
  channel.setState(state);
}, isHostToBptt);
let state: BpttViewState = channel.getState() ?? {};
let logScale = true;

const toolbar = el('div', { className: 'toolbar' });
const stage = el('div', { className: 'bp-stage' });
const readout = el('div', { className: 'status bp-readout', id: 'readout' });
root.replaceChildren(toolbar, stage, readout);

const SYMBOL: Record<BpttWeightSeries['weight'], string> = { recurrent_kernel: 'W_hh', kernel: 'W_xh', bias: 'b' };
const LABEL: Record<BpttWeightSeries['weight'], string> = { recurrent_kernel: 'recurrent_kernel', kernel: 'kernel', bias: 'bias' };

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'BPTT Step-Through'));
  stage.replaceChildren(el('div', { className: 'empty' }, reason));
  readout.replaceChildren();
  delete document.body.dataset.rendered;
}

function button(label: string, title: string, onclick: () => void, pressed?: boolean, id?: string) {
  const b = el('button', { className: 'secondary', title, onclick }, label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  if (id) b.id = id;
  return b;
}

const series = (): BpttWeightSeries | undefined => state.view?.series.find(s => s.weight === state.weight) ?? state.view?.series[0];
const T = () => state.view?.tokens.length ?? 0;
/** BPTT starts at the step the layer reads last (t = T, or t = 1 for a layer that reads backwards): so does the cursor. */
const cursor = () => Math.min(Math.max(state.cursor ?? (state.view?.backwards ? 0 : T() - 1), 0), T() - 1);
/** Term t is in the sum BPTT has built when it reaches step c. */
const summed = (t: number, c: number) => (state.view?.backwards ? t <= c : t >= c);
/** ‖Σ_{s≥t}‖, or ‖Σ_{s≤t}‖ for a layer that reads backwards. */
const partialSymbol = () => (state.view?.backwards ? 'Σ_{s≤t}' : 'Σ_{s≥t}');

function build() {
  const v = state.view;
  if (!v) return showEmpty('Nothing to step through yet.');
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${v.model} · ${recurrenceName(v.layer, v.direction)} (${v.kind})`),
    ...v.series.map(s => button(SYMBOL[s.weight], `∂L/∂${LABEL[s.weight]} [${s.shape.join(', ')}]`, () => {
      state.weight = s.weight;
      channel.setState(state);
      build();
    }, s.weight === series()?.weight)),
    el('span', { className: 'spacer' }),
    button('◀ t−1', 'Step back in time (←)', () => move(-1), undefined, 'step-back'),
    button('t+1 ▶', 'Step forward in time (→)', () => move(1), undefined, 'step-forward'),
    button(logScale ? 'log' : 'linear', 'The bars\' scale: log (terms that vanish span decades) or linear', () => { logScale = !logScale; build(); }),
    exporter.button(),
    button('Graph', 'Open the unrolled graph: the path of the term under the cursor is highlighted there', () => channel.post({ type: 'openGraph', modelId: v.modelId })),
  );
  draw();
}

function move(delta: number) {
  if (!state.view) return;
  setCursor(cursor() + delta);
}

function setCursor(t: number) {
  const next = Math.min(Math.max(t, 0), T() - 1);
  state.cursor = next;
  channel.setState(state);
  draw();
}

window.addEventListener('keydown', e => {
  if (!state.view || e.altKey || e.ctrlKey || e.metaKey) return;
  const steps: Record<string, () => number> = { ArrowLeft: () => cursor() - 1, ArrowRight: () => cursor() + 1, Home: () => 0, End: () => T() - 1 };
  const to = steps[e.key];
  if (!to) return;
  e.preventDefault();
  setCursor(to());
});

const shortToken = (s: string) => (s.length > 6 ? `${s.slice(0, 5)}…` : s);
const pct = (v: number) => `${(100 * v).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%`;

/** y for a value on the bars' scale, 0 (bottom) .. 1 (top); non-finite values go to the top. */
function barScale(values: number[]): { at: (v: number) => number; ticks: { v: number; label: string }[] } {
  const finite = values.filter(v => Number.isFinite(v));
  const max = Math.max(...finite, 0);
  if (!logScale) {
    const top = max > 0 ? max : 1;
    return { at: v => (Number.isFinite(v) ? v / top : 1), ticks: [0, 0.5, 1].map(f => ({ v: f, label: fmt(f * top) })) };
  }
  const positive = finite.filter(v => v > 0);
  const hi = Math.ceil(Math.log10(Math.max(...positive, 1e-30)));
  const lo = Math.min(Math.floor(Math.log10(Math.min(...positive, 10 ** hi))), hi - 1);
  const span = hi - lo;
  const every = Math.max(1, Math.ceil(span / 6));
  const ticks = [];
  for (let d = lo; d <= hi; d += every) ticks.push({ v: (d - lo) / span, label: `1e${d}` });
  return { at: v => (!Number.isFinite(v) ? 1 : v <= 0 ? 0 : Math.max(0, (Math.log10(v) - lo) / span)), ticks };
}

function draw() {
  const v = state.view, s = series();
  if (!v || !s) return;
  const n = T(), c = cursor();
  state.cursor = c;
  const W = Math.max(stage.clientWidth, 480), H = Math.max(stage.clientHeight, 320);
  const left = 62, right = 18, top = 22;
  const barsH = Math.round((H - 40) * 0.62), sumTop = top + barsH + 44, sumH = H - sumTop - 26;
  const band = (W - left - right) / n;
  const x = (t: number) => left + t * band;
  const scale = barScale(s.norms);
  const chart = svg('svg', { class: 'bp-chart', width: W, height: H, role: 'img', 'aria-label': `‖term_t‖ of ∂L/∂${SYMBOL[s.weight]} per time step` });
  // bars
  const bars = svg('g', { class: 'bp-bars' });
  for (const tick of scale.ticks) {
    const y = top + barsH * (1 - tick.v);
    bars.append(svg('line', { class: 'bp-grid', x1: left, x2: W - right, y1: y, y2: y }), svg('text', { class: 'bp-ytick', x: left - 6, y }, tick.label));
  }
  const labelEvery = Math.max(1, Math.ceil(n / Math.floor((W - left - right) / 34)));
  for (let t = 0; t < n; t++) {
    const norm = s.norms[t];
    const h = barsH * scale.at(norm);
    const finite = Number.isFinite(norm);
    const cls = `bp-bar ${summed(t, c) ? 'bp-summed' : 'bp-pending'}${t === c ? ' bp-cursor' : ''}${finite ? '' : ' bp-nonfinite'}`;
    const bar = svg('rect', { class: cls, x: x(t) + band * 0.12, y: top + barsH - h, width: Math.max(1, band * 0.76), height: Math.max(h, finite && norm > 0 ? 1 : 0), 'data-t': t },
      svg('title', {}, `t=${t + 1} (${v.tokens[t]}): ‖term_t‖ = ${fmt(norm)}, ${pct(s.shares[t])} of Σ‖term‖`));
    bars.append(bar);
    if (band >= 26 || t === c) bars.append(svg('text', { class: `bp-share${t === c ? ' bp-at' : ''}`, x: x(t) + band / 2, y: top + barsH - h - 4 }, finite ? pct(s.shares[t]) : String(norm)));
    if (t % labelEvery === 0 || t === c) bars.append(svg('text', { class: `bp-xtick${t === c ? ' bp-at' : ''}`, x: x(t) + band / 2, y: top + barsH + 14 }, shortToken(v.tokens[t])));
  }
  bars.append(svg('line', { class: 'bp-axis', x1: left, x2: W - right, y1: top + barsH, y2: top + barsH }));
  bars.append(svg('text', { class: 'bp-caption', x: left, y: top - 8 }, `‖term_t‖ = ‖∂L/∂${SYMBOL[s.weight]} through step t‖ (${logScale ? 'log' : 'linear'}), its share of Σ_t ‖term_t‖ above each bar`));
  // running sum against the full gradient
  const sum = svg('g', { class: 'bp-sum' });
  const top2 = Math.max(s.fullNorm, ...s.partialNorms.filter(Number.isFinite), 1e-30);
  const y2 = (val: number) => sumTop + sumH * (1 - (Number.isFinite(val) ? val / top2 : 1));
  const from = v.backwards ? 'from step 1 (the layer reads the sequence backwards, so BPTT starts there)' : 'from the last step';
  sum.append(svg('text', { class: 'bp-caption', x: left, y: sumTop - 10 }, `‖${partialSymbol()} term_s‖: the sum BPTT has built when it reaches t ${from}, against ‖∂L/∂${SYMBOL[s.weight]}‖`));
  sum.append(svg('line', { class: 'bp-axis', x1: left, x2: W - right, y1: sumTop + sumH, y2: sumTop + sumH }));
  sum.append(svg('line', { class: 'bp-full', x1: left, x2: W - right, y1: y2(s.fullNorm), y2: y2(s.fullNorm) }));
  sum.append(svg('text', { class: 'bp-ytick', x: left - 6, y: y2(s.fullNorm) }, fmt(s.fullNorm)));
  sum.append(svg('text', { class: 'bp-ytick', x: left - 6, y: sumTop + sumH }, '0'));
  const pts = s.partialNorms.map((p, t) => `${x(t) + band / 2},${y2(p)}`).join(' ');
  sum.append(svg('polyline', { class: 'bp-partial', points: pts }));
  sum.append(svg('line', { class: 'bp-cursor-line', x1: x(c) + band / 2, x2: x(c) + band / 2, y1: sumTop, y2: sumTop + sumH }));
  sum.append(svg('circle', { class: 'bp-dot', cx: x(c) + band / 2, cy: y2(s.partialNorms[c]), r: 4.5 }));
  chart.append(bars, sum);
  chart.addEventListener('click', e => {
    const t = (e.target as Element).closest?.('[data-t]')?.getAttribute('data-t');
    if (t !== null && t !== undefined) setCursor(Number(t));
  });
  stage.replaceChildren(chart);
  const partial = s.partialNorms[c];
  readout.replaceChildren(
    el('span', { className: 'bp-strong' }, `t = ${c + 1} of ${n} (${v.tokens[c]})`),
    el('span', {}, `‖term_t‖ = ${fmt(s.norms[c])}`),
    el('span', {}, `share ${pct(s.shares[c])}`),
    el('span', { title: '⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖²: how much of the gradient this term is along its own direction (signed; the terms add up to 100%)' }, `along ∂L/∂W ${pct(s.projections[c])}`),
    el('span', { className: 'bp-strong' }, `‖${partialSymbol()}‖ = ${fmt(partial)} of ‖∂L/∂${SYMBOL[s.weight]}‖ = ${fmt(s.fullNorm)}${s.fullNorm > 0 && Number.isFinite(partial) ? ` (${pct(partial / s.fullNorm)})` : ''}`),
    el('span', { className: 'muted' }, `loss ${fmt(v.loss)} · ←/→ step`),
  );
  document.body.dataset.rendered = 'bptt';
  document.body.dataset.cursor = String(c);
  channel.post({ type: 'cursor', highlight: { type: 'bpttHighlight', modelId: v.modelId, layer: v.layer, ...(v.direction ? { direction: v.direction } : {}), weight: s.weight, t: c, T: n } });
}

// ------------------------------------------------------------------ export

const exporter = panelExport({
  panel: 'bptt',
  root: () => root,
  naming: () => ({ model: state.view?.model }),
  data: () => (state.view && series() ? bpttData() : undefined),
  post: m => channel.post(m),
});

/** The weight shown, one row per time step: what the bars, their shares and the running sum draw. */
function bpttData(): PanelData {
  const v = state.view!, s = series()!;
  const rows = v.tokens.map((token, t) => [v.layer, s.weight, t + 1, token, s.norms[t], s.shares[t], s.projections[t], s.partialNorms[t], s.fullNorm]);
  return {
    table: { columns: ['layer', 'weight', 't', 'token', 'term_norm', 'share', 'projection', 'partial_sum_norm', 'full_norm'], rows },
    json: { ...v, shown: s.weight },
  };
}

new ResizeObserver(() => { if (state.view) draw(); }).observe(stage);
if (state.view) build();
channel.post({ type: 'ready' });
