// Saliency of one example: for every output position o and input step t, how strongly the model's
// output y_o depends on the step-t input vector v_t, as ‖∂y_o/∂v_t‖₂ and as gradient × input
// Σ_i v_t,i · ∂y_o/∂v_t,i (signed: which steps push y_o up and which down). A probe graph built
// with the autodiff, on the connectivity graph's forward (connectivity.ts): inference mode, the
// gradient taken at the per-step vectors of the first input — x itself for float inputs, the
// embedding vectors for token ids (ids are not differentiable; the vectors are what the
// recurrence reads, and gradient × input is then Σ_i e_t,i · ∂y/∂e_t,i).
//
// y_o is the predicted class's logit, not its probability: the score before a final softmax or
// sigmoid. A probability saturates as the model grows confident (∂p/∂z = p(1−p) → 0), so over
// training the probability's saliency would fade even where the model relies on a token most;
// the logit's does not. A model whose last op is not a softmax or sigmoid (linear outputs, or a
// softmax folded into the loss with from_logits) already outputs scores: y is its output. For a
// one-unit sigmoid the predicted class is 1 when p ≥ 0.5 (logit z) and 0 otherwise (logit −z).
//
// One session run gives every output position: the example is repeated T_out times along the
// batch axis and row o's seed selects y_o (one-hot at position o, predicted class k_o).
//
//   inputs:  parameters, x (one example repeated T_out times), seed (the scores' shape)
//   outputs: pred (the model's output), norm [T_out, T_in], gradInput [T_out, T_in]
import { backprop } from '../autodiff/backprop';
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { TensorData, Value } from '../graph/types';
import type { BuildContext } from '../layers/layer';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Model } from '../model/model';
import * as op from '../ops';
import { forwardToSteps } from './connectivity';
import { argmax } from './sampling';
import { declareParams, StepGraphOptions } from './step';

/** What y is: the logit before the model's final softmax/sigmoid, or the output itself. */
type SaliencyTarget = 'logit' | 'output';

export interface SaliencyGraph {
  graph: Graph;
  /** Every input of the model, in model order. */
  xs: string[];
  seed: string;
  pred: string;
  norm: string;
  gradInput: string;
  target: SaliencyTarget;
  /** The final activation the logit was taken before (absent for target 'output'). */
  activation?: 'Softmax' | 'Sigmoid';
  encode(): Uint8Array;
}

export function buildSaliency(model: Sequential | Model, input: InputSpec, opts: StepGraphOptions = {}): SaliencyGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_saliency`, dtype);
  const { param } = declareParams(g, model, input);
  const ctx: BuildContext = { g, param, lowering: opts.lowering ?? 'scan', T: opts.T, training: false, recurrences: [] };
  const { xs, pred, steps } = forwardToSteps(ctx, model, input);
  const { y, activation } = scoresOf(g, pred);
  const seed = g.input('seed', dtype, y.shape);
  const d = backprop(g, [[y, seed]], [steps]).get(steps) ?? op.zerosLike(g, steps); // [B, T, F]
  const norm = op.sqrt(g, op.reduceSum(g, op.mul(g, d, d), [-1]));
  const gradInput = op.reduceSum(g, op.mul(g, d, steps), [-1]);
  return {
    graph: g,
    xs: xs.map((v) => v.name),
    seed: 'seed',
    pred: g.output(pred, 'pred').name,
    norm: g.output(norm, 'saliency_norm').name,
    gradInput: g.output(gradInput, 'saliency_grad_input').name,
    target: activation ? 'logit' : 'output',
    activation,
    encode: () => encodeModel(g),
  };
}

/**
 * The scores under a final Softmax over the last axis or Sigmoid (their input), else the output
 * itself. Reshapes after the activation (TimeDistributed folds [B, T] into one axis and back) are
 * looked through and applied to the scores alike, as long as they keep the class axis last.
 */
function scoresOf(g: Graph, pred: Value): { y: Value; activation?: 'Softmax' | 'Sigmoid' } {
  const producer = (v: Value) => g.nodes.find((n) => n.outputs.includes(v));
  const reshapes: Value[] = [];
  let v = pred;
  let node = producer(v);
  while (node?.op === 'Reshape' && node.inputs[0] && node.inputs[1] && v.shape[v.shape.length - 1] === node.inputs[0].shape[node.inputs[0].shape.length - 1]) {
    reshapes.unshift(node.inputs[1]);
    v = node.inputs[0];
    node = producer(v);
  }
  const axis = (node?.attrs.axis?.v as number | undefined) ?? -1;
  const activation = node?.op === 'Softmax' && (axis === -1 || axis === v.shape.length - 1) ? 'Softmax' : node?.op === 'Sigmoid' ? 'Sigmoid' : undefined;
  if (!activation || !node?.inputs[0]) return { y: pred };
  let y = node.inputs[0];
  for (const shape of reshapes) y = op.reshape(g, y, shape);
  return { y, activation };
}

/** One example's saliency at the trainer's current weights. */
export interface Saliency {
  /** Output positions: T_out for sequence outputs ([T_out, C]), 1 for one output per sequence. */
  outputs: number;
  /** Input steps. */
  T: number;
  /** ‖∂y_o/∂v_t‖₂, norm[o·T + t]. */
  norm: Float32Array;
  /** Σ_i v_t,i · ∂y_o/∂v_t,i, gradInput[o·T + t]. */
  gradInput: Float32Array;
  /** The class whose score y_o is, per output position (the prediction's argmax; for one sigmoid unit 1 or 0). */
  classes: number[];
  target: SaliencyTarget;
  activation?: 'Softmax' | 'Sigmoid';
}

/**
 * The seed that selects y_o in row o of the repeated example, from the model's prediction for it
 * ([1, T_out, C] or [1, C]): one-hot at position o, class argmax; a one-unit sigmoid's seed is −1
 * where class 0 is predicted (its logit is −z).
 */
export function saliencySeed(pred: TensorData, activation: SaliencyGraph['activation']): { seed: Float64Array; dims: number[]; outputs: number; classes: number[] } {
  const sequence = pred.dims.length === 3;
  const outputs = sequence ? pred.dims[1] : 1;
  const C = pred.dims[pred.dims.length - 1];
  const rowLen = outputs * C;
  const seed = new Float64Array(outputs * rowLen);
  const classes: number[] = [];
  for (let o = 0; o < outputs; o++) {
    const scores = Array.from(pred.data.subarray(o * C, (o + 1) * C) as ArrayLike<number>);
    const oneSigmoid = activation === 'Sigmoid' && C === 1;
    const k = oneSigmoid ? (scores[0] >= 0.5 ? 1 : 0) : argmax(scores);
    classes.push(k);
    seed[o * rowLen + o * C + (oneSigmoid ? 0 : k)] = oneSigmoid && k === 0 ? -1 : 1;
  }
  return { seed, dims: sequence ? [outputs, outputs, C] : [1, C], outputs, classes };
}

/** Row `sample` of each input, repeated `n` times along the batch axis. */
export function repeatRow(x: TensorData, sample: number, n: number): TensorData {
  const size = x.dims.slice(1).reduce((p, d) => p * d, 1);
  if (sample < 0 || sample >= x.dims[0]) throw new Error(`saliency: sample ${sample} is out of range for ${x.dims[0]} sequence(s)`);
  const row = x.data.subarray(sample * size, (sample + 1) * size);
  const data = new (x.data.constructor as { new (n: number): typeof x.data })(n * size);
  for (let i = 0; i < n; i++) (data as Float32Array).set(row as Float32Array, i * size);
  return { dtype: x.dtype, dims: [n, ...x.dims.slice(1)], data };
}
