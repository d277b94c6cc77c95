// Side panel: kernels of open notebooks with their state, and the execution provider.
import type { HostToSidePanel, SidePanelToHost } from '../../src/panels/sidePanelProtocol';
import { connect } from '../vscodeApi';

type KernelsMessage = Extract<HostToSidePanel, { type: 'kernels' }>;

const root = document.getElementById('root')!;
const channel = connect<SidePanelToHost, HostToSidePanel, KernelsMessage>(message => {
  if (message.type === 'kernels') {
    channel.setState(message); // shown again at once after a reload, before the host answers
    render(message);
  }
});

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function render(state: KernelsMessage): void {
  const kernels = state.kernels.length === 0
    ? el('p', { className: 'muted' }, 'No kernel yet: run a cell of an RNN notebook.')
    : el('ul', { className: 'kernels' }, ...state.kernels.map(k => el('li', {},
        el('span', { className: `state state-${k.state.replace(' ', '-')}`, title: k.state }, k.state),
        el('span', { className: 'name', title: k.notebookUri }, k.notebookName),
        el('span', { className: 'muted' }, k.executionCount ? ` · ${k.executionCount} run` : ''))));
  const button = (label: string, command: Extract<SidePanelToHost, { type: 'command' }>['command']) =>
    el('button', { onclick: () => channel.post({ type: 'command', command }) }, label);
  root.replaceChildren(
    el('h3', {}, 'Kernels'), kernels,
    el('h3', {}, 'Execution provider'),
    el('p', {}, el('code', {}, state.executionProvider), ' ', button('Change…', 'unroll.selectExecutionProvider')),
    state.engineReady ? '' : el('p', { className: 'muted' }, 'The training engine is not wired into the kernel yet: runs, loss curves and models appear here once it is.'),
    el('div', { className: 'actions' }, button('New RNN Notebook', 'unroll.newNotebook'), button('Open Sample…', 'unroll.openSample')),
  );
}

const saved = channel.getState();
if (saved) render(saved);
channel.post({ type: 'ready' });
