// Unrolled graph panel: the folded loop and the network unrolled over T steps, as the seed
// draws it; shared weights highlight together; a cell opens its gates; after training the
// BPTT arrows take the colour of ‖dL/dh_t‖ from the latest step.
import type { GraphState, GraphToHost, HostToGraph } from '../../src/protocol/webview';
import { cellInside, chainsOf, fmt } from '../../src/protocol/gradients';
import type { Chain, GradientFrame, ModelDiagram } from '../../src/protocol/gradients';
import type { PanelData } from '../../src/protocol/panelExport';
import { el, svg } from '../shared/dom';
import { panelExport } from '../shared/export';
import { adoptPanelStyles } from '../shared/style';
import { isHostToGraph } from '../../src/protocol/guards';
import { connect } from '../vscodeApi';
import { BpttPainter } from './bptt';
import { markBpttPath } from './bpttPath';
import type { GraphBpttHighlight } from '../../src/protocol/bptt';
import { buildGraph, GNode, Layout, layoutGates, layoutGraph, STEP_BUDGETS } from './layout';

adoptPanelStyles();
const root = document.getElementById('root')!;
let state: GraphState = { view: 'unrolled', defaultT: 8 };
let layout: Layout | undefined;
let renderSeq = 0;

const channel = connect<GraphToHost, HostToGraph, GraphState>(message => {
  switch (message.type) {
    case 'model': {
      // fit sends its model's diagram each time it starts: the same model fitted again keeps its
      // layout (elkjs is the costliest thing this page does) and only loses the old colours.
      const same = layout !== undefined && JSON.stringify(state.diagram) === JSON.stringify(message.diagram);
      state = { ...state, diagram: message.diagram, frame: undefined };
      save();
      if (same) paintGradients();
      else void render();
      break;
    }
    case 'gradients':
      if (!state.diagram || message.frame.modelId !== state.diagram.modelId) return;
      // Not saved: after a reload the host sends the latest frame again with the model.
      state.frame = message.frame;
      paintLiveGradients();
      break;
    case 'clear':
      state = { view: state.view, defaultT: state.defaultT };
      save();
      showEmpty(message.reason);
      break;
    case 'exported':
      setStatus(message.path ? `Saved ${message.path}` : 'Export cancelled');
      break;
    case 'bpttHighlight':
      bpttMark = message;
      markBpttPath(graph, state.diagram, bpttMark);
      break;
  }
}, isHostToGraph);
/** The BPTT Step-Through's cursor (bpttPath.ts), kept across redraws. */
let bpttMark: GraphBpttHighlight | undefined;
function save() {
  channel.setState(state);
}

// ------------------------------------------------------------------ chrome

const toolbar = el('div', { className: 'toolbar' });
const stage = el('div', { className: 'stage' });
const status = el('div', { className: 'status' });
const graph = svg('svg', { class: 'graph', role: 'img', 'aria-label': 'Unrolled network' });
stage.append(graph);
root.replaceChildren(toolbar, stage, status);
let statusNote = el('span');

function button(label: string, title: string, onclick: () => void, cls = 'secondary') {
  return el('button', { className: cls, title, onclick, type: 'button' }, label);
}
function buildToolbar() {
  const d = state.diagram;
  const tInput = el('input', { type: 'number', min: '2', max: '10000', value: String(state.defaultT), title: 'Steps to draw when the model has no fixed sequence length' });
  tInput.onchange = () => {
    const v = Math.max(2, Math.min(10000, Number(tInput.value) || 8));
    state.defaultT = v;
    save();
    void render();
  };
  const folded = button('Folded', 'The loop: one cell per layer, U on the recurrent edge', () => setView('folded'));
  const unrolled = button('Unrolled', 'The network over T steps', () => setView('unrolled'));
  folded.setAttribute('aria-pressed', String(state.view === 'folded'));
  unrolled.setAttribute('aria-pressed', String(state.view === 'unrolled'));
  folded.id = 'view-folded';
  unrolled.id = 'view-unrolled';
  const unknownT = d?.blocks.some(b => b.T === null);
  toolbar.replaceChildren(
    el('span', { className: 'title' }, d ? d.name : 'Unrolled graph'),
    folded, unrolled,
    unknownT ? el('label', {}, 'T', tInput) : '',
    el('span', { className: 'spacer' }),
    button('−', 'Zoom out', () => zoom(1.25)),
    button('+', 'Zoom in', () => zoom(0.8)),
    button('Fit', 'Fit to the window', fit),
    exporter.button(),
    d ? button('Heatmap', 'Open the gradient heatmap', () => channel.post({ type: 'openHeatmap', modelId: d.modelId })) : '',
    d ? button('States', 'Open the state inspector (show_states(model, x) picks the sequence)', () => channel.post({ type: 'openStates', modelId: d.modelId })) : '',
    d ? button('Chain', 'Open the chain of partials (show_chain(model, x) picks the sequence)', () => channel.post({ type: 'openChain', modelId: d.modelId })) : '',
  );
}
function setView(v: GraphState['view']) {
  state.view = v;
  save();
  void render();
}
function setStatus(text: string) {
  statusNote.textContent = text;
}
function showEmpty(reason: string) {
  buildToolbar();
  layout = undefined;
  graph.replaceChildren();
  stage.querySelector('.inside')?.remove();
  stage.querySelector('.empty')?.remove();
  stage.append(el('div', { className: 'empty' }, reason));
  status.replaceChildren();
}

