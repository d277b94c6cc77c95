// The BPTT Step-Through's cursor drawn on the unrolled graph: for term t of ∂L/∂W, the backward
// arrows from the last step down to t, the cells they pass, and W's use at step t (the recurrent
// arrow into h_t for W_hh, the input arrow for W_xh, the cell for the bias). The marks are
// classes only, so a repaint of the arrows' colours (bptt.ts) leaves them in place.
import type { GraphBpttHighlight } from '../../src/protocol/bptt';
import { chainsOf, type ModelDiagram } from '../../src/protocol/gradients';

const STYLES = `
svg.graph path.bptt.bptt-on { display: inline; stroke: var(--vscode-charts-orange, var(--vscode-focusBorder)); stroke-width: 4.5; stroke-dasharray: none; }
body[data-bptt-step] svg.graph path.bptt:not(.bptt-on) { opacity: 0.25; }
svg.graph .node.cell.bptt-on > rect:first-of-type { stroke: var(--vscode-charts-orange, var(--vscode-focusBorder)); stroke-width: 2.5; }
svg.graph .node.cell.bptt-at > rect:first-of-type { stroke-width: 4; fill: var(--vscode-editor-findMatchHighlightBackground, var(--vscode-list-hoverBackground)); }
svg.graph path.edge.bptt-use { stroke: var(--vscode-charts-orange, var(--vscode-focusBorder)); stroke-width: 3; stroke-opacity: 1; }
`;

let adopted = false;
function adoptStyles(): void {
  if (adopted) return;
  adopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Marks (or, with t = null or another model, clears) the path of term t in the drawn graph. */
export function markBpttPath(graph: SVGSVGElement, d: ModelDiagram | undefined, h: GraphBpttHighlight | undefined): void {
  adoptStyles();
  for (const e of Array.from(graph.querySelectorAll('.bptt-on, .bptt-at, .bptt-use'))) e.classList.remove('bptt-on', 'bptt-at', 'bptt-use');
  delete document.body.dataset.bpttStep;
  if (!d || !h || h.t === null || d.modelId !== h.modelId) return;
  const chain = chainsOf(d).find(c => c.layer === h.layer && c.direction === (h.direction ?? 'forward'));
  if (!chain) return;
  const t = h.t;
  document.body.dataset.bpttStep = String(t);
  // A chain that reads the sequence backwards (goBackwards, as reversedKeysOf says) carries ∂L/∂h from the earlier input steps, the ones it reads later.
  const later = (step: number) => (chain.goBackwards ? step < t : step > t);
  // Arrows that carry ∂L/∂h back from the steps read later: data-t is the step each one leaves from.
  for (const p of Array.from(graph.querySelectorAll<SVGPathElement>('path.bptt'))) {
    if (p.dataset.key === chain.dhKey && later(Number(p.dataset.t))) p.classList.add('bptt-on');
  }
  for (const n of Array.from(graph.querySelectorAll<SVGGElement>('g.node.cell'))) {
    const step = Number(n.dataset.t);
    if (n.dataset.chain !== chain.id || (step !== t && !later(step))) continue;
    n.classList.add(step === t ? 'bptt-at' : 'bptt-on');
  }
  const cellAt = graph.querySelector<SVGGElement>(`g.node.cell[data-chain="${CSS.escape(chain.id)}"][data-t="${t}"]`);
  const weight = h.weight === 'recurrent_kernel' ? chain.U : h.weight === 'kernel' ? chain.V : undefined;
  if (!cellAt || !weight) return;
  for (const e of Array.from(graph.querySelectorAll<SVGPathElement>('path.edge'))) {
    if (e.dataset.to === cellAt.dataset.id && (e.getAttribute('data-w') ?? '').split(' ').includes(weight.id)) e.classList.add('bptt-use');
  }
}
