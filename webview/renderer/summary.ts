// model.summary() as a table: layer (type), output shape, parameter count, and the totals.
import type { SummaryData } from '../../src/protocol/renderer';
import { el } from '../shared/dom';

const count = (n: number) => n.toLocaleString('en-US');

export function renderSummary(data: SummaryData): HTMLElement {
  const rows = data.rows.map(r => el('tr', {},
    el('td', {}, `${r.layer} `, el('span', { className: 'type' }, `(${r.type})`)),
    el('td', {}, r.outputShape),
    el('td', { className: 'num' }, r.params === null ? '0 (unbuilt)' : count(r.params)),
  ));
  return el('div', { className: 'unroll-out unroll-summary' },
    el('div', { className: 'head' }, el('span', { className: 'title' }, `Model: "${data.title}"`)),
    el('table', { className: 'summary' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Layer (type)'), el('th', {}, 'Output Shape'), el('th', { className: 'num' }, 'Param #'))),
      el('tbody', {}, ...rows)),
    el('div', { className: 'totals' },
      el('span', {}, `Total params: ${count(data.totalParams)}`),
      el('span', { className: 'muted' }, `Trainable: ${count(data.trainableParams)}`),
      el('span', { className: 'muted' }, `Non-trainable: ${count(data.nonTrainableParams)}`)));
}
