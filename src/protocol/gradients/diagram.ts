// The diagram model: a recurrent model as the graph panel draws it (blocks unrolled over time,
// rows of chains, shared weights), and which steps an unrolled view draws. Pure data; built by
// fromLayers.ts in the kernel, read by every panel.

export type RecurrentKind = 'SimpleRNN' | 'LSTM' | 'GRU';
/** Where inputs and outputs sit on the time axis (the seed's "types of RNNs"). */
export type Arity = 'many-to-one' | 'one-to-many' | 'many-to-many' | 'one-to-one';
export type Direction = 'forward' | 'backward';

/**
 * A shared weight as the seed names it: U recurrent (h_{t−1}→h_t), V input (x_t→h_t),
 * W output (h_t→y_t), b the biases. `id` is unique in the diagram and is what hover highlights;
 * `param` is the engine parameter key (`layer.recurrent_kernel`), the key of gradNorm.
 */
export interface SharedWeight {
  id: string;
  symbol: 'U' | 'V' | 'W' | 'b';
  param: string;
  /** Shown in tooltips: "U  simple_rnn.recurrent_kernel [100, 100]". */
  shape?: number[];
}

/** One recurrent chain: a layer (or one direction of a Bidirectional). */
export interface Chain {
  id: string;
  /** The engine layer name (the Bidirectional wrapper's name for its two chains). */
  layer: string;
  kind: RecurrentKind;
  units: number;
  direction: Direction;
  /** Keras go_backwards (true for a Bidirectional's backward chain). */
  goBackwards: boolean;
  returnSequences: boolean;
  /** Key of the ‖dL/dh_t‖ series in a GradientFrame: `${layer}.${direction}`. */
  dhKey: string;
  /** States carried between steps: ['h'] or ['h', 'c']. */
  states: string[];
  U: SharedWeight;
  V: SharedWeight;
  b?: SharedWeight;
  /** GRU reset_after (Keras default true); drawn in the gate view. */
  resetAfter?: boolean;
  activation: string;
  recurrentActivation?: string;
}

/** A stacked row: one chain, or two (forward, backward) for a Bidirectional. */
export interface Row {
  id: string;
  title: string;
  chains: Chain[];
  /** How a Bidirectional merges its two chains. */
  merge?: 'concat' | 'sum' | 'mul' | 'ave';
}

/** What feeds x_t: raw features, token ids through an embedding, or a repeated context vector. */
export interface InputDesc {
  label: string;
  kind: 'features' | 'ids' | 'repeat';
  /** Layers between x and the first recurrent row (Embedding, Masking). */
  via: string[];
  features?: number;
  /** Embedding weight (drawn on the x_t → h_t path), when ids. */
  embedding?: SharedWeight;
}

/** What reads h_t: the Dense head (W), per step (TimeDistributed / sequences) or at the end. */
export interface OutputDesc {
  label: string;
  layers: string[];
  units?: number;
  activation?: string;
  W?: SharedWeight;
  bias?: SharedWeight;
  perStep: boolean;
}

/** A block unrolled over its own time axis: a whole model, or an encoder or decoder. */
export interface Block {
  id: string;
  title: string;
  role: 'model' | 'encoder' | 'decoder';
  /** Steps of this block (null: not known until data arrives; the panel draws `defaultT`). */
  T: number | null;
  arity: Arity;
  input: InputDesc;
  /** Bottom (nearest x) to top. */
  rows: Row[];
  output?: OutputDesc;
}

/** Encoder → decoder: the encoder's final states become the decoder's (initial state, or repeated as input). */
export interface Join {
  from: string;
  to: string;
  via: 'initial-state' | 'repeat-vector';
  states: string[];
}

/** Where a merge or attention layer's input comes from. */
export type MergeSource =
  /** The top recurrent row of a block (its h sequence or final state). */
  | { kind: 'block'; block: string }
  /** Another merge or attention layer. */
  | { kind: 'merge'; id: string }
  /** A model input read without a recurrent layer between. */
  | { kind: 'input'; name: string };

/**
 * A layer of a functional model that reads several tensors (Concatenate, Add, Dot, Attention…),
 * drawn above the recurrent rows of the block it feeds, with an arrow from each input.
 */
export interface MergeNode {
  /** The layer name (unique in the model). */
  id: string;
  kind: string;
  /** The block it is drawn in: the block of its first input (an attention's query). */
  block: string;
  /** Its inputs in call order ([query, value] for attention). */
  inputs: MergeSource[];
}

export interface ModelDiagram {
  /** Identifies the model in the kernel (e.g. the variable name); frames carry the same id. */
  modelId: string;
  name: string;
  blocks: Block[];
  joins: Join[];
  /** Every shared weight by id (the legend and gradient norms per parameter). */
  weights: Record<string, SharedWeight>;
  /** Every ‖dL/dh_t‖ series the frames will carry, bottom to top. */
  dhKeys: string[];
  /** Layers the diagram does not draw (shown as a note). */
  notes: string[];
  /** Merge and attention layers of a functional model, inputs before the layers reading them. */
  merges?: MergeNode[];
}

/** Which time steps the unrolled view draws: all when T ≤ max, else the first `head`, a gap, the last `tail`. */
export interface Elision {
  shown: number[];
  /** Index in `shown` after which the gap sits, and how many steps it hides. */
  gapAfter: number;
  hidden: number;
}
export function elide(T: number, max = 8, head = 3, tail = 2): Elision {
  if (T <= max) return { shown: Array.from({ length: T }, (_, i) => i), gapAfter: -1, hidden: 0 };
  return { shown: [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: tail }, (_, i) => T - tail + i)], gapAfter: head - 1, hidden: T - head - tail };
}
