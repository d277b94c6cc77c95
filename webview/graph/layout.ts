// From a ModelDiagram to positioned nodes and edges. elkjs (layered, bottom→top) places the
// levels x → rows → y and routes the edges between them; the recurrent arrows h_{t−1} → h_t run
// along a row and are drawn by the renderer between neighbours, so they are not layout edges
// (as edges they would push every step into its own layer).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Block, Chain, MergeNode, ModelDiagram, SharedWeight } from '../../src/protocol/gradients';
import { elide } from '../../src/protocol/gradients';

export interface GNode {
  id: string;
  kind: 'input' | 'cell' | 'output' | 'gap' | 'merge';
  label: string;
  sub?: string;
  w: number;
  h: number;
  level: number;
  /** Column across all blocks, left to right (the grid elk keeps). */
  col?: number;
  block: string;
  chain?: Chain;
  /** Input time index of a cell, x or y. */
  t?: number;
  /** Bias badge on a cell. */
  bias?: SharedWeight;
  title?: string;
  x?: number;
  y?: number;
}
interface GEdge {
  id: string;
  from: string;
  to: string;
  cls: 'edge' | 'repeat' | 'gapline';
  weight?: SharedWeight;
  points?: { x: number; y: number }[];
}
/** Drawn by the renderer: along a row (recurrent), a loop (folded), or encoder → decoder. */
interface Manual {
  id: string;
  kind: 'recurrent' | 'loop' | 'join';
  from: string;
  to: string;
  chain?: Chain;
  /** For recurrent arrows: the input time of the arrow's target (the later step in the chain's direction); −1 at a gap. */
  t?: number;
  weight?: SharedWeight;
  label?: string;
}
export interface Layout {
  nodes: GNode[];
  edges: GEdge[];
  manual: Manual[];
  blocks: { block: Block; title: string; hidden: number; T: number }[];
  width: number;
  height: number;
}

const CELL = { w: 64, h: 40 };
const IO = { w: 46, h: 30 };

/** How many time steps an elided chain keeps at each end (fewer in a narrow panel, so the text stays readable). */
export interface StepBudget {
  head: number;
  tail: number;
}
/** Widest first: the panel tries each until the drawing fits at a readable scale. */
export const STEP_BUDGETS: readonly StepBudget[] = [{ head: 3, tail: 2 }, { head: 2, tail: 1 }, { head: 1, tail: 1 }];

