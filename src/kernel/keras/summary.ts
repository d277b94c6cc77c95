// model.summary() as Keras 3 prints it: a box table of Layer (type), Output Shape and
// Param #, then Total / Trainable / Non-trainable params with their size in float32 bytes.
import { RichItem, SUMMARY_MIME, SummaryData, richItem } from '../../protocol/renderer';

export interface SummaryRow {
  layer: string;
  type: string;
  outputShape: string;
  /** undefined when the layer is not built yet (Keras prints "0 (unbuilt)"). */
  params: number | undefined;
}

export interface SummaryTable {
  title: string;
  rows: SummaryRow[];
}

const WIDTHS = [33, 24, 15];

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 289.71 KB, as Keras's readable_memory_size (powers of 1024). */
function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}

function cell(text: string, width: number, right: boolean): string {
  const t = text.length > width - 2 ? text.slice(0, width - 3) + '…' : text;
  return ' ' + (right ? t.padStart(width - 2) : t.padEnd(width - 2)) + ' ';
}

function line(l: string, m: string, r: string, fill: string): string {
  return l + WIDTHS.map(w => fill.repeat(w)).join(m) + r;
}

function paramText(p: number | undefined): string {
  return p === undefined ? '0 (unbuilt)' : formatCount(p);
}

function totalParams(table: SummaryTable): number {
  return table.rows.reduce((s, r) => s + (r.params ?? 0), 0);
}

function summaryText(table: SummaryTable): string {
  const out = [`Model: "${table.title}"`, line('┏', '┳', '┓', '━')];
  out.push('┃' + ['Layer (type)', 'Output Shape', 'Param #'].map((h, i) => cell(h, WIDTHS[i], i === 2)).join('┃') + '┃');
  out.push(line('┡', '╇', '┩', '━'));
  table.rows.forEach((r, k) => {
    out.push('│' + [`${r.layer} (${r.type})`, r.outputShape, paramText(r.params)].map((t, i) => cell(t, WIDTHS[i], i === 2)).join('│') + '│');
    if (k < table.rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const total = totalParams(table);
  out.push(` Total params: ${formatCount(total)} (${formatBytes(total * 4)})`);
  out.push(` Trainable params: ${formatCount(total)} (${formatBytes(total * 4)})`);
  out.push(` Non-trainable params: 0 (${formatBytes(0)})`);
  return out.join('\n') + '\n';
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function summaryHtml(table: SummaryTable): string {
  const total = totalParams(table);
  const rows = table.rows.map(r => `<tr><td>${escape(r.layer)} (<span style="opacity:.7">${escape(r.type)}</span>)</td><td>${escape(r.outputShape)}</td><td style="text-align:right">${escape(paramText(r.params))}</td></tr>`).join('');
  return `<div class="unroll-summary"><b>Model: "${escape(table.title)}"</b><table style="border-collapse:collapse"><thead><tr><th style="text-align:left">Layer (type)</th><th style="text-align:left">Output Shape</th><th style="text-align:right">Param #</th></tr></thead><tbody>${rows}</tbody></table>`
    + `<div>Total params: ${formatCount(total)} (${formatBytes(total * 4)})<br>Trainable params: ${formatCount(total)} (${formatBytes(total * 4)})<br>Non-trainable params: 0 (${formatBytes(0)})</div></div>`;
}

export function summaryData(table: SummaryTable): SummaryData {
  const total = totalParams(table);
  return {
    title: table.title,
    rows: table.rows.map(r => ({ layer: r.layer, type: r.type, outputShape: r.outputShape, params: r.params ?? null })),
    totalParams: total, trainableParams: total, nonTrainableParams: 0,
  };
}

/** The renderer's table first; the HTML table for Jupyter and the box-drawn text for everything else. */
export function summaryItems(table: SummaryTable): RichItem[] {
  return [richItem(SUMMARY_MIME, summaryData(table)), { mime: 'text/html', data: summaryHtml(table) }, { mime: 'text/plain', data: summaryText(table) }];
}
