// A Keras recurrent layer as one native ONNX RNN / LSTM / GRU node (export only).
//
// Weight layouts: Keras kernel [F, G·H] with gate columns LSTM i,f,c,o / GRU z,r,h; ONNX wants
// W [1, G·H, F] and R [1, G·H, H] (transposed) with LSTM gates i,o,f,c and GRU z,r,h, and
// B [1, 2·G·H] = [Wb; Rb]. Keras GRU reset_after=True is ONNX linear_before_reset=1 with
// bias[0] → Wb, bias[1] → Rb; reset_after=False has one bias (Wb) and Rb = 0.
//
// Masks become sequence_lens = Σ_t mask[b, t]: exact when padding is post (the kept steps are a
// prefix), which is what pad_sequences(padding='post') and the shipped datasets give. A mask with
// holes or pre-padding cannot be expressed this way: export with masks: 'scan' to keep those
// layers as (standard) Scan loops instead.
import type { Graph } from '../graph/graph';
import { A, Attrs, TensorData, Value } from '../graph/types';
import type { BuildContext, Flow } from '../layers/layer';
import { GRU, LSTM, RNNLayer, RNNResult } from '../layers/rnn';
import * as op from '../ops';
import './native-ops';

/** Keras column block order → ONNX's, per cell kind. */
function gateOrder(layer: RNNLayer): number[] {
  if (layer instanceof LSTM) return [0, 3, 1, 2]; // ONNX i,o,f,c from Keras i,f,c,o
  return layer.gateCount === 3 ? [0, 1, 2] : [0];
}

/** The numbers of a parameter: the exporter passes weights as Constant nodes. */
function constantData(v: Value): Float64Array {
  const t = v.producer?.op === 'Constant' ? (v.producer.attrs.value as { v: TensorData }).v : undefined;
  if (!t) throw new Error(`export: parameter ${v.name} is not a constant`);
  return Float64Array.from(t.data as ArrayLike<number>);
}

/** Keras [rows, G·H] → ONNX [1, G·H, rows] with gate blocks permuted. */
function toOnnxMatrix(w: Float64Array, rows: number, H: number, order: number[]): Float64Array {
  const G = order.length;
  const out = new Float64Array(G * H * rows);
  order.forEach((kerasGate, onnxGate) => {
    for (let j = 0; j < H; j++) for (let r = 0; r < rows; r++) out[(onnxGate * H + j) * rows + r] = w[r * G * H + kerasGate * H + j];
  });
  return out;
}

function permuteVector(b: Float64Array, H: number, order: number[]): Float64Array {
  const out = new Float64Array(order.length * H);
  order.forEach((k, o) => out.set(b.subarray(k * H, (k + 1) * H), o * H));
  return out;
}

/**
 * ONNX's default activations are Keras's (tanh; sigmoid gates), so they need no attribute. Other
 * activations would need the string-list attribute `activations`, which the IR cannot encode
 * yet: such layers stay Scan loops in the export (still a standard ONNX model).
 */
function defaultActivations(layer: RNNLayer): boolean {
  const act = layer.opts.activation ?? 'tanh';
  const rec = layer.opts.recurrent_activation ?? 'sigmoid';
  return act === 'tanh' && (layer.gateCount === 1 || rec === 'sigmoid');
}

/** sequence_lens [B] int32 from a [B, T] float mask. */
function sequenceLens(g: Graph, mask: Value): Value {
  // The IR has no int32 dtype; this Cast's result only feeds the native op (ONNX type int32 = 6).
  return g.emit('Cast', [op.reduceSum(g, mask, [1])], { to: A.i(6) })[0];
}

export interface NativeOptions {
  /** 'sequence_lens' (post-padding) or 'scan' (any mask: masked layers stay Scan loops). */
  masks: 'sequence_lens' | 'scan';
}

/** The BuildContext.native hook: null where a native op cannot express the layer. */
export function nativeRecurrent(opts: NativeOptions) {
  return (ctx: BuildContext, layer: RNNLayer, x: Flow, initial: Value[] | undefined): RNNResult | null => {
    if (!defaultActivations(layer)) return null;
    if (x.mask && opts.masks === 'scan') return null;
    const { g } = ctx;
    const H = layer.units;
    const F = x.value.shape[2] as number;
    const order = gateOrder(layer);
    const G = order.length;
    const kernel = constantData(ctx.param(layer.name, 'kernel'));
    const recurrent = constantData(ctx.param(layer.name, 'recurrent_kernel'));
    const W = g.floats([1, G * H, F], toOnnxMatrix(kernel, F, H, order));
    const R = g.floats([1, G * H, H], toOnnxMatrix(recurrent, H, H, order));
    let B: Value | null = null;
    if (layer.opts.use_bias !== false) {
      const bias = constantData(ctx.param(layer.name, 'bias'));
      const twoRows = layer instanceof GRU && layer.resetAfter;
      const wb = permuteVector(twoRows ? bias.subarray(0, G * H) : bias, H, order);
      const rb = twoRows ? permuteVector(bias.subarray(G * H), H, order) : new Float64Array(G * H);
      B = g.floats([1, 2 * G * H], [...wb, ...rb]);
    }
    const X = op.transpose(g, x.value, [1, 0, 2]); // [T, B, F]
    const lens = x.mask ? sequenceLens(g, x.mask) : null;
    const init = initial?.map((s) => op.unsqueeze(g, s, [0])); // [1, B, H] each
    const reverse = !!layer.opts.go_backwards;
    const attrs: Attrs = { hidden_size: A.i(H), direction: A.s(reverse ? 'reverse' : 'forward') };
    if (layer instanceof GRU) attrs.linear_before_reset = A.i(layer.resetAfter ? 1 : 0);
    const kind = layer instanceof LSTM ? 'LSTM' : layer instanceof GRU ? 'GRU' : 'RNN';
    const ins = [X, W, R, B, lens, init?.[0] ?? null, ...(kind === 'LSTM' ? [init?.[1] ?? null] : [])];
    const outs = g.emit(kind, ins, attrs, kind === 'LSTM' ? 3 : 2);
    const states = outs.slice(1).map((s) => op.squeeze(g, s, [0])); // [B, H] each

    if (!layer.opts.return_sequences) return { output: { value: states[0] }, states };
    // ONNX Y is indexed by input time with zeros past each length; Keras (and our Scan lowering)
    // emit in processing order and repeat the carried state at masked steps.
    let seq = op.squeeze(g, outs[0], [1]); // [T, B, H]
    if (reverse) seq = op.reverse(g, seq, 0);
    if (x.mask && !layer.opts.zero_output_for_mask) {
      // Post-padding: forward, masked steps come last and carry h_final; reversed, they come
      // first and carry the initial state (zeros unless initial_state was given).
      const carried = reverse ? initial?.[0] : states[0];
      if (carried) {
        let m = op.transpose(g, x.mask, [1, 0]); // [T, B]
        if (reverse) m = op.reverse(g, m, 0);
        const unkept = op.unsqueeze(g, op.rsubC(g, 1, m), [-1]); // [T, B, 1]
        seq = op.add(g, seq, op.mul(g, unkept, op.unsqueeze(g, carried, [0])));
      }
    }
    return { output: { value: op.transpose(g, seq, [1, 0, 2]), mask: x.mask }, states };
  };
}
