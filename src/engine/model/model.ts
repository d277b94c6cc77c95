// Keras functional Model(inputs, outputs): the layer calls between them, in topological order.
// Parameters are named `${layer}.${param}` as in Sequential, so weights, optimizers and
// diagnostics treat both the same; a layer called twice shares its parameters.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';
import { takesList, type BuildContext, type FeatureShape, type Flow, type Layer } from '../layers/layer';
import { RNNLayer, RNNResult } from '../layers/rnn';
import { initialValues, type InputSpec, type ParamEntry } from '../layers/sequential';
import { Bidirectional } from '../layers/wrappers';
import type { Rng } from '../util/rng';
import { InputNode, LayerCall, SymbolicTensor } from './symbolic';

export class Model {
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  /** Layer calls in an order where every call comes after the calls it reads. */
  readonly calls: LayerCall[];
  /** Distinct layers in first-call order. */
  readonly layers: Layer[];

  constructor(inputs: SymbolicTensor | SymbolicTensor[], outputs: SymbolicTensor | SymbolicTensor[], readonly name = 'functional') {
    this.inputs = Array.isArray(inputs) ? inputs : [inputs];
    this.outputs = Array.isArray(outputs) ? outputs : [outputs];
    for (const i of this.inputs) if (i.origin.kind !== 'input') throw new Error(`Model inputs must come from Input(...), got ${i.toString()}`);
    this.calls = topoCalls(this.outputs, new Set(this.inputs));
    this.layers = [];
    for (const c of this.calls) if (!this.layers.includes(c.layer)) this.layers.push(c.layer);
    const names = new Set<string>();
    for (const l of this.layers) {
      if (names.has(l.name)) throw new Error(`duplicate layer name ${l.name}`);
      names.add(l.name);
    }
  }

  get inputNodes(): InputNode[] {
    return this.inputs.map((i) => (i.origin as { input: InputNode }).input);
  }

  /** Per-input specs (Sequential-style) for callers that feed tensors. */
  get inputSpecs(): InputSpec[] {
    return this.inputNodes.map((n) => ({ shape: n.shape, dtype: n.dtype }));
  }

  /** Every parameter with its shape, in first-call order. `_input` is ignored (Model knows its inputs). */
  paramEntries(_input?: InputSpec): ParamEntry[] {
    const out: ParamEntry[] = [];
    const seen = new Set<Layer>();
    for (const c of this.calls) {
      if (seen.has(c.layer)) continue;
      seen.add(c.layer);
      for (const spec of c.layer.params(c.input.shape)) out.push({ key: `${c.layer.name}.${spec.name}`, layer: c.layer, spec });
    }
    return out;
  }

  /** Keras initial values, drawn from one seeded stream in parameter order. */
  initParams(_input: InputSpec | undefined, rng: Rng): Map<string, Float64Array> {
    return initialValues(this.paramEntries(), rng);
  }

  outputShapes(): FeatureShape[] {
    return this.outputs.map((o) => o.shape);
  }

  /** Emits the model into ctx.g: one Flow per input in, one per output out. */
  forwardAll(ctx: BuildContext, xs: Flow[]): Flow[] {
    if (xs.length !== this.inputs.length) throw new Error(`${this.name}: ${this.inputs.length} input(s), got ${xs.length}`);
    const env = new Map<SymbolicTensor, Flow>();
    this.inputs.forEach((s, i) => env.set(s, xs[i]));
    const read = (s: SymbolicTensor): Flow => {
      const f = env.get(s);
      if (!f) throw new Error(`${this.name}: ${s.toString()} is not computed from the model's inputs`);
      return f;
    };
    for (const c of this.calls) {
      const x = c.mask ? { ...read(c.input), mask: stepMask(ctx, read(c.mask).value) } : read(c.input);
      const outs = c.list && takesList(c.layer) ? c.layer.applyAll(ctx, c.inputs.map(read), c.options) : runCall(ctx, c, x, c.initialState.map((s) => read(s).value));
      c.outputs.forEach((s, i) => env.set(s, outs[i]));
    }
    return this.outputs.map(read);
  }

  /** Single-input, single-output use (the Sequential interface the step builder calls). */
  forward(ctx: BuildContext, x: Flow): Flow {
    if (this.inputs.length !== 1 || this.outputs.length !== 1) throw new Error(`${this.name}: forward() is for one input and one output; use forwardAll`);
    return this.forwardAll(ctx, [x])[0];
  }
}

/** An explicit mask as the float 0/1 [B, T] every layer reads: nonzero (True) is a step to use, as Keras's boolean mask. */
function stepMask(ctx: BuildContext, m: Value): Value {
  const { g } = ctx;
  const zero = m.dtype === 'int64' ? g.ints([0], []) : op.constLike(g, m, 0);
  return op.cast(g, op.not(g, op.equal(g, m, zero)), g.floatType);
}

/** One layer call in the graph. Later calls of a shared layer record their recurrences apart. */
function runCall(ctx: BuildContext, c: LayerCall, x: Flow, initial: Value[]): Flow[] {
  const recordAs = c.callIndex === 0 ? c.layer.name : `${c.layer.name}_call${c.callIndex}`;
  let r: (RNNResult & { backwardOutput?: Flow }) | null = null;
  if (c.layer instanceof RNNLayer) r = c.layer.run(ctx, x, initial.length ? initial : undefined, 'forward', recordAs);
  else if (c.layer instanceof Bidirectional) r = c.layer.run(ctx, x, initial.length ? initial : undefined, recordAs);
  if (!r) return [c.layer.apply(ctx, x)];
  const outputs = r.backwardOutput ? [r.output, r.backwardOutput] : [r.output];
  return [...outputs, ...r.states.map((value) => ({ value }))].slice(0, c.outputs.length);
}

/** Depth-first from the outputs; stops at the model inputs. */
function topoCalls(outputs: SymbolicTensor[], inputs: Set<SymbolicTensor>): LayerCall[] {
  const order: LayerCall[] = [];
  const state = new Map<LayerCall, 'visiting' | 'done'>();
  const visitTensor = (t: SymbolicTensor) => {
    if (inputs.has(t)) return;
    if (t.origin.kind === 'input') throw new Error(`Model: ${t.toString()} is not among the model's inputs`);
    visitCall(t.origin.call);
  };
  const visitCall = (c: LayerCall) => {
    const s = state.get(c);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`Model: cycle through ${c.layer.name}`);
    state.set(c, 'visiting');
    c.inputs.forEach(visitTensor);
    c.initialState.forEach(visitTensor);
    if (c.mask) visitTensor(c.mask);
    state.set(c, 'done');
    order.push(c);
  };
  outputs.forEach(visitTensor);
  return order;
}

/** The graph inputs of a functional model: `x` for a single input, `x.<input name>` otherwise. */
export function modelInputNames(model: Model): string[] {
  return model.inputNodes.length === 1 ? ['x'] : model.inputNodes.map((n) => `x.${n.name}`);
}

/** Declares the model's inputs in g (symbolic T unless a static T is given for the first one). */
export function declareInputs(g: Graph, model: Model, T?: number): Value[] {
  const names = modelInputNames(model);
  return model.inputNodes.map((n, i) => {
    const shape = n.shape.map((d, k) => (k === 0 && typeof d === 'string' && T !== undefined ? T : d));
    return g.input(names[i], n.dtype === 'int64' ? 'int64' : g.floatType, ['B', ...shape]);
  });
}