/** Build the graph for the folded loop or the unrolled network. `defaultT` when a block's T is unknown. */
export function buildGraph(d: ModelDiagram, view: 'folded' | 'unrolled', defaultT: number, steps: StepBudget = STEP_BUDGETS[0]): Omit<Layout, 'width' | 'height'> {
  const nodes: GNode[] = [];
  const edges: GEdge[] = [];
  const manual: Manual[] = [];
  const blocks: Layout['blocks'] = [];
  const maxChains = Math.max(1, ...d.blocks.map(b => b.rows.reduce((n, r) => n + r.chains.length, 0)));
  // merge and attention layers sit between the top rows and the outputs, one level per depth
  const mergeDepth = mergeDepths(d.merges ?? []);
  const yLevel = maxChains + 1 + Math.max(0, ...mergeDepth.values());
  const folded = view === 'folded';
  const lastCell = new Map<string, string>(); // block → id of the top row's final forward cell
  const firstCell = new Map<string, string>();
  const inputNode = new Map<string, string>();
  const lastCol = new Map<string, number>(); // block → its rightmost column
  const lastOutput = new Map<string, string>(); // block → id of its last output node
  let base = 0;

  for (const b of d.blocks) {
    const T = b.T ?? defaultT;
    const e = folded ? { shown: [0], gapAfter: -1, hidden: 0 } : elide(T, 8, steps.head, steps.tail);
    blocks.push({ block: b, title: b.title, hidden: e.hidden, T });
    type Col = { t: number } | { gap: true };
    const cols: Col[] = [];
    e.shown.forEach((t, i) => {
      cols.push({ t });
      if (i === e.gapAfter) cols.push({ gap: true });
    });
    const sub = (t: number) => (folded ? 't' : String(t + 1));
    const tLast = folded ? 0 : T - 1;
    const gapId = (level: number) => `gap:${b.id}:${level}`;
    const gapNode = (level: number, label: string, wide = false): GNode => ({ id: gapId(level), kind: 'gap', label, w: wide ? 120 : 44, h: level === 0 ? IO.h : CELL.h, level, block: b.id });
    const chainsFlat = b.rows.flatMap((r, ri) => r.chains.map((c, ci) => ({ c, ri, ci })));
    const levelOf = new Map(chainsFlat.map(({ c }, i) => [c.id, 1 + i]));
    const cellId = (c: Chain, t: number) => `h:${b.id}:${c.id}:${t}`;
    const inLabel = b.input.label;

    // level 0: inputs
    if (b.input.kind === 'repeat') {
      const id = `x:${b.id}:repeat`;
      nodes.push({ id, kind: 'input', label: inLabel, level: 0, block: b.id, ...IO, title: b.input.via.length ? `${inLabel}: repeated by ${b.input.via.join(', ')}` : undefined });
      inputNode.set(b.id, id);
    } else {
      for (const col of cols) {
        if ('gap' in col) nodes.push({ ...gapNode(0, `⋯ ${e.hidden} steps ⋯`, true) });
        else nodes.push({ id: `x:${b.id}:${col.t}`, kind: 'input', label: inLabel, sub: sub(col.t), t: col.t, level: 0, block: b.id, ...IO, title: b.input.via.length ? `x_${sub(col.t)} through ${b.input.via.join(' → ')}` : undefined });
      }
    }
    // rows of cells
    for (const { c } of chainsFlat) {
      const level = levelOf.get(c.id)!;
      for (const col of cols) {
        if ('gap' in col) nodes.push(gapNode(level, b.input.kind === 'repeat' && level === 1 ? `⋯ ${e.hidden} steps ⋯` : '⋯', b.input.kind === 'repeat' && level === 1));
        else nodes.push({ id: cellId(c, col.t), kind: 'cell', label: c.direction === 'backward' ? 'h′' : 'h', sub: sub(col.t), t: col.t, level, block: b.id, chain: c, bias: c.b, ...CELL, title: `${c.layer} ${c.kind}(${c.units})${c.direction === 'backward' ? ' backward' : ''}, step ${sub(col.t)} — click for the gates` });
      }
      if (folded) manual.push({ id: `loop:${c.id}`, kind: 'loop', from: cellId(c, 0), to: cellId(c, 0), chain: c, weight: c.U, label: 'U' });
      else {
        // neighbours along the row, in the chain's direction (backward chains run right → left)
        const ids = cols.map(col => ('gap' in col ? gapId(level) : cellId(c, col.t)));
        const ts = cols.map(col => ('gap' in col ? -1 : col.t));
        for (let i = 0; i + 1 < ids.length; i++) {
          const [from, to, t] = c.direction === 'forward' ? [ids[i], ids[i + 1], ts[i + 1]] : [ids[i + 1], ids[i], ts[i]];
          manual.push({ id: `rec:${c.id}:${i}`, kind: 'recurrent', from, to, chain: c, t, weight: c.U, label: 'U' });
        }
      }
    }
    // edges between levels, column by column
    const rowsChains = b.rows.map(r => r.chains);
    for (const col of cols) {
      if ('gap' in col) {
        const levels = [0, ...chainsFlat.map(({ c }) => levelOf.get(c.id)!)];
        if (b.input.kind === 'repeat') levels.shift();
        for (let i = 0; i + 1 < levels.length; i++) edges.push({ id: `gl:${b.id}:${i}`, from: gapId(levels[i]), to: gapId(levels[i + 1]), cls: 'gapline' });
        continue;
      }
      const t = col.t;
      const below0 = b.input.kind === 'repeat' ? inputNode.get(b.id)! : `x:${b.id}:${t}`;
      rowsChains.forEach((chains, ri) => {
        const sources = ri === 0 ? [below0] : rowsChains[ri - 1].map(c => cellId(c, t));
        for (const c of chains) for (const s of sources) edges.push({ id: `e:${s}->${cellId(c, t)}`, from: s, to: cellId(c, t), cls: ri === 0 && b.input.kind === 'repeat' ? 'repeat' : 'edge', weight: c.V });
      });
    }
    // outputs
    const top = rowsChains[rowsChains.length - 1] ?? [];
    const perStep = b.output ? b.output.perStep : top.length > 0 && top[0].returnSequences;
    const hasOutput = b.output || b.role !== 'encoder';
    if (top.length && hasOutput) {
      const yLabel = b.output?.label ?? 'y';
      const W = b.output?.W;
      const yTitle = b.output ? `${b.output.layers.join(' → ')}${b.output.units ? ` (${b.output.units}${b.output.activation ? `, ${b.output.activation}` : ''})` : ''}` : 'the top row\'s h is the output';
      if (perStep || folded) {
        for (const col of cols) {
          if ('gap' in col) {
            nodes.push(gapNode(yLevel, '⋯'));
            edges.push({ id: `gl:${b.id}:y`, from: gapId(levelOf.get(top[top.length - 1].id)!), to: gapId(yLevel), cls: 'gapline' });
            continue;
          }
          const y = `y:${b.id}:${col.t}`;
          nodes.push({ id: y, kind: 'output', label: yLabel === 'y' ? 'ŷ' : yLabel, sub: sub(col.t), t: col.t, level: yLevel, block: b.id, ...IO, title: yTitle });
          lastOutput.set(b.id, y);
          for (const c of top) edges.push({ id: `e:${cellId(c, col.t)}->${y}`, from: cellId(c, col.t), to: y, cls: 'edge', weight: W });
        }
      } else {
        const y = `y:${b.id}:final`;
        nodes.push({ id: y, kind: 'output', label: 'ŷ', sub: String(T), t: tLast, level: yLevel, block: b.id, ...IO, title: yTitle });
        lastOutput.set(b.id, y);
        // a backward chain's final state is at input time 0
        for (const c of top) edges.push({ id: `e:${cellId(c, c.direction === 'forward' ? tLast : 0)}->${y}`, from: cellId(c, c.direction === 'forward' ? tLast : 0), to: y, cls: 'edge', weight: W });
      }
    }
    // grid columns for elk: a node's step (or the gap) inside this block, blocks side by side
    const colIdx = new Map<number, number>();
    cols.forEach((c, i) => { if (!('gap' in c)) colIdx.set(c.t, i); });
    const gapIdx = cols.findIndex(c => 'gap' in c);
    for (const n of nodes) if (n.block === b.id) n.col = base + (n.kind === 'gap' ? gapIdx : n.t !== undefined ? colIdx.get(n.t) ?? 0 : 0);
    lastCol.set(b.id, base + cols.length - 1);
    base += cols.length + 1;
    if (top.length) lastCell.set(b.id, cellId(top[0], folded ? 0 : tLast));
    if (rowsChains.length) firstCell.set(b.id, cellId(rowsChains[0][0], 0));
  }
  for (const j of d.joins) {
    const from = lastCell.get(j.from);
    const to = j.via === 'repeat-vector' ? inputNode.get(j.to) : firstCell.get(j.to);
    if (from && to) manual.push({ id: `join:${j.from}->${j.to}`, kind: 'join', from, to, label: j.via === 'repeat-vector' ? `${j.states.join(', ')}_T → c` : `state (${j.states.join(', ')})` });
  }
  addMerges(d.merges ?? [], mergeDepth, { nodes, edges, maxChains, lastCell, lastCol, lastOutput });
  return { nodes, edges, manual, blocks };
}

