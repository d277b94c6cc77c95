// Chain of Partials panel: for the sequence show_chain was given, the picked recurrent layer's
// step Jacobians (‖J_k‖_F and the top singular values per step k), the norm of their product
// from each step t to the last (the ∏ term of BPTT), and ρ / σ_max of W_hh per epoch over
// training (live while fit trains), all on log scales with the 1.0 line, and one computed line
// of plain words on top.
import type { ChainToHost, ChainViewState, HostToChain } from '../../src/protocol/webview';
import { chainReading, chainVerdict, fmt, spectrumReading, type ChainLayer, type ChainMessage, type ModelDiagram, type SpectrumMessage } from '../../src/protocol/gradients';
import { isHostToChain } from '../../src/protocol/guards';
import type { PanelData } from '../../src/protocol/panelExport';
import { coalesce, el } from '../shared/dom';
import { panelExport, showWholeScroller } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { connect } from '../vscodeApi';
import { ChartSeries, legendItems, logChart } from './charts';
import { adoptChainStyles } from './style';

adoptPanelStyles();
adoptChainStyles();
const root = document.getElementById('root')!;
let diagram: ModelDiagram | undefined;
let chain: ChainMessage | undefined;
let spectrum: SpectrumMessage | undefined;

const channel = connect<ChainToHost, HostToChain, ChainViewState>(message => {
  switch (message.type) {
    case 'model':
      if (diagram?.modelId !== message.diagram.modelId) { chain = undefined; spectrum = undefined; }
      diagram = message.diagram;
      state.modelId = diagram.modelId;
      channel.setState(state);
      render();
      break;
    case 'chain':
      // show_chain(layer=…) picks the layer; a fit's refresh of the same call keeps the reader's pick.
      if (!chain || chain.modelId !== message.chain.modelId || chain.selected !== message.chain.selected) state.layer = message.chain.selected;
      chain = message.chain;
      channel.setState(state);
      render();
      break;
    case 'spectrum':
      spectrum = message.spectrum;
      render();
      break;
    case 'clear':
      diagram = undefined;
      chain = undefined;
      spectrum = undefined;
      showEmpty(message.reason);
      break;
    case 'exported':
      break;
  }
}, isHostToChain);
const state: ChainViewState = channel.getState() ?? {};

const toolbar = el('div', { className: 'toolbar' });
const main = el('div', { className: 'ch-main' });
const status = el('div', { className: 'status' });
root.replaceChildren(toolbar, main, status);

function showEmpty(reason: string) {
  toolbar.replaceChildren(el('span', { className: 'title' }, 'Chain of partials'));
  main.replaceChildren(el('div', { className: 'empty' }, reason));
  status.replaceChildren();
  delete document.body.dataset.rendered;
}

