// What every layer shares: the tensors that flow between layers, the build context, parameters.
import type { Graph } from '../graph/graph';
import type { Dim, Value } from '../graph/types';
import type { InitializerSpec } from '../init';
import type { Recurrence } from '../ops/recurrence';
import type { DropoutInput } from './dropout';
import type { RNNLayer, RNNResult } from './rnn';

/** A tensor flowing between layers, with its Keras mask (float 0/1, [B, T]) when it has one. */
export interface Flow {
  value: Value;
  mask?: Value;
}

/** A trainable tensor a layer owns. Its graph input is named `${layer}.${name}`. */
export interface ParamSpec {
  name: string;
  shape: number[];
  init: InitializerSpec;
  /** Post-processing of initial values (LSTM unit_forget_bias sets the forget slice to 1). */
  fix?: (values: Float64Array) => void;
}

/** A recurrence a layer built, remembered for the ‖dL/dh_t‖ diagnostic. */
export interface RecurrenceRecord {
  layer: string;
  direction: 'forward' | 'backward';
  rec: Recurrence;
}

/**
 * A recurrence's states and gates over time, for the state inspector (train/states.ts): one
 * [B, T, H] value per series (h, c, then the cell's gates), indexed by input time t also for a
 * backward chain, and the [B, T] mask the layer read, if any.
 */
export interface StateProbeRecord {
  layer: string;
  direction: 'forward' | 'backward';
  kind: string;
  units: number;
  series: { name: string; value: Value }[];
  mask?: Value;
}

/**
 * An Attention/AdditiveAttention call's softmax weights [B, Tq, Tv] (rows sum to 1 over the value
 * steps), for the attention alignment panel (train/attention.ts), and the value mask it read.
 */
export interface AttentionProbeRecord {
  layer: string;
  kind: string;
  weights: Value;
  valueMask?: Value;
}

export interface BuildContext {
  g: Graph;
  /** The graph input holding a parameter. */
  param(layer: string, name: string): Value;
  /** Scan (one session for every T) or unrolled (needs a static T). */
  lowering: 'scan' | 'unrolled';
  /** Static T, when known (required for unrolled). */
  T?: number;
  training: boolean;
  recurrences: RecurrenceRecord[];
  /** Probe graphs: each recurrent layer also outputs its states and gates per step and records them here. */
  stateProbes?: StateProbeRecord[];
  /** Probe graphs: each attention layer also outputs its weights and records them here. */
  attentionProbes?: AttentionProbeRecord[];
  /** The BPTT probe (train/bptt.ts): one layer reads its own copy of its weights at every step. */
  perStepWeights?: PerStepWeights;
  /** Training graphs: collects the dropout masks the graph reads as inputs (see dropout.ts). */
  dropout?: DropoutInput[];
  /**
   * Export: builds a recurrent layer as a native ONNX RNN/LSTM/GRU op instead of a recurrence.
   * Returns null where it cannot (then the layer lowers to Scan as usual).
   */
  native?: NativeRecurrent;
}

/**
 * The BPTT probe's request: layer `layer` reads kernel, recurrent kernel and bias through per-step
 * copies [T, ...shape] (the same values at every t), so the gradient with respect to a copy is the
 * term of ∂L/∂W that flows through that step's use of W. The layer fills in `uses`.
 */
export interface PerStepWeights {
  layer: string;
  uses?: { kernel: Value; recurrent_kernel: Value; bias?: Value };
}

/** See BuildContext.native; implemented in src/engine/export. */
type NativeRecurrent = (ctx: BuildContext, layer: RNNLayer, x: Flow, initial: Value[] | undefined) => RNNResult | null;

/** Per-sample feature shape (no batch dim), e.g. [T, F] or [F]; T may be a symbol. */
export type FeatureShape = readonly Dim[];

export interface Layer {
  readonly name: string;
  readonly kind: string;
  /** Parameter specs, given the per-sample input shape. */
  params(input: FeatureShape): ParamSpec[];
  outputShape(input: FeatureShape): FeatureShape;
  apply(ctx: BuildContext, x: Flow): Flow;
}

/**
 * Keras-style default names (simple_rnn, simple_rnn_1, ...; input_layer, input_layer_1 for
 * inputs), counted per scope as Keras counts per session. A kernel owns one scope and names
 * every layer and input it makes from it (src/kernel/kernelContext.ts).
 */
export class NameScope {
  private readonly counts = new Map<string, number>();
  next(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}

// The engine used on its own (tests, benchmarks, fixtures), with layers made without a name or a
// scope, is one Keras session per process, as Keras itself is; kernels never reach this scope.
let standalone = new NameScope();
export function autoName(base: string): string {
  return standalone.next(base);
}
/** Keras's clear_session for the engine used on its own: names count from the start again. */
export function resetNames(): void {
  standalone = new NameScope();
}

export function lastDim(s: FeatureShape): number {
  const d = s[s.length - 1];
  if (typeof d !== 'number') throw new Error(`feature dim must be known, got ${d}`);
  return d;
}

/** Options of one call of a layer that takes a list of tensors (Attention's return_attention_scores). */
export interface ListCallOptions {
  return_attention_scores?: boolean;
  /** Attention: query step i attends to value steps j <= i only (decoder self-attention). */
  use_causal_mask?: boolean;
}

/**
 * A layer called on a list of tensors (merge and attention layers: `Add()([a, b])`). Layer's
 * `params` reads the first input's shape; `outputShape` and `apply` are for one tensor and throw.
 */
export interface ListInputLayer extends Layer {
  readonly takesList: true;
  /** Per-sample output shapes for these inputs (Attention: output, then scores when asked). */
  callShapes(inputs: FeatureShape[], opts: ListCallOptions): FeatureShape[];
  applyAll(ctx: BuildContext, xs: Flow[], opts: ListCallOptions): Flow[];
}

export function takesList(layer: Layer): layer is ListInputLayer {
  return (layer as Partial<ListInputLayer>).takesList === true;
}
