// BPTT step-through (issue 15, item 5): ∂L/∂W of one recurrent layer for one example as the sum
// over time steps of the terms that flow through each step's use of W. A probe graph built with
// our own autodiff: the chosen layer reads its kernel, recurrent kernel and bias through per-step
// copies [T, ...shape] (the same values at every step, layers/rnn.ts), and the loss is
// differentiated with respect to the copies, so slice t of each gradient is term_t and the sum
// over t is the usual gradient (the copies' Expand sums them back, as the training graph does).
//
//   inputs:  parameters, x (or x.<name>), y (or y.<k>)
//   outputs: loss, `term.<weight>` [T, ...weight shape] for kernel, recurrent_kernel (and bias)
//
// Inference mode (no dropout), as the other probes: the terms of the gradient the weights have,
// not of one random dropout mask. Terms are indexed by input time t (a go_backwards layer too).
import { backprop } from '../autodiff/backprop';
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { TensorData, Value } from '../graph/types';
import type { PerStepWeights } from '../layers/layer';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Model } from '../model/model';
import * as op from '../ops';
import { buildForward, CompileOptions, emitLossAndMetrics, headsOf, StepGraphOptions, TargetSpec } from './step';

const BPTT_WEIGHTS = ['kernel', 'recurrent_kernel', 'bias'] as const;
type BpttWeight = (typeof BPTT_WEIGHTS)[number];

export interface BpttProbeGraph {
  graph: Graph;
  layer: string;
  xs: string[];
  ys: string[];
  loss: string;
  /** Graph output per weight the layer has (no bias with use_bias=False). */
  terms: Partial<Record<BpttWeight, string>>;
  encode(): Uint8Array;
}

export function buildBpttProbe(model: Sequential | Model, input: InputSpec, target: TargetSpec | TargetSpec[], compile: CompileOptions, layer: string, opts: StepGraphOptions = {}): BpttProbeGraph {
  const g = new Graph(`${model.name}_bptt`, opts.dtype ?? 'float32');
  const perStep: PerStepWeights = { layer };
  const { xs, preds, masks } = buildForward(g, model, input, opts, false, { perStepWeights: perStep });
  if (!perStep.uses) throw new Error(`${model.name} has no SimpleRNN, LSTM or GRU layer named '${layer}' (a Bidirectional's directions are named forward_<layer> and backward_<layer>)`);
  const targets = Array.isArray(target) ? target : [target];
  const { loss, ys } = emitLossAndMetrics(g, headsOf(model, compile), targets, preds, masks, opts.T);
  const uses = BPTT_WEIGHTS.flatMap((w): [BpttWeight, Value][] => (perStep.uses![w] ? [[w, perStep.uses![w]]] : []));
  const grads = backprop(g, [[loss, g.scalar(1)]], uses.map(([, v]) => v));
  const terms: Partial<Record<BpttWeight, string>> = {};
  for (const [w, v] of uses) terms[w] = g.output(grads.get(v) ?? op.zerosLike(g, v), `term.${w}`).name;
  return { graph: g, layer, xs: xs.map((v) => v.name), ys, loss: g.output(loss, 'loss').name, terms, encode: () => encodeModel(g) };
}

/** One weight's terms for one example: term t is values[t·size .. (t+1)·size) in the weight's layout. */
export interface WeightTerms {
  weight: BpttWeight;
  /** The weight's shape (without the leading T). */
  shape: number[];
  T: number;
  values: Float64Array;
}

/** The probe's outputs for a batch of one, per weight. */
export function weightTerms(probe: BpttProbeGraph, out: Record<string, TensorData>): WeightTerms[] {
  return BPTT_WEIGHTS.flatMap((weight) => {
    const name = probe.terms[weight];
    if (!name) return [];
    const [T, ...shape] = out[name].dims;
    return [{ weight, shape, T, values: Float64Array.from(out[name].data as ArrayLike<number>) }];
  });
}

/** What the step-through shows of one weight: per-step norms and shares, partial sums, the total. */
export interface BpttSummary {
  weight: BpttWeight;
  shape: number[];
  T: number;
  /** ‖term_t‖_F, t = 0..T−1 (input time). */
  norms: number[];
  /** ‖term_t‖ / Σ_s ‖term_s‖: the share of the total magnitude (sums to 1). */
  shares: number[];
  /** ⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖²: the signed part of the gradient along itself (sums to 1). */
  projections: number[];
  /**
   * The running sum as BPTT accumulates it: ‖Σ_{s ≥ t} term_s‖ from the last step back to t; for a
   * layer that reads the sequence backwards (go_backwards, a Bidirectional's backward copy), whose
   * BPTT starts at input step 1, ‖Σ_{s ≤ t} term_s‖.
   */
  partialNorms: number[];
  /** ‖∂L/∂W‖_F = ‖Σ_t term_t‖. */
  fullNorm: number;
  /** Σ_t term_t in the weight's layout. */
  full: Float64Array;
}

export function summarizeTerms(w: WeightTerms, backwards = false): BpttSummary {
  const size = w.shape.reduce((a, b) => a * b, 1);
  const term = (t: number) => w.values.subarray(t * size, (t + 1) * size);
  const norm = (v: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  };
  const full = new Float64Array(size);
  const partialNorms = new Array<number>(w.T);
  // In the order BPTT visits the steps: the layer's last-read step first.
  for (let k = 0; k < w.T; k++) {
    const t = backwards ? k : w.T - 1 - k;
    const v = term(t);
    for (let i = 0; i < size; i++) full[i] += v[i];
    partialNorms[t] = norm(full);
  }
  const norms = Array.from({ length: w.T }, (_, t) => norm(term(t)));
  const total = norms.reduce((a, b) => a + b, 0);
  const fullNorm = norm(full);
  const projections = Array.from({ length: w.T }, (_, t) => {
    const v = term(t);
    let dot = 0;
    for (let i = 0; i < size; i++) dot += v[i] * full[i];
    return fullNorm > 0 ? dot / (fullNorm * fullNorm) : 0;
  });
  return { weight: w.weight, shape: w.shape, T: w.T, norms, shares: norms.map((n) => (total > 0 ? n / total : 0)), projections, partialNorms, fullNorm, full };
}
