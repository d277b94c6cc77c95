// Connectivity (Distill, "Visualizing memorization in RNNs"): how strongly the output at the
// last step depends on each input step, ‖∂y_T[k]/∂x_t‖₂ over t. A separate graph built with the
// autodiff: forward in inference mode, then backprop from the output with a seed that selects
// y_T[k], down to the per-step inputs — x itself for float inputs, the embedding vectors for
// token ids (the ids are not differentiable; the vectors are what the recurrence reads).
//
//   inputs:  parameters, x [B, T(, F)], seed (pred's shape: one-hot at step T−1, class k)
//   outputs: pred, connectivity [B, T] = ‖∂⟨seed, pred⟩/∂x_t‖ over the feature axis
//
// A functional model may have several inputs and outputs; the view is one curve over t, so it
// takes the first input and the first output (the others are fed as usual, their gradients
// unused). Its inputs are named as in every other graph of the model (`x`, or `x.<name>`).
import { backprop } from '../autodiff/backprop';
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { Value } from '../graph/types';
import type { BuildContext, Flow } from '../layers/layer';
import { inputDType, InputSpec, Sequential } from '../layers/sequential';
import { declareInputs, Model } from '../model/model';
import * as op from '../ops';
import { declareParams, StepGraphOptions } from './step';

export interface ConnectivityGraph {
  graph: Graph;
  /** The first input: the one connectivity is taken over. */
  x: string;
  /** Every input of the model, in model order (just `x` for a Sequential). */
  xs: string[];
  seed: string;
  pred: string;
  connectivity: string;
  encode(): Uint8Array;
}

export function buildConnectivity(model: Sequential | Model, input: InputSpec, opts: StepGraphOptions = {}): ConnectivityGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_connectivity`, dtype);
  const { param } = declareParams(g, model, input);
  const ctx: BuildContext = {
    g,
    param,
    lowering: opts.lowering ?? 'scan',
    T: opts.T,
    training: false,
    recurrences: [],
  };
  const { xs, pred, steps } = forwardToSteps(ctx, model, input);
  const seed = g.input('seed', dtype, pred.shape);
  const grads = backprop(g, [[pred, seed]], [steps]);
  const d = grads.get(steps) ?? op.zerosLike(g, steps); // [B, T, F]
  const conn = op.sqrt(g, op.reduceSum(g, op.mul(g, d, d), [-1])); // [B, T]
  return {
    graph: g,
    x: xs[0].name,
    xs: xs.map((v) => v.name),
    seed: 'seed',
    pred: g.output(pred, 'pred').name,
    connectivity: g.output(conn, 'connectivity').name,
    encode: () => encodeModel(g),
  };
}

/** The inputs, the (first) prediction and the per-step vectors the gradient is taken at. */
export interface Forward {
  xs: Value[];
  pred: Value;
  /** [B, T, F] */
  steps: Value;
}

/** The forward graph in ctx, keeping the per-step vectors of the first input (saliency.ts builds on it too). */
export function forwardToSteps(ctx: BuildContext, model: Sequential | Model, input: InputSpec): Forward {
  return model instanceof Model ? forwardFunctional(ctx, model) : forwardSequential(ctx, model, input);
}

function forwardSequential(ctx: BuildContext, model: Sequential, input: InputSpec): Forward {
  const xShape = input.shape.map((d) => (d === 'T' && ctx.T !== undefined ? ctx.T : d));
  const x = ctx.g.input('x', inputDType(input, ctx.g.floatType), ['B', ...xShape]);
  // The per-step inputs: x when it is float, else the first float output (the embeddings).
  let steps: Value | undefined = x.dtype === 'int64' ? undefined : x;
  let flow: Flow = { value: x };
  for (const layer of model.layers) {
    flow = layer.apply(ctx, flow);
    if (!steps && flow.value.dtype !== 'int64') {
      if (flow.value.shape.length !== 3) throw new Error(`connectivity: ${layer.name} should give per-step vectors [B, T, E], got rank ${flow.value.shape.length}`);
      steps = flow.value;
    }
  }
  return { xs: [x], pred: flow.value, steps: steps! };
}

function forwardFunctional(ctx: BuildContext, model: Model): Forward {
  const xs = declareInputs(ctx.g, model, ctx.T);
  const pred = model.forwardAll(ctx, xs.map((value) => ({ value })))[0].value;
  return { xs, pred, steps: xs[0].dtype === 'int64' ? embeddedSteps(ctx.g, xs[0]) : xs[0] };
}

/**
 * Token ids are not differentiable; the vectors the recurrence reads are the float [B, T, E]
 * that the first node reading the ids computes (an Embedding's Gather). A functional model has
 * no layer list to walk in input order, so the graph is searched instead; nodes come in
 * creation order, which follows the model's calls.
 */
function embeddedSteps(g: Graph, ids: Value): Value {
  for (const node of g.nodes) {
    if (!node.inputs.includes(ids)) continue;
    const v = node.outputs.find((o) => o.dtype === g.floatType && o.shape.length === 3);
    if (v) return v;
  }
  throw new Error(`connectivity: no layer turns ${ids.name} into per-step vectors [B, T, E]`);
}
