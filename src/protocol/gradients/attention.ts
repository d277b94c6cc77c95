// The attention alignment's data on the gradient channel: for one example of a model, every
// Attention/AdditiveAttention layer's softmax weights, query (decoder) steps × value (encoder)
// steps, at a training step. A fit after show_attention sends snapshots of the same example as
// it trains, kept by the state inspector's budget rule (states.ts: SnapshotBudget, at most 64
// snapshots and 16 MiB per model), so the panel can scrub through training. Values travel
// through the one codec (codec.ts): NaN and ±Inf stay distinct.

/** One attention layer's weights over the example. */
export interface AttentionMap {
  layer: string;
  kind: string;
  /** Query (decoder) steps: the rows. */
  Tq: number;
  /** Value (encoder) steps: the columns. */
  Tv: number;
  /** weights[i·Tv + j]: query step i's weight on value step j; each row sums to 1. */
  weights: ArrayLike<number>;
  /** [Tv]: 1 where the value step is read, 0 where masked (padding, weight 0); absent without a mask. */
  valueMask?: number[];
}

/** The weights of the example at one training step. */
export interface AttentionSnapshot {
  /** Training steps done when it was taken (0: the initial weights). */
  step: number;
  epoch?: number;
  maps: AttentionMap[];
}

/** What the channel carries: one snapshot of a model's aligned example, with its labels. */
export interface AttentionMessage {
  modelId: string;
  /** The model's name: the panel's title before a fit has drawn the model. */
  modelName: string;
  /** One label per value (encoder) step: the columns. */
  inputTokens: string[];
  /** One label per query (decoder) step: the rows. */
  outputTokens: string[];
  snapshot: AttentionSnapshot;
  /** A new example (show_attention): the snapshots of the previous one no longer compare, drop them. */
  reset?: boolean;
}

/** Bytes of one snapshot's weights as float32: Σ over maps of Tq × Tv × 4. */
export function attentionBytes(maps: readonly AttentionMap[]): number {
  return maps.reduce((sum, m) => sum + m.Tq * m.Tv * 4, 0);
}

/** The snapshot with its weights as float32 (what the budget counts), whatever array they came in. */
export function compactAttention(s: AttentionSnapshot): AttentionSnapshot {
  return { ...s, maps: s.maps.map(m => ({ ...m, weights: Float32Array.from(m.weights) })) };
}
