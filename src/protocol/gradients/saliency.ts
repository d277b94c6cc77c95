// The saliency view's data on the gradient channel: for one input sequence of a model (the
// example show_saliency chose), how strongly each output position depends on each input step,
// ‖∂y_o/∂v_t‖ and gradient × input (engine/train/saliency.ts), at a training step. A fit sends
// snapshots of the same example as it trains under the state inspector's budget rule
// (SnapshotBudget, states.ts: at most 64 snapshots, at most 16 MiB of values per model).

/** One example's saliency at one training step. */
export interface SaliencySnapshot {
  /** Training steps done when it was taken (0: the initial weights). */
  step: number;
  epoch?: number;
  /** Output positions (T_out; 1 for one output per sequence). */
  outputs: number;
  /** Input steps. */
  T: number;
  /** ‖∂y_o/∂v_t‖₂ at [o·T + t]. */
  norm: ArrayLike<number>;
  /** Σ_i v_t,i · ∂y_o/∂v_t,i at [o·T + t] (signed). */
  gradInput: ArrayLike<number>;
  /** The class whose score y_o is, per output position. */
  classes: number[];
  /** y_o is the logit under the model's final softmax/sigmoid, or the output itself. */
  target: 'logit' | 'output';
}

/** What the channel carries: one snapshot of a model's saliency example, with its tokens. */
export interface SaliencyMessage {
  modelId: string;
  modelName: string;
  /** One label per input step. */
  tokens: string[];
  snapshot: SaliencySnapshot;
  /** A new example (show_saliency): drop the snapshots of the previous one. */
  reset?: boolean;
  /** The output position show_saliency asked the panel to show (with reset). */
  output?: number;
}

/** Bytes of one snapshot's values as float32: two [T_out, T] matrices. */
export function saliencyBytes(s: Pick<SaliencySnapshot, 'outputs' | 'T'>): number {
  return 2 * s.outputs * s.T * 4;
}

/** The snapshot with its values as float32 (what the budget counts), whatever array they came in. */
export function compactSaliency(s: SaliencySnapshot): SaliencySnapshot {
  return { ...s, norm: Float32Array.from(s.norm), gradInput: Float32Array.from(s.gradInput) };
}