// ------------------------------------------------------------------ drawing

const gradLayer = svg('g', { class: 'bptt-layer' });
let sceneBox = { x: 0, y: 0, w: 100, h: 100 };

/** The drawing in progress (layout is asynchronous); an export waits for it. */
let rendering: Promise<void> = Promise.resolve();
function render(): Promise<void> {
  rendering = drawDiagram();
  return rendering;
}

async function drawDiagram() {
  const d = state.diagram;
  if (!d) return showEmpty('No model yet. A model appears here when a notebook cell trains it (model.fit sends its diagram as training starts). show_graph(model) opens this panel on a model: at once if it has trained, else when its fit starts.');
  stage.querySelector('.empty')?.remove();
  stage.querySelector('.inside')?.remove();
  buildToolbar();
  const seq = ++renderSeq;
  const l = await readableLayout(d);
  if (seq !== renderSeq) return;
  layout = l;
  draw(d, l);
  fit();
  paintGradients();
  document.body.dataset.rendered = String(seq);
}

/** Below this fit-to-window scale the labels get hard to read. */
const READABLE_SCALE = 0.75;

/** The unrolled view with as many time steps as fit the panel at a readable scale (at least the first and last). */
async function readableLayout(d: ModelDiagram): Promise<Layout> {
  const folded = state.view === 'folded';
  const r = graph.getBoundingClientRect();
  let l: Layout | undefined;
  for (const steps of folded ? STEP_BUDGETS.slice(0, 1) : STEP_BUDGETS) {
    l = await layoutGraph(buildGraph(d, state.view, state.defaultT, steps), folded);
    const scale = Math.min((r.width || 800) / (l.width + 20), (r.height || 500) / (l.height + 20));
    if (scale >= READABLE_SCALE) break;
  }
  return l!;
}

function center(n: GNode) {
  return { cx: n.x! + n.w / 2, cy: n.y! + n.h / 2 };
}

function weightLabel(x: number, y: number, w: { id: string; symbol: string; param: string; shape?: number[] } | undefined, text?: string) {
  if (!w) return null;
  const label = text ?? w.symbol;
  const width = 8 + label.length * 7;
  return svg('g', { class: `wlabel ${w.symbol}`, 'data-w': w.id, transform: `translate(${x},${y})` },
    svg('title', {}, `${w.symbol} — ${w.param}${w.shape ? ` [${w.shape.join(', ')}]` : ''} (shared by every step)`),
    svg('rect', { x: -width / 2, y: -8, width, height: 16 }),
    svg('text', {}, label));
}

