// The backward (BPTT) arrows coloured by ‖dL/dh_t‖ of the latest gradient frame, the norm bars
// of the cells, and their legend. Called ~8 times a second while a model trains, so it changes an
// attribute only when a colour crosses a step of the map: repainting the whole SVG for changes
// nobody can see cost the training run it shows.
import { chainsOf } from '../../src/protocol/gradients';
import type { GradientFrame, ModelDiagram } from '../../src/protocol/gradients';
import { decadeDomain, legendGradient, LogColorScale } from '../shared/colors';
import { el } from '../shared/dom';

export class BpttPainter {
  /** The legend, for the status bar. */
  readonly legend = el('span', { className: 'legend' });
  private readonly legendStep = el('span');
  /**
   * ‖dL/dh‖ of each arrow and cell as last painted, for tooltips. Kept here, not in data-
   * attributes: writing an attribute on every arrow with every frame made the page re-check its
   * styles ~8 times a second for values nobody reads until the pointer arrives.
   */
  private readonly values = new WeakMap<Element, number>();

  constructor(private readonly graph: SVGSVGElement) {}

  /** Hides the arrows until a frame comes. */
  clear(): void {
    for (const p of Array.from(this.graph.querySelectorAll<SVGPathElement>('path.bptt'))) p.setAttribute('display', 'none');
    this.legend.replaceChildren(el('span', { className: 'muted' }, 'Train the model to colour the backward (BPTT) arrows by ‖dL/dh_t‖.'));
    delete this.legend.dataset.key;
  }

  /** The value an arrow or cell was last painted with. */
  valueOf(e: Element): number | undefined {
    return this.values.get(e);
  }

  paint(d: ModelDiagram, f: GradientFrame, folded: boolean): void {
    const chains = chainsOf(d);
    const all = chains.flatMap(c => f.dh[c.dhKey] ?? []).filter(v => Number.isFinite(v) && v > 0);
    const [lo, hi] = decadeDomain(Math.min(...all), Math.max(...all));
    const scale = new LogColorScale(lo, hi);
    const valueAt = (key: string, t: number) => {
      const s = f.dh[key];
      if (!s) return undefined;
      if (t === -2) return s.reduce((a, b) => a + b, 0) / s.length; // folded: the mean over steps
      return s[t];
    };
    const setIfChanged = (e: Element, name: string, value: string) => { if (e.getAttribute(name) !== value) e.setAttribute(name, value); };
    for (const p of Array.from(this.graph.querySelectorAll<SVGPathElement>('path.bptt'))) {
      const t = Number(p.dataset.t);
      const v = t === -1 ? undefined : valueAt(p.dataset.key!, t);
      if (v === undefined) {
        setIfChanged(p, 'display', 'none');
        this.values.delete(p);
        continue;
      }
      if (p.hasAttribute('display')) p.removeAttribute('display');
      setIfChanged(p, 'stroke', scale.cssBinned(v));
      this.values.set(p, v);
    }
    for (const n of Array.from(this.graph.querySelectorAll<SVGGElement>('g.node.cell'))) {
      const chain = chains.find(c => c.id === n.dataset.chain);
      const v = chain ? valueAt(chain.dhKey, folded ? -2 : Number(n.dataset.t)) : undefined;
      const bar = n.querySelector('rect.dh-bar');
      if (bar) setIfChanged(bar, 'fill', v === undefined ? 'none' : scale.cssBinned(v));
      if (v === undefined) this.values.delete(n);
      else this.values.set(n, v);
    }
    this.legendStep.textContent = `‖dL/dh_t‖ (log) at step ${f.step}${f.nonFinite ? ' — Inf/NaN!' : ''}`;
    const key = `${lo}:${hi}`;
    if (this.legend.dataset.key === key) return;
    const bar = el('span', { className: 'legend-bar' });
    bar.style.background = legendGradient(scale);
    const ticks = el('span', { className: 'ticks' }, ...[lo, Math.round((lo + hi) / 2), hi].map(t => el('span', {}, `1e${t}`)));
    this.legend.replaceChildren(this.legendStep, el('span', { className: 'legend-scale' }, bar, el('br'), ticks));
    this.legend.dataset.key = key;
    this.legend.dataset.lo = String(lo);
    this.legend.dataset.hi = String(hi);
  }
}