function button(label: string, title: string, onclick: () => void, pressed?: boolean) {
  const b = el('button', { className: 'secondary', title, onclick }, label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  return b;
}

function legend(series: ChartSeries[]) {
  return el('div', { className: 'ch-legend' },
    ...legendItems(series).map(i => el('span', {}, el('span', { className: `ch-swatch ${i.cls}` }), i.label)),
    el('span', {}, el('span', { className: 'ch-swatch ch-one' }), '1.0'));
}

function section(title: string, sub: string, id: string, x0: number, xName: string, series: ChartSeries[]) {
  return el('section', { className: 'ch-section' },
    el('h4', {}, title), el('div', { className: 'ch-sub' }, sub),
    logChart({ id, x0, xName, series }), legend(series));
}

/** State names as the formulas write them: h, or [h;c] for an LSTM. */
const stateName = (c: ChainLayer) => (c.state === 'h,c' ? '[h;c]' : c.state);

function stepSection(c: ChainLayer) {
  const s = stateName(c);
  const k = Math.max(0, ...c.stepSingularValues.map(v => v.length));
  const series: ChartSeries[] = [
    ...Array.from({ length: k }, (_, i) => ({ name: `sigma${i + 1}`, label: i === 0 ? `σ₁ = ‖J_k‖₂` : `σ${String.fromCharCode(0x2081 + i)}`, values: c.stepSingularValues.map(v => v[i] ?? NaN) })),
    { name: 'frobenius', label: '‖J_k‖_F', values: c.stepFrobenius, dashed: true },
  ];
  return section(`Step Jacobians J_k = ∂${s}_k/∂${s}_{k−1}`, `per step k = 1…${c.stepFrobenius.length}: the norm and top singular values of one step's factor in the chain rule (log scale)`, 'chart-steps', 1, 'k', series);
}

function productSection(c: ChainLayer) {
  const T = c.productNorm.length;
  return section(`Product ‖∏_{k=t+1..${T}} J_k‖₂ from each step t to ${T}`, `how much of ∂L/∂${stateName(c)}_${T} reaches step t: the chain of partials of BPTT (log scale; t = ${T - 1} is J_${T} alone)`, 'chart-product', 0, 't',
    [{ name: 'product', label: '‖∏ J_k‖₂', values: c.productNorm }]);
}

/** `id`: of the chart ('chart-<id>') and its section ('<id>-section'). */
function spectrumSection(layer: string, kind: string, id = 'spectrum') {
  const series = spectrum?.layers[layer];
  const block = kind === 'SimpleRNN' || !kind ? 'W_hh' : `W_hh (the candidate block of ${kind === 'LSTM' ? 'the LSTM' : 'the GRU'}'s recurrent kernel)`;
  const head = el('h4', {}, `ρ(${block}) and σ_max of ${layer} over training`);
  if (!series?.spectralRadius.length) {
    const why = spectrum && !series ? `${layer} is not recorded (over 128 units)` : 'no epochs yet: fit the model and ρ and σ_max appear here after each epoch';
    return el('section', { className: 'ch-section', id: `${id}-section` }, head, el('div', { className: 'ch-empty' }, why));
  }
  const chart = section('', '', `chart-${id}`, 1, 'epoch', [
    { name: 'rho', label: 'ρ (spectral radius)', values: series.spectralRadius },
    { name: 'sigma', label: 'σ_max (largest singular value)', values: series.sigmaMax, dashed: true },
  ]);
  chart.id = `${id}-section`;
  chart.replaceChild(head, chart.firstChild!);
  chart.children[1].textContent = `after each epoch of every fit: below 1.0 the powers of W_hh shrink, above it they can grow — ${spectrumReading(series)}`;
  return chart;
}

/** Draws the page for the model, its chain and the picked layer. */
const render = coalesce(() => {
  const d = diagram;
  if (!d) return;
  const layers = chain?.layers ?? [];
  if (!layers.some(l => l.layer === state.layer)) state.layer = chain?.selected ?? layers[0]?.layer;
  const c = layers.find(l => l.layer === state.layer);
  toolbar.replaceChildren(
    el('span', { className: 'title' }, `${d.name} · chain of partials`),
    ...layers.map(l => button(`${l.layer} · ${l.kind}(${l.units})`, `the chain of ${l.layer}: state ${stateName(l)}`, () => {
      state.layer = l.layer;
      channel.setState(state);
      render();
    }, l.layer === state.layer)),
    el('span', { className: 'spacer' }),
    exporter.button(),
    button('Graph', 'Open the unrolled graph', () => channel.post({ type: 'openGraph', modelId: d.modelId })),
  );
  if (!chain || !c) {
    // A fit without show_chain still recorded the spectrum: show it under the hint.
    main.replaceChildren(el('div', { className: 'empty' }, `No chain of ${d.name} yet. show_chain(${d.name}, x) computes it for one sequence; a fit after it updates it.`),
      ...Object.keys(spectrum?.layers ?? {}).map((layer, i) => spectrumSection(layer, '', `spectrum-${i}`)));
    status.replaceChildren();
    document.body.dataset.rendered = 'empty';
    return;
  }
  const verdict = chainVerdict(c);
  const reading = el('div', { className: `ch-reading ${verdict}`, id: 'reading' }, `${c.layer}: ${chainReading(c)}${c.backwards ? ` (it reads the sequence backwards: its step k is input step ${c.productNorm.length} − k + 1)` : ''}`);
  const about = el('div', { className: 'ch-about' }, `${c.kind}(${c.units}), state ${stateName(c)}, over ${c.productNorm.length || '?'} steps, with the weights after ${chain.epochs} epoch${chain.epochs === 1 ? '' : 's'}; ρ(W_hh) = ${fmt(c.spectralRadius)}, σ_max = ${fmt(c.sigmaMax)} now.`);
  main.replaceChildren(reading, about,
    ...(c.unavailable ? [el('div', { className: 'ch-empty' }, `No Jacobians for ${c.layer}: ${c.unavailable}`)] : [stepSection(c), productSection(c)]),
    spectrumSection(c.layer, c.kind));
  status.replaceChildren(el('span', {}, 'Log scales; the dashed 1.0 line separates shrinking (below) from growing (above). Magenta markers at the top: NaN or Inf. Hover a point for its value.'));
  document.body.dataset.layer = c.layer;
  document.body.dataset.epochs = String(spectrum?.layers[c.layer]?.spectralRadius.length ?? 0);
  document.body.dataset.rendered = 'chain';
});

// ------------------------------------------------------------------ export

const shownLayer = () => chain?.layers.find(l => l.layer === state.layer);

const exporter = panelExport({
  panel: 'chain',
  root: () => root,
  prepare: () => showWholeScroller(root, main),
  naming: () => ({ model: diagram?.name }),
  data: () => {
    const c = shownLayer();
    return diagram && (c || spectrum) ? chainData(diagram, c) : undefined;
  },
  post: m => channel.post(m),
});

/** The charts drawn, in long form: one row per (chart, x, series), x as the chart's axis counts it. */
function chainData(d: ModelDiagram, c: ChainLayer | undefined): PanelData {
  const rows: (string | number | null)[][] = [];
  const add = (layer: string, chart: string, xName: string, x0: number, series: string, values: number[]) => values.forEach((v, i) => rows.push([layer, chart, xName, x0 + i, series, v]));
  if (c && !c.unavailable) {
    const k = Math.max(0, ...c.stepSingularValues.map(v => v.length));
    for (let i = 0; i < k; i++) add(c.layer, 'step_jacobian', 'k', 1, `sigma${i + 1}`, c.stepSingularValues.map(v => v[i] ?? NaN));
    add(c.layer, 'step_jacobian', 'k', 1, 'frobenius', c.stepFrobenius);
    add(c.layer, 'product', 't', 0, 'product_norm', c.productNorm);
  }
  const layers = c ? [c.layer] : Object.keys(spectrum?.layers ?? {});
  for (const layer of layers) {
    const sp = spectrum?.layers[layer];
    if (!sp) continue;
    add(layer, 'spectrum', 'epoch', 1, 'spectral_radius', sp.spectralRadius);
    add(layer, 'spectrum', 'epoch', 1, 'sigma_max', sp.sigmaMax);
  }
  return {
    table: { columns: ['layer', 'chart', 'x_name', 'x', 'series', 'value'], rows },
    json: { model: d.name, modelId: d.modelId, epochs: chain?.epochs ?? null, layer: c ?? null, spectrum: Object.fromEntries(layers.flatMap(l => (spectrum?.layers[l] ? [[l, spectrum.layers[l]]] : []))) },
  };
}

showEmpty('Waiting for the kernel…');
channel.post({ type: 'ready' });