function draw(d: ModelDiagram, l: Layout) {
  const byId = new Map(l.nodes.map(n => [n.id, n]));
  const defs = svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z' })),
    svg('marker', { id: 'arrow-bptt', viewBox: '0 0 10 10', refX: '8', refY: '5', markerWidth: '3', markerHeight: '3', orient: 'auto-start-reverse', markerUnits: 'strokeWidth' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'bptt-head' })),
  );
  const frames = svg('g', { class: 'frames' });
  const edgesG = svg('g', { class: 'edges' });
  const nodesG = svg('g', { class: 'nodes' });
  const labelsG = svg('g', { class: 'labels' });
  gradLayer.replaceChildren();

  // block frames with titles, row titles at the left
  for (const b of l.blocks) {
    const ns = l.nodes.filter(n => n.block === b.block.id);
    if (!ns.length) continue;
    const x0 = Math.min(...ns.map(n => n.x!)) - 18, x1 = Math.max(...ns.map(n => n.x! + n.w)) + 18;
    const y0 = Math.min(...ns.map(n => n.y!)) - 30, y1 = Math.max(...ns.map(n => n.y! + n.h)) + 14;
    if (l.blocks.length > 1) frames.append(svg('rect', { class: 'block-frame', x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    const arity = b.block.arity;
    const tText = state.view === 'folded' ? '' : `, T = ${b.T}${b.block.T === null ? ' (drawn)' : ''}`;
    frames.append(svg('text', { class: 'block-title', x: x0 + 6, y: y0 + 13 }, `${b.title} — ${arity}${tText}`));
    // one title per chain, left of its row
    const firstByLevel = new Map<number, GNode>();
    for (const n of ns) if (!firstByLevel.has(n.level) || n.x! < firstByLevel.get(n.level)!.x!) firstByLevel.set(n.level, n);
    if (b === l.blocks[0]) {
      for (const n of firstByLevel.values()) {
        const c = n.chain;
        const text = n.kind === 'input' ? (b.block.input.via.length ? `input (${b.block.input.via.join(', ')})` : 'input') : n.kind === 'output' ? (b.block.output ? b.block.output.layers.join(', ') : 'output') : c ? `${c.kind}(${c.units})${c.direction === 'backward' ? ' ←' : c.goBackwards ? ' ←' : ''}` : '';
        if (text) frames.append(svg('text', { class: 'row-title', x: n.x! - 26, y: n.y! + n.h / 2 }, text));
      }
    }
  }

  // layout edges (between levels)
  for (const e of l.edges) {
    if (!e.points) continue;
    const p = e.points;
    const dAttr = `M${p.map(q => `${q.x},${q.y}`).join(' L')}`;
    const path = svg('path', { class: `edge ${e.cls === 'edge' ? '' : e.cls}`, d: dAttr, 'marker-end': e.cls === 'gapline' ? undefined : 'url(#arrow)', 'data-w': e.weight?.id, 'data-to': e.to });
    if (e.cls === 'gapline') path.setAttribute('stroke-dasharray', '2 4');
    edgesG.append(path);
    if (e.weight && e.cls !== 'gapline') {
      const a = p[p.length - 2], b = p[p.length - 1];
      const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      labelsG.append(weightLabel(mx + 10, my, e.weight)!);
    }
  }
  // manual edges: recurrent arrows along rows, loops, the encoder → decoder join
  for (const m of l.manual) {
    const a = byId.get(m.from), b = byId.get(m.to);
    if (!a || !b) continue;
    const A = center(a), B = center(b);
    if (m.kind === 'recurrent') {
      const dir = B.cx > A.cx ? 1 : -1;
      const x1 = A.cx + (dir * a.w) / 2, x2 = B.cx - (dir * b.w) / 2, y = A.cy - 8;
      edgesG.append(svg('path', { class: 'edge rec', d: `M${x1},${y} L${x2},${y}`, 'marker-end': 'url(#arrow)', 'data-w': m.weight?.id, 'data-to': m.to }));
      labelsG.append(weightLabel((x1 + x2) / 2, y - 12, m.weight)!);
      // the BPTT arrow runs the other way, below; coloured once a frame arrives
      const by = A.cy + 9;
      gradLayer.append(svg('path', { class: 'bptt', d: `M${x2},${by} L${x1},${by}`, 'marker-end': 'url(#arrow-bptt)', 'data-key': m.chain!.dhKey, 'data-t': String(m.t ?? -1), 'data-from': m.to }));
    } else if (m.kind === 'loop') {
      const x = a.x! + a.w, y = A.cy;
      edgesG.append(svg('path', { class: 'edge rec', d: `M${x - 8},${a.y!} C${x + 34},${a.y! - 34} ${x + 40},${y + 30} ${x},${y + 8}`, 'marker-end': 'url(#arrow)', 'data-w': m.weight?.id }));
      labelsG.append(weightLabel(x + 34, y - 12, m.weight)!);
      gradLayer.append(svg('path', { class: 'bptt', d: `M${x + 2},${y + 14} C${x + 52},${y + 44} ${x + 54},${a.y! - 46} ${x - 14},${a.y! - 4}`, 'marker-end': 'url(#arrow-bptt)', 'data-key': m.chain!.dhKey, 'data-t': '-2', 'data-from': m.to }));
    } else {
      const x1 = a.x! + a.w, y1 = A.cy, x2 = b.x!, y2 = B.cy;
      const mx = (x1 + x2) / 2;
      edgesG.append(svg('path', { class: 'edge join', d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }, svg('title', {}, m.label ?? 'state')));
      labelsG.append(svg('text', { class: 'join-label', x: mx, y: Math.min(y1, y2) - 14 }, m.label ?? ''));
    }
  }
  // nodes
  for (const n of l.nodes) {
    const g = svg('g', { class: `node ${n.kind}${n.chain?.direction === 'backward' ? ' backward' : ''}`, 'data-id': n.id, transform: `translate(${n.x},${n.y})` });
    if (n.title) g.append(svg('title', {}, n.title));
    if (n.kind === 'cell') {
      g.setAttribute('data-chain', n.chain!.id);
      g.setAttribute('data-t', String(n.t));
      g.append(svg('rect', { width: n.w, height: n.h, rx: 6 }));
      g.append(svg('rect', { class: 'dh-bar', x: 4, y: n.h - 7, width: n.w - 8, height: 4, rx: 2, fill: 'none' }));
      if (n.chain!.kind !== 'SimpleRNN') g.append(svg('text', { x: n.w - 12, y: 9, class: 'kind-tag', 'font-size': '9' }, n.chain!.kind === 'LSTM' ? 'L' : 'G'));
      if (n.bias) g.append(weightLabel(2, -2, n.bias)!);
    } else if (n.kind === 'merge') {
      g.append(svg('rect', { width: n.w, height: n.h, rx: 12 }));
    } else if (n.kind === 'gap') {
      g.append(svg('rect', { width: n.w, height: n.h, rx: 6 }));
      if (n.label.includes('steps')) g.setAttribute('class', 'node gap gap-count');
    } else {
      g.append(svg('ellipse', { cx: n.w / 2, cy: n.h / 2, rx: n.w / 2, ry: n.h / 2 }));
    }
    const label = svg('text', { x: n.w / 2, y: n.h / 2 - (n.kind === 'cell' ? 2 : 0) }, n.label);
    if (n.sub) label.append(svg('tspan', { 'baseline-shift': 'sub', 'font-size': '10' }, n.sub));
    g.append(label);
    nodesG.append(g);
  }
  graph.replaceChildren(defs, frames, edgesG, gradLayer, nodesG, labelsG);
  const bb = { x: 0, y: 0, w: l.width, h: l.height };
  sceneBox = bb;
  buildStatus(d);
  markBpttPath(graph, d, bpttMark);
}

// ------------------------------------------------------------------ gradients

const bptt = new BpttPainter(graph);

/**
 * Live frames repaint the arrows at most LIVE_PAINTS_PER_SECOND times a second (the latest frame
 * wins, the last one is always painted): a colour that changes faster than that shows nothing a
 * learner can follow, and each repaint of a large SVG is time taken from the training run.
 */
const LIVE_PAINTS_PER_SECOND = 4;
let lastLivePaint = -Infinity;
let livePaintTimer: ReturnType<typeof setTimeout> | undefined;
function paintLiveGradients() {
  if (livePaintTimer) return;
  const wait = lastLivePaint + 1000 / LIVE_PAINTS_PER_SECOND - performance.now();
  livePaintTimer = setTimeout(() => {
    livePaintTimer = undefined;
    lastLivePaint = performance.now();
    paintGradients();
  }, Math.max(0, wait));
}

function paintGradients() {
  const f = state.frame;
  const d = state.diagram;
  if (!d || !layout) return;
  if (f) bptt.paint(d, f, state.view === 'folded');
  else bptt.clear();
}

/** A BPTT arrow's tooltip, made when the pointer reaches it (not on every frame). */
graph.addEventListener('mouseover', e => {
  const p = (e.target as Element).closest?.<SVGPathElement>('path.bptt');
  const dh = p ? bptt.valueOf(p) : undefined;
  if (!p || dh === undefined || !state.frame) return;
  const t = Number(p.dataset.t);
  const title = p.querySelector('title') ?? p.appendChild(svg('title', {}));
  title.textContent = `BPTT into step ${t >= 0 ? t + 1 : 't'}: ‖dL/dh‖ = ${fmt(dh)} (training step ${state.frame.step})`;
});

// ------------------------------------------------------------------ status: legend and shared weights

function buildStatus(d: ModelDiagram) {
  const chips = el('span', { className: 'chips' });
  for (const w of Object.values(d.weights)) {
    const chip = el('span', { className: 'chip', title: `${w.param}${w.shape ? ` [${w.shape.join(', ')}]` : ''}` }, `${w.symbol} ${w.param.replace(/\.(recurrent_kernel|kernel|bias|embeddings)$/, '')}`);
    chip.dataset.w = w.id;
    chips.append(chip);
  }
  statusNote = el('span', { className: 'muted' }, d.notes.join('; '));
  status.replaceChildren(bptt.legend, el('span', {}, 'Shared weights (hover):'), chips, statusNote);
}

// ------------------------------------------------------------------ hover highlights every use of a shared weight

function highlight(id: string | null) {
  for (const e of Array.from(document.querySelectorAll('.hl'))) e.classList.remove('hl');
  document.body.dataset.hover = id ?? '';
  if (!id) return;
  document.querySelectorAll(`[data-w~="${id.replace(/"/g, '\\"')}"]`).forEach(e => e.classList.add('hl'));
}
document.addEventListener('mouseover', e => {
  const t = (e.target as Element).closest?.<HTMLElement | SVGElement>('[data-w]') ?? null;
  const id = t?.getAttribute('data-w')?.split(' ')[0] ?? null;
  if (id !== (document.body.dataset.hover || null)) highlight(id);
});

// ------------------------------------------------------------------ cell insides

graph.addEventListener('click', e => {
  if (dragMoved) return;
  const cell = (e.target as Element).closest<SVGGElement>('g.node.cell');
  if (!cell || !state.diagram) return;
  const chain = chainsOf(state.diagram).find(c => c.id === cell.dataset.chain);
  if (chain) void openInside(chain, Number(cell.dataset.t));
});

async function openInside(chain: Chain, t: number) {
  stage.querySelector('.inside')?.remove();
  const inside = cellInside(chain);
  const view = svg('svg', { class: 'graph gates' });
  const close = button('Close', 'Back to the graph', () => panel.remove());
  const panel = el('section', { className: 'inside', ariaLabel: inside.title },
    el('header', {}, el('span', {}, `${inside.title}${state.view === 'unrolled' ? ` — step ${t + 1}` : ''}`), el('span', { className: 'spacer' }), close),
    el('div', { className: 'eq' }, ...inside.equations.flatMap(q => [q, el('br')])));
  panel.append(view);
  stage.append(panel);
  const sized = inside.nodes.map(n => ({ ...n, w: Math.max(52, 16 + n.label.length * 7.4), h: n.role === 'affine' ? 34 : 28 }));
  const l = await layoutGates(sized, inside.edges.map((e, i) => ({ id: `g${i}`, from: e.from, to: e.to })));
  const byId = new Map(l.nodes.map(n => [n.id, n]));
  const gEdges = svg('g');
  const gNodes = svg('g');
  const gLabels = svg('g');
  inside.edges.forEach((e, i) => {
    const r = l.edges[i];
    if (!r?.points.length) return;
    gEdges.append(svg('path', { class: 'edge', d: `M${r.points.map(p => `${p.x},${p.y}`).join(' L')}`, 'marker-end': 'url(#arrow-g)' }));
    if (e.label) {
      const p = r.points[r.points.length - 1];
      const sym = e.label[0] as 'U' | 'V';
      const w = sym === 'U' ? chain.U : chain.V;
      gLabels.append(weightLabel(p.x - 22, p.y - 9, w, e.label)!);
    }
  });
  for (const n of sized) {
    const p = byId.get(n.id);
    if (!p) continue;
    const g = svg('g', { class: `gate ${n.role}`, transform: `translate(${p.x},${p.y})`, 'data-gate': n.id, 'data-w': n.weights?.join(' ') });
    g.append(svg('rect', { width: p.w, height: p.h, rx: n.role === 'affine' ? 4 : 12 }), svg('text', { x: p.w / 2, y: p.h / 2 }, n.label));
    if (n.title) g.append(svg('title', {}, n.title));
    gNodes.append(g);
  }
  view.append(svg('defs', {}, svg('marker', { id: 'arrow-g', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z' }))), gEdges, gNodes, gLabels);
  view.setAttribute('viewBox', `0 0 ${l.width} ${l.height}`);
  view.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  panel.dataset.kind = chain.kind;
  panel.dataset.ready = 'true';
}

// ------------------------------------------------------------------ zoom, pan, fit

let vb = { x: 0, y: 0, w: 100, h: 100 };
function applyViewBox() {
  graph.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
}
function fit() {
  const r = graph.getBoundingClientRect();
  const aspect = (r.width || 800) / (r.height || 500);
  let w = sceneBox.w + 20, h = sceneBox.h + 20;
  if (w / h < aspect) w = h * aspect;
  else h = w / aspect;
  // never magnify a small model beyond 1.6× (text would be huge)
  const minW = (r.width || 800) / 1.6;
  if (w < minW) {
    h *= minW / w;
    w = minW;
  }
  vb = { x: sceneBox.x + sceneBox.w / 2 - w / 2, y: sceneBox.y + sceneBox.h / 2 - h / 2, w, h };
  applyViewBox();
}
function zoom(factor: number, cx = vb.x + vb.w / 2, cy = vb.y + vb.h / 2) {
  vb = { x: cx - (cx - vb.x) * factor, y: cy - (cy - vb.y) * factor, w: vb.w * factor, h: vb.h * factor };
  applyViewBox();
}
graph.addEventListener('wheel', e => {
  e.preventDefault();
  const r = graph.getBoundingClientRect();
  const cx = vb.x + ((e.clientX - r.left) / r.width) * vb.w;
  const cy = vb.y + ((e.clientY - r.top) / r.height) * vb.h;
  zoom(e.deltaY > 0 ? 1.1 : 1 / 1.1, cx, cy);
}, { passive: false });
let drag: { x: number; y: number; vb: typeof vb } | null = null;
let dragMoved = false;
graph.addEventListener('pointerdown', e => {
  drag = { x: e.clientX, y: e.clientY, vb: { ...vb } };
  dragMoved = false;
});
window.addEventListener('pointermove', e => {
  if (!drag) return;
  const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) {
    dragMoved = true;
    graph.classList.add('dragging');
  }
  const r = graph.getBoundingClientRect();
  vb = { ...drag.vb, x: drag.vb.x - (dx / r.width) * vb.w, y: drag.vb.y - (dy / r.height) * vb.h };
  applyViewBox();
});
window.addEventListener('pointerup', () => {
  drag = null;
  graph.classList.remove('dragging');
  setTimeout(() => (dragMoved = false), 0);
});
// A resize may change how many time steps fit readably: lay out again (debounced; elk takes a few ms).
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  if (!layout) return;
  fit();
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (!stage.querySelector('.inside')) void render(); }, 150);
});

// ------------------------------------------------------------------ export

const exporter = panelExport({
  panel: 'graph',
  root: () => root,
  naming: () => ({ model: state.diagram?.name, step: state.frame?.step }),
  // the whole drawing, not the part zoomed into
  prepare: () => {
    const zoomed = { ...vb };
    fit();
    return () => {
      vb = zoomed;
      applyViewBox();
    };
  },
  data: () => state.diagram && graphData(state.diagram, state.frame),
  settled: async () => {
    // a drawing started while waiting replaces the one waited for
    for (let awaited; awaited !== rendering;) await (awaited = rendering);
  },
  post: m => channel.post(m),
});

/** The model's diagram, and ‖dL/dh_t‖ of the latest training step (what colours the BPTT arrows) as a table. */
function graphData(d: ModelDiagram, f: GradientFrame | undefined): PanelData {
  const rows = f ? Object.entries(f.dh).flatMap(([key, series]) => Array.from(series, (v, t) => [key, t + 1, v, f.step])) : [];
  return { table: { columns: ['recurrence', 't', 'dL_dh_norm', 'training_step'], rows }, json: { model: d, view: state.view, gradients: f ?? null } };
}

// ------------------------------------------------------------------ start

const saved = channel.getState();
if (saved) state = { ...state, ...saved };
if (state.diagram) void render();
else showEmpty('Waiting for a model… (its graph appears when model.fit starts training it)');
channel.post({ type: 'ready' });
