// Side panel: kernels of open notebooks with their state, the execution provider, and the
// models trained so far with a loss sparkline, the run record of their last fit and buttons for
// their graph and heatmap.
import type { HostToSidePanel, ModelSummary, SidePanelCommand, SidePanelToHost } from '../../src/protocol/webview';
import type { RunRecordSummary } from '../../src/protocol/runRecord';
import { isHostToSidePanel } from '../../src/protocol/guards';
import { connect } from '../vscodeApi';

type StateMessage = Extract<HostToSidePanel, { type: 'state' }>;
const SVG_NS = 'http://www.w3.org/2000/svg';

const root = document.getElementById('root')!;
const channel = connect<SidePanelToHost, HostToSidePanel, StateMessage>(message => {
  if (message.type === 'state') {
    channel.setState(message); // shown again at once after a reload, before the host answers
    render(message);
  }
}, isHostToSidePanel);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function button(label: string, command: SidePanelCommand, modelId?: string): HTMLButtonElement {
  return el('button', { onclick: () => channel.post({ type: 'command', command, modelId }) }, label);
}

/** Loss over training steps as a polyline; y on a log scale when the loss spans decades. */
function sparkline(values: number[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('viewBox', '0 0 100 24');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.append(document.createElementNS(SVG_NS, 'polyline'));
  setSparkline(svg, values);
  return svg;
}
function setSparkline(svg: SVGSVGElement, values: number[]): void {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const points = finite.length < 2 ? [] : values.map((v, i) => {
    const x = (100 * i) / (values.length - 1);
    const y = Number.isFinite(v) && hi > lo ? 22 - (20 * (v - lo)) / (hi - lo) : 12;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  svg.querySelector('polyline')!.setAttribute('points', points.join(' '));
}

/** The last fit's run record, four short rows; the whole record is in the fit output's metadata. */
function runRecord(r: RunRecordSummary): HTMLDListElement {
  const row = (label: string, ...value: (Node | string)[]) => [el('dt', {}, label), el('dd', {}, ...value)];
  return el('dl', { className: 'run-record', title: 'Run record of the last fit, saved with its output. Replay: model.fit(x, y, run_record=history.run_record)' },
    ...row('seeds', `init ${r.seed} · shuffle ${r.shuffle}`),
    ...row('ran on', `${r.provider} · ${r.runtime} · ${r.steps} steps`),
    ...row('hashes', 'graph ', el('code', {}, r.graph), ' · data ', el('code', {}, r.dataOrder)),
    ...row('settings', r.settings));
}

function lossLine(m: ModelSummary): [className: string, text: string] {
  const loss = m.lastLoss === undefined ? 'not trained yet' : `step ${m.steps} · loss ${m.lastLoss.toPrecision(4)}`;
  return [`muted loss${m.nonFinite ? ' warn' : ''}`, m.nonFinite ? `${loss} · NaN/Inf seen` : loss];
}

function modelItem(m: ModelSummary): HTMLLIElement {
  const [className, text] = lossLine(m);
  const item = el('li', { className: 'model' },
    el('div', { className: 'model-head' }, el('span', { className: 'name' }, m.name), el('span', { className: 'muted' }, m.arity)),
    el('div', { className }, text),
    sparkline(m.losses),
    m.run ? runRecord(m.run) : '',
    el('div', { className: 'row-actions' }, button('Graph', 'unroll.showUnrolledGraph', m.modelId), button('Heatmap', 'unroll.showGradientHeatmap', m.modelId)));
  item.dataset.modelId = m.modelId;
  return item;
}

/**
 * The state without what changes while a model trains (its step, loss and curve). While that is
 * all that changed, those are updated in place: rebuilding the list twice a second took the
 * keyboard focus and the hover off its buttons (Stop among them) and cost the run layout work.
 */
function structureOf(state: StateMessage): string {
  return JSON.stringify({ ...state, models: state.models.map(m => ({ ...m, steps: 0, losses: [], lastLoss: 0, globalNorm: 0, nonFinite: false })) });
}
let shownStructure: string | undefined;

function render(state: StateMessage): void {
  const structure = structureOf(state);
  if (structure === shownStructure && updateModels(state.models)) return;
  shownStructure = structure;
  renderAll(state);
}

/** Updates each model's loss line and curve; false when an item is missing (the list was rebuilt meanwhile). */
function updateModels(models: ModelSummary[]): boolean {
  const items = new Map(Array.from(root.querySelectorAll<HTMLLIElement>('li.model')).map(li => [li.dataset.modelId, li]));
  if (models.some(m => !items.has(m.modelId))) return false;
  for (const m of models) {
    const item = items.get(m.modelId)!;
    const line = item.querySelector<HTMLDivElement>('.loss')!;
    [line.className, line.textContent] = lossLine(m);
    setSparkline(item.querySelector<SVGSVGElement>('svg.sparkline')!, m.losses);
  }
  return true;
}

function renderAll(state: StateMessage): void {
  const busy = state.kernels.some(k => k.state === 'busy');
  const kernels = state.kernels.length === 0
    ? el('p', { className: 'muted' }, 'No kernel yet: run a cell of an RNN notebook.')
    : el('ul', { className: 'kernels' }, ...state.kernels.map(k => el('li', {},
        el('span', { className: `state state-${k.state.replace(' ', '-')}`, title: k.state }, k.state),
        el('span', { className: 'name', title: k.notebookUri }, k.notebookName),
        el('span', { className: 'muted' }, k.executionCount ? ` · ${k.executionCount} run` : ''),
        k.provider ? el('div', { className: 'muted provider' }, `Ran on ${k.provider}`) : '')));
  const models = state.models.length === 0
    ? el('p', { className: 'muted' }, 'No model trained yet: run a cell with model.fit(...).')
    : el('ul', { className: 'models' }, ...state.models.map(modelItem));
  root.replaceChildren(
    el('h3', {}, 'Kernels'), kernels,
    busy ? el('div', { className: 'actions' }, button('Stop the running cell', 'unroll.interrupt')) : '',
    el('h3', {}, 'Models'), models,
    el('h3', {}, 'Execution provider'),
    el('p', {}, el('code', {}, state.executionProvider), ' ', button('Change…', 'unroll.selectExecutionProvider')),
    el('div', { className: 'actions' }, button('New RNN Notebook', 'unroll.newNotebook'), button('Open Sample…', 'unroll.openSample')),
  );
}

const saved = channel.getState();
if (saved?.type === 'state') render(saved);
channel.post({ type: 'ready' });
