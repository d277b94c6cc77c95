// Generated text: the seed the user gave, highlighted, then what the model wrote.
import type { GeneratedTextData } from '../../src/protocol/renderer';
import { el } from '../shared/dom';

export function renderText(data: GeneratedTextData): HTMLElement {
  return el('div', { className: 'unroll-out unroll-text' },
    el('div', { className: 'head' },
      el('span', { className: 'title' }, 'Generated text'),
      el('span', { className: 'muted' }, `temperature ${data.temperature} · ${[...data.generated].length} characters after a ${[...data.seed].length}-character seed`)),
    el('pre', { className: 'generated' }, el('span', { className: 'seed', title: 'seed' }, data.seed), el('span', { className: 'continuation' }, data.generated)));
}
