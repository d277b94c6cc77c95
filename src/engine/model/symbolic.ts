// Symbolic tensors of the functional API: `Input(...)` makes one, calling a layer on them makes
// more. Nothing is computed here; a Model walks these records back from its outputs and emits
// graph nodes later (model.ts), so the same model builds a training and an inference graph.
import type { Dim } from '../graph/types';
import { autoName, type FeatureShape, type Layer, type ListCallOptions, type NameScope } from '../layers/layer';

export type SymbolicDType = 'int64' | 'float';

/** A model input: per-sample shape (no batch dim) and dtype. */
export interface InputNode {
  readonly name: string;
  readonly shape: FeatureShape;
  readonly dtype: SymbolicDType;
}

/** One call of a layer: what it read and what it produced. */
export interface LayerCall {
  readonly layer: Layer;
  /** The first (or only) input. */
  readonly input: SymbolicTensor;
  /** Every input: one, or the list a merge or attention layer was called on. */
  readonly inputs: SymbolicTensor[];
  /** Whether the layer was called on a list (`Add()([a, b])`), so it reads `inputs`. */
  readonly list: boolean;
  /** Call options of a list-taking layer (Attention's return_attention_scores). */
  readonly options: ListCallOptions;
  /** Keras initial_state (recurrent layers only). */
  readonly initialState: SymbolicTensor[];
  /** Keras `layer(x, mask=m)` (recurrent layers only): [T] per sample, nonzero = a step to use; replaces x's own mask. */
  readonly mask?: SymbolicTensor;
  readonly outputs: SymbolicTensor[];
  /** How many earlier calls of this layer there are (shared layers). */
  readonly callIndex: number;
}

export type Origin = { kind: 'input'; input: InputNode } | { kind: 'call'; call: LayerCall; index: number };

/** A tensor of a functional model before any graph exists. Shapes exclude the batch dim. */
export class SymbolicTensor {
  constructor(
    readonly shape: FeatureShape,
    readonly dtype: SymbolicDType,
    readonly origin: Origin,
  ) {}
  toString(): string {
    const where = this.origin.kind === 'input' ? this.origin.input.name : `${this.origin.call.layer.name}[${this.origin.index}]`;
    return `<${where} [None, ${this.shape.join(', ')}] ${this.dtype}>`;
  }
}

export interface InputOptions {
  dtype?: SymbolicDType | 'int32' | 'float32';
  name?: string;
  /** Where the default name (input_layer, input_layer_1, ...) is counted; the engine's own scope without one. */
  names?: NameScope;
}

/**
 * Keras Input(shape): `shape` is per sample; null marks a variable length and becomes a symbol
 * (`T` for the first such dim of an input named `x`, `T_<name>` otherwise), resolved at run time.
 */
export function Input(shape: readonly (number | null | string)[], opts: InputOptions = {}): SymbolicTensor {
  const name = opts.name ?? (opts.names ? opts.names.next('input_layer') : autoName('input_layer'));
  const dims: Dim[] = shape.map((d, i) => (d === null ? (i === 0 ? `T_${name}` : `D${i}_${name}`) : d));
  const dtype: SymbolicDType = opts.dtype === 'int64' || opts.dtype === 'int32' ? 'int64' : 'float';
  return new SymbolicTensor(dims, dtype, { kind: 'input', input: { name, shape: dims, dtype } });
}
