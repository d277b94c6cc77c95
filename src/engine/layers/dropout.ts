// Dropout in training graphs: inverted dropout (kept units scaled by 1/(1 − rate)), identity at
// inference.
//
// Where the randomness comes from: every dropout mask is a graph input, drawn in JS by the
// trainer's seeded Rng before each step (`makeDropoutFeeds`), not an in-graph RandomUniformLike.
// Why:
//  - ONNX's random ops take their seed as a static attribute, so a graph cannot get a new seed
//    per step; their values would come from the kernel's hidden generator state, which depends on
//    the session's lifetime (the session cache), the execution provider and onnxruntime-node vs
//    -web. Masks fed from our Rng are the same on every provider and reproducible from the seed.
//  - The Scan BPTT recomputes each step from saved states: a mask drawn inside the step body
//    would differ between the forward and the backward recompute. A mask fed from outside is
//    read identically by both.
//  - Gradient checks in float64 need a fixed mask: here it is just another input.
// The cost is B·F + B·H floats per recurrent layer per step, nothing next to the batch itself.
//
// Keras 3 semantics kept: recurrent layers draw one input mask [B, F] and one recurrent mask
// [B, H] per batch and reuse them at every time step (DropoutRNNCell caches them per call);
// the `Dropout` layer draws a mask of the full input shape (a new value at every step).
// Keras 3's fused implementation (the default, implementation=2) applies one mask to the input
// of all gates at once; we do the same for the recurrent mask (h_{t−1}⊙m feeds every gate's
// recurrent product; the carry z⊙h_{t−1} of GRU and the LSTM cell state are not masked).
import type { Dim, DType, TensorData, Value } from '../graph/types';
import * as op from '../ops';
import type { Rng } from '../util/rng';
import { autoName, BuildContext, FeatureShape, Flow, Layer, ParamSpec } from './layer';

/** A dropout mask the training graph reads; the trainer feeds it every step. */
export interface DropoutInput {
  /** Graph input name, `dropout.${layer}.${what}`. */
  name: string;
  /** Declared dims, symbols ('B', 'T', …) resolved from the batch at feed time. */
  shape: Dim[];
  rate: number;
  /** A mask the caller already has in the graph (gradient checks feed fixed masks this way). */
  value?: Value;
}

/**
 * The graph input holding a mask for `rate`, already scaled: entries are 0 or 1/(1 − rate).
 * Only call it in training graphs.
 */
export function dropoutMask(ctx: BuildContext, key: string, shape: Dim[], rate: number): Value {
  if (!ctx.dropout) throw new Error(`${key}: this graph builder does not feed dropout masks (BuildContext.dropout is unset)`);
  if (!(rate > 0 && rate < 1)) throw new Error(`${key}: dropout rate must be in (0, 1), got ${rate}`);
  const preset = ctx.dropout.find((d) => d.value && d.name === `dropout.${key}`);
  if (preset) return preset.value!;
  let name = `dropout.${key}`;
  // A layer called twice (functional models) gets one mask per call.
  for (let k = 1; ctx.dropout.some((d) => d.name === name); k++) name = `dropout.${key}_${k}`;
  ctx.dropout.push({ name, shape, rate });
  return ctx.g.input(name, ctx.g.floatType, shape);
}

/** True when a layer with this rate must drop in this graph. */
export function dropsIn(ctx: BuildContext, rate: number | undefined): rate is number {
  return ctx.training && rate !== undefined && rate > 0;
}

/**
 * Fresh masks for one training step. `dims` resolves the symbols in the declared shapes (at
 * least 'B'; 'T' and any other sequence symbol for `Dropout` on sequences).
 */
export function makeDropoutFeeds(inputs: readonly DropoutInput[], dims: Record<string, number>, rng: Rng, dtype: DType = 'float32'): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const d of inputs) {
    const concrete = d.shape.map((s) => {
      if (typeof s === 'number') return s;
      const v = dims[s];
      if (v === undefined) throw new Error(`${d.name}: no size for dim '${s}'`);
      return v;
    });
    const n = concrete.reduce((a, b) => a * b, 1);
    const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    const scale = 1 / (1 - d.rate);
    for (let i = 0; i < n; i++) data[i] = rng.random() < d.rate ? 0 : scale;
    feeds[d.name] = { dtype, dims: concrete, data };
  }
  return feeds;
}

/** Keras Dropout(rate): x⊙mask with a fresh mask per element, in training graphs only. */
export class Dropout implements Layer {
  readonly kind = 'Dropout';
  readonly name: string;
  constructor(
    readonly rate: number,
    name?: string,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`Dropout: rate must be in [0, 1), got ${rate}`);
    this.name = name ?? autoName('dropout');
  }
  params(): ParamSpec[] {
    return [];
  }
  outputShape(input: FeatureShape): FeatureShape {
    return input;
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    if (!dropsIn(ctx, this.rate)) return x;
    const m = dropoutMask(ctx, this.name, [...x.value.shape], this.rate); // like x: [B, (T,) F]
    return { value: op.mul(ctx.g, x.value, m), mask: x.mask };
  }
}