/** 1 for a merge reading only recurrent rows or inputs, one more than the deepest merge it reads otherwise. */
function mergeDepths(merges: readonly MergeNode[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const m of merges) depth.set(m.id, 1 + Math.max(0, ...m.inputs.map(i => (i.kind === 'merge' ? depth.get(i.id) ?? 0 : 0))));
  return depth;
}

/**
 * One node per merge or attention layer, in its block's last column, with an edge from each
 * input (a block's top row at its last step, or another merge) and, for the last merges, into
 * the block's output.
 */
function addMerges(merges: readonly MergeNode[], depth: Map<string, number>, at: { nodes: GNode[]; edges: GEdge[]; maxChains: number; lastCell: Map<string, string>; lastCol: Map<string, number>; lastOutput: Map<string, string> }): void {
  const read = new Set(merges.flatMap(m => m.inputs.flatMap(i => (i.kind === 'merge' ? [i.id] : []))));
  for (const m of merges) {
    const id = `m:${m.id}`;
    const from = m.inputs.map(i => (i.kind === 'block' ? `${i.block} h` : i.kind === 'merge' ? i.id : i.name));
    at.nodes.push({ id, kind: 'merge', label: m.kind, level: at.maxChains + depth.get(m.id)!, block: m.block, col: at.lastCol.get(m.block) ?? 0, w: 96, h: IO.h, title: `${m.id} (${m.kind}) reads ${from.join(', ')}` });
    m.inputs.forEach((i, k) => {
      const source = i.kind === 'block' ? at.lastCell.get(i.block) : i.kind === 'merge' ? `m:${i.id}` : undefined;
      if (source) at.edges.push({ id: `e:${source}->${id}:${k}`, from: source, to: id, cls: 'edge' });
    });
    const y = at.lastOutput.get(m.block);
    if (y && !read.has(m.id)) at.edges.push({ id: `e:${id}->${y}`, from: id, to: y, cls: 'edge' });
  }
}

