// The trace of one unit: every series of the chain for that unit over the time steps, as lines
// (SVG, theme chart colours), with the tokens along the x axis and the unit's h_t at the first
// snapshot dashed beside its current h_t, so a learner sees what training changed.
import { scaleLinear } from 'd3-scale';
import type { StateChain } from '../../src/protocol/gradients';
import { svg } from '../shared/dom';
import { SERIES_INFO } from './maps';

const W = 340;
const H = 230;
const M = { left: 34, right: 8, top: 10, bottom: 46 };
const COLORS = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-red', '--vscode-charts-yellow'];

/** The series' CSS colour: a theme chart colour, by position. */
export function seriesColor(index: number): string {
  return `var(${COLORS[index % COLORS.length]}, currentColor)`;
}

const valueAt = (c: StateChain, series: number, t: number, unit: number) => c.series[series].values[t * c.units + unit];

/** The trace chart of `unit` in `chain`; `first` is the same chain at the first snapshot (its h dashed), `t` the marked step. */
export function traceSvg(chain: StateChain, unit: number, tokens: string[], first: StateChain | undefined, t: number | undefined): SVGSVGElement {
  const T = chain.T;
  let lo = 0;
  let hi = 1;
  for (let s = 0; s < chain.series.length; s++) for (let k = 0; k < T; k++) {
    const v = valueAt(chain, s, k, unit);
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  if (first) for (let k = 0; k < T; k++) {
    const v = valueAt(first, 0, k, unit);
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  const x = scaleLinear().domain([0, Math.max(1, T - 1)]).range([M.left + 6, W - M.right - 6]);
  const y = scaleLinear().domain([lo, hi]).nice().range([H - M.bottom, M.top]);
  const root = svg('svg', { class: 'st-trace', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `unit ${unit} of ${chain.layer} over the steps` });
  for (const tick of y.ticks(5)) {
    root.append(svg('line', { class: tick === 0 ? 'st-zero' : 'st-grid', x1: M.left, x2: W - M.right, y1: y(tick), y2: y(tick) }));
    root.append(svg('text', { class: 'st-ytick', x: M.left - 4, y: y(tick) }, String(Math.round(tick * 100) / 100)));
  }
  // Characters stand upright, one per step while they fit; words are slanted and thinned.
  const short = tokens.every(tok => shortToken(tok).length <= 2);
  const every = Math.max(1, Math.ceil(T / (short ? 40 : 16)));
  tokens.slice(0, T).forEach((tok, k) => {
    if (k % every !== 0 && k !== T - 1) return;
    const y0 = H - M.bottom + 8;
    root.append(svg('text', { class: short ? 'st-xtick st-upright' : 'st-xtick', x: x(k), y: y0, transform: short ? undefined : `rotate(-40 ${x(k)} ${y0})` }, shortToken(tok)));
  });
  if (t !== undefined) root.append(svg('line', { class: 'st-cursor', x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom }));
  const line = (values: (k: number) => number) => {
    let d = '';
    let pen = false;
    for (let k = 0; k < T; k++) {
      const v = values(k);
      if (!Number.isFinite(v)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${x(k).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  if (first) root.append(svg('path', { class: 'st-line st-first', d: line(k => valueAt(first, 0, k, unit)), 'data-series': 'h@first' }));
  chain.series.forEach((s, i) => {
    const path = svg('path', { class: 'st-line', d: line(k => valueAt(chain, i, k, unit)), 'data-series': s.name });
    path.append(svg('title', {}, seriesLabel(s.name, chain.kind)));
    path.style.stroke = seriesColor(i);
    root.append(path);
  });
  return root;
}

/** A token as an axis label: visible whitespace, at most 8 characters. */
export function shortToken(tok: string): string {
  const shown = tok === ' ' ? '␣' : tok === '\n' ? '↵' : tok;
  return shown.length > 8 ? `${shown.slice(0, 7)}…` : shown;
}

/** A series' symbol; the candidate is c̃ in an LSTM and h̃ in a GRU. */
export function seriesLabel(name: string, kind: string): string {
  if (name === 'candidate') return kind === 'GRU' ? 'h̃_t' : 'c̃_t';
  return SERIES_INFO[name]?.symbol ?? name;
}
