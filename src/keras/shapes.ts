// Shape rules of the Keras layers, per sample (the batch axis left out): the engine's layers
// answer outputShape with them and the editor's static checks compute shapes with them, so a
// shape the editor shows is the shape the model gets. A dim is a size or a symbolic name
// ('T' for a free time axis, '?' for a size nobody knows before running).

export type Dim = number | string;
export type Dims = readonly Dim[];

/** Bidirectional's merge of the two directions; 'none' keeps them apart (Keras merge_mode=None). */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | 'none';

/** Dense: the last axis becomes `units`. */
export function denseOutput(input: Dims, units: number): Dims {
  return [...input.slice(0, -1), units];
}

/** Embedding: every id becomes a vector of `outputDim`. */
export function embeddingOutput(input: Dims, outputDim: number): Dims {
  return [...input, outputDim];
}

/** Masking and Dropout leave the shape as it is. */
export function sameOutput(input: Dims): Dims {
  return input;
}

/** SimpleRNN, LSTM, GRU: [T, units] with return_sequences, else [units]. */
export function recurrentOutput(input: Dims, units: number, returnSequences: boolean): Dims {
  return returnSequences ? [input[0], units] : [units];
}

/** RepeatVector(n): [F] → [n, F]. */
export function repeatVectorOutput(input: Dims, n: number): Dims {
  return [n, ...input];
}

/** The known feature size on the last axis (concat adds the two directions' sizes). */
function lastSize(shape: Dims): number {
  const d = shape[shape.length - 1];
  if (typeof d !== 'number') throw new Error(`feature dim must be known, got ${d}`);
  return d;
}

/**
 * Bidirectional, from the wrapped layer's output: concat doubles the last axis, sum/mul/ave
 * keep it, and merge_mode None gives two outputs (forward, backward) of the wrapped shape.
 */
export function bidirectionalOutputs(inner: Dims, mergeMode: MergeMode): Dims[] {
  if (mergeMode === 'none') return [inner, inner];
  if (mergeMode === 'concat') return [[...inner.slice(0, -1), 2 * lastSize(inner)]];
  return [inner];
}

/** TimeDistributed: the wrapped layer's rule on every step. */
export function timeDistributedOutput(input: Dims, inner: (step: Dims) => Dims): Dims {
  return [input[0], ...inner(input.slice(1))];
}

/** States a recurrent cell carries: LSTM h and c, the others h. */
const STATE_COUNTS: Readonly<Record<string, number>> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

export function isRecurrentClass(className: string): boolean {
  return className in STATE_COUNTS;
}

/**
 * The states return_state returns and initial_state takes: how many (×2 under Bidirectional,
 * forward then backward) and their size (each is [units]).
 */
export function recurrentStates(className: string, units: number, bidirectional: boolean): { count: number; units: number } {
  const perDirection = STATE_COUNTS[className];
  if (perDirection === undefined) throw new Error(`${className} is not a recurrent layer`);
  return { count: perDirection * (bidirectional ? 2 : 1), units };
}

/** (None, 50, 64) from a per-sample shape, as Keras prints it; symbols (variable lengths) print as None. */
export function formatShape(shape: readonly (Dim | null)[]): string {
  const dims = ['None', ...shape.map(d => (typeof d === 'number' ? String(d) : 'None'))];
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}