const elk = new ELK();
const PAD = 52;

export async function layoutGraph(g: Omit<Layout, 'width' | 'height'>, folded: boolean): Promise<Layout> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'UP',
      // the gap column and the decoder are not connected to the rest by layout edges
      'elk.separateConnectedComponents': 'false',
      // Layers and the order inside them come from the grid (level, column) given as positions;
      // elk aligns the nodes, spaces them by their sizes and routes the edges.
      'elk.layered.layering.strategy': 'INTERACTIVE',
      'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': folded ? '60' : '20',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.padding': '[top=40,left=110,bottom=30,right=30]',
    },
    // room for the recurrent arrow and its U label between neighbours: each node is laid out wider
    children: g.nodes.map(n => ({ id: n.id, width: n.w + PAD, height: n.h, x: (n.col ?? 0) * 150, y: -n.level * 120 })),
    edges: g.edges.map(e => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
  const out = await elk.layout(graph);
  const pos = new Map((out.children ?? []).map(c => [c.id, c]));
  const nodes = g.nodes.map(n => ({ ...n, x: (pos.get(n.id)?.x ?? 0) + PAD / 2, y: pos.get(n.id)?.y ?? 0 }));
  const routes = new Map((out.edges ?? []).map(e => [e.id, e.sections?.[0]]));
  const edges = g.edges.map(e => {
    const s = routes.get(e.id);
    return { ...e, points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : undefined };
  });
  return { ...g, nodes, edges, width: out.width ?? 0, height: out.height ?? 0 };
}

export interface GateLayout {
  nodes: { id: string; x: number; y: number; w: number; h: number }[];
  edges: { id: string; points: { x: number; y: number }[]; labelAt?: { x: number; y: number } }[];
  width: number;
  height: number;
}

/** Left → right layout of a cell's inside. */
export async function layoutGates(nodes: { id: string; w: number; h: number }[], edges: { id: string; from: string; to: string }[]): Promise<GateLayout> {
  const input: ElkNode = {
    id: 'gates',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '22',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
    },
    children: nodes.map(n => ({ id: n.id, width: n.w, height: n.h })),
    edges: edges.map(e => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
  const out = await elk.layout(input);
  return {
    nodes: (out.children ?? []).map(c => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 })),
    edges: (out.edges ?? []).map(e => {
      const s = e.sections?.[0];
      const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
      return { id: e.id, points };
    }),
    width: out.width ?? 0,
    height: out.height ?? 0,
  };
}
