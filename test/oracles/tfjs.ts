/**
 * TensorFlow.js as an independent reference for Keras semantics (tests only).
 *
 * `runTfjs` builds a functional tfjs model from symbolic inputs, loads given weights
 * into named layers with `layer.setWeights` (the `get_weights()` order, like Keras),
 * runs `predict`, and returns every output as float64. TF.js computes in float32, so
 * compare with a tolerance of about 1e-5.
 *
 * TF.js follows Keras 2, not Keras 3; differences that matter here:
 * - LSTM/GRU default recurrent_activation is 'hardSigmoid' (Keras 3: 'sigmoid'), and
 *   hardSigmoid is clip(0.2x + 0.5) (Keras 3 hard_sigmoid: clip(x/6 + 0.5)).
 * - GRU reset_after=True (the Keras 3 default) is not supported; the cell throws.
 * - LSTM unit_forget_bias defaults to off (Keras 3: on).
 * - No zero_output_for_mask: Bidirectional(return_sequences=True) over a mask gives the
 *   carried-over output at masked steps where Keras 3 gives zeros.
 * - A masked step outputs the previous h state; Keras 3's TensorFlow backend outputs the
 *   previous output, which starts at zeros (differs only with leading masked steps and a
 *   non-zero initial_state).
 * - Masking is applied by multiplication (out·m + prev·(1−m)), so a NaN/Inf computed at a
 *   masked step leaks through; Keras uses where().
 */
import * as tf from '@tensorflow/tfjs';
import { Tensor } from './tensor';

let backendReady: Promise<void> | null = null;

/** The cpu backend: starts in milliseconds and computes in plain JS float32. */
export function useTfjsCpu(): Promise<void> {
  if (!backendReady) {
    backendReady = (async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    })();
  }
  return backendReady;
}

export function toTf(t: Tensor, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  return dtype === 'int32' ? tf.tensor(Int32Array.from(t.data), t.shape, 'int32') : tf.tensor(Float32Array.from(t.data), t.shape, 'float32');
}

export interface TfjsInput {
  value: Tensor;
  dtype?: 'float32' | 'int32';
}

export interface TfjsRun {
  inputs: TfjsInput[];
  /** Wires layers onto the symbolic inputs; returns one or more symbolic outputs. */
  build(inputs: tf.SymbolicTensor[]): tf.SymbolicTensor | tf.SymbolicTensor[];
  /** Layers and the weights to load into them after the model is built. */
  weights?: Array<[tf.layers.Layer, Tensor[]]>;
}

/** Runs the model and returns outputs as float64 tensors (same order as build returned). */
export async function runTfjs(run: TfjsRun): Promise<Tensor[]> {
  await useTfjsCpu();
  const symIn = run.inputs.map((i) => tf.input({ shape: i.value.shape.slice(1), dtype: i.dtype ?? 'float32' }));
  const built = run.build(symIn);
  const outs = Array.isArray(built) ? built : [built];
  const model = tf.model({ inputs: symIn, outputs: outs });
  for (const [layer, w] of run.weights ?? []) {
    const expected = layer.getWeights().length;
    if (expected !== w.length) throw new Error(`${layer.name}: tfjs expects ${expected} weight arrays, got ${w.length}`);
    layer.setWeights(w.map((t) => toTf(t)));
  }
  const feeds = run.inputs.map((i) => toTf(i.value, i.dtype ?? 'float32'));
  const result = model.predict(feeds.length === 1 ? feeds[0] : feeds);
  const list = Array.isArray(result) ? result : [result];
  const out = list.map((t) => ({ shape: [...t.shape] as number[], data: Float64Array.from(t.dataSync()) }));
  tf.dispose([...feeds, ...list]);
  model.dispose?.();
  return out;
}

export { tf };
