// Connectivity (Distill, "Visualizing memorization in RNNs"): how strongly the output at the
// last step depends on each input step, ‖∂y_T[k]/∂x_t‖₂ over t. A separate graph built with the
// autodiff: forward in inference mode, then backprop from the output with a seed that selects
// y_T[k], down to the per-step inputs — x itself for float inputs, the embedding vectors for
// token ids (the ids are not differentiable; the vectors are what the recurrence reads).
//
//   inputs:  parameters, x [B, T(, F)], seed (pred's shape: one-hot at step T−1, class k)
//   outputs: pred, connectivity [B, T] = ‖∂⟨seed, pred⟩/∂x_t‖ over the feature axis
import { backprop } from '../autodiff/backprop';
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { Value } from '../graph/types';
import type { BuildContext, Flow } from '../layers/layer';
import { inputDType, InputSpec, Sequential } from '../layers/sequential';
import * as op from '../ops';
import { declareParams, StepGraphOptions } from './step';

export interface ConnectivityGraph {
  graph: Graph;
  x: string;
  seed: string;
  pred: string;
  connectivity: string;
  encode(): Uint8Array;
}

export function buildConnectivity(model: Sequential, input: InputSpec, opts: StepGraphOptions = {}): ConnectivityGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_connectivity`, dtype);
  const { param } = declareParams(g, model, input);
  const xShape = input.shape.map((d) => (d === 'T' && opts.T !== undefined ? opts.T : d));
  const x = g.input('x', inputDType(input, dtype), ['B', ...xShape]);
  const ctx: BuildContext = {
    g,
    param,
    lowering: opts.lowering ?? 'scan',
    T: opts.T,
    training: false,
    recurrences: [],
  };
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
  const pred = flow.value;
  const seed = g.input('seed', dtype, pred.shape);
  const grads = backprop(g, [[pred, seed]], [steps!]);
  const d = grads.get(steps!) ?? op.zerosLike(g, steps!); // [B, T, F]
  const conn = op.sqrt(g, op.reduceSum(g, op.mul(g, d, d), [-1])); // [B, T]
  return {
    graph: g,
    x: 'x',
    seed: 'seed',
    pred: g.output(pred, 'pred').name,
    connectivity: g.output(conn, 'connectivity').name,
    encode: () => encodeModel(g),
  };
}
