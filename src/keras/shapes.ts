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
export function lastSize(shape: Dims): number {
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

// ---- merge and attention layers: several inputs, per-sample shapes (Keras axes count the batch)

/** Two dims that must agree: a known size wins over a symbol; two different sizes do not merge. */
function sameDim(a: Dim, b: Dim, what: string): Dim {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) throw new Error(`${what}: ${a} and ${b} differ`);
    return a;
  }
  return typeof a === 'number' ? a : b;
}

function sameRank(inputs: readonly Dims[], who: string): number {
  if (inputs.length < 2) throw new Error(`${who} takes a list of at least 2 tensors, got ${inputs.length}`);
  const rank = inputs[0].length;
  for (const s of inputs) if (s.length !== rank) throw new Error(`${who}: inputs must have the same rank, got ${inputs.map(i => i.length + 1).join(' and ')}`);
  return rank;
}

/** A Keras axis (batch is axis 0, negatives from the end) as a per-sample axis. */
export function sampleAxis(axis: number, rank: number, who: string): number {
  const full = axis < 0 ? axis + rank + 1 : axis;
  if (full < 1 || full > rank) throw new Error(`${who}: axis ${axis} is out of range for inputs of rank ${rank + 1} (the batch axis 0 cannot be merged)`);
  return full - 1;
}

/** Concatenate(axis): equal shapes except on `axis`, whose sizes add up ('?' when one is not known). */
export function concatenateOutput(inputs: readonly Dims[], axis: number): Dims {
  const rank = sameRank(inputs, 'Concatenate');
  const k = sampleAxis(axis, rank, 'Concatenate');
  return inputs[0].map((_, i) => {
    if (i === k) {
      const sizes = inputs.map(s => s[i]);
      return sizes.every(d => typeof d === 'number') ? sizes.reduce((a, b) => a + b, 0) : '?';
    }
    return inputs.slice(1).reduce<Dim>((d, s) => sameDim(d, s[i], `Concatenate: shapes ${inputs.map(x => formatShape(x)).join(', ')} differ on axis ${i + 1}`), inputs[0][i]);
  });
}

/** Add, Multiply, Average: same rank, sizes equal or 1 (broadcast, as Keras 3's Merge layers). */
export function elementwiseMergeOutput(inputs: readonly Dims[], who: string): Dims {
  sameRank(inputs, who);
  return inputs[0].map((_, i) => inputs.slice(1).reduce<Dim>((d, s) => {
    const e = s[i];
    if (d === 1) return e;
    if (e === 1) return d;
    return sameDim(d, e, `${who}: shapes ${inputs.map(x => formatShape(x)).join(', ')} cannot be broadcast`);
  }, inputs[0][i]));
}

/** Dot's axes as per-sample axes of each input: an int applies to both (Keras counts the batch as axis 0). */
export function dotAxes(axes: number | readonly [number, number], a: Dims, b: Dims): [number, number] {
  const [x, y] = typeof axes === 'number' ? [axes, axes] : axes;
  return [sampleAxis(x, a.length, 'Dot'), sampleAxis(y, b.length, 'Dot')];
}

/** Dot(axes): batch-wise dot product over one axis of each input; [1] when nothing else is left. */
export function dotOutput(inputs: readonly Dims[], axes: number | readonly [number, number]): Dims {
  if (inputs.length !== 2) throw new Error(`Dot takes a list of exactly 2 tensors, got ${inputs.length}`);
  const [a, b] = inputs;
  const [i, j] = dotAxes(axes, a, b);
  sameDim(a[i], b[j], `Dot: the summed axes have different sizes (${formatShape(a)} axis ${i + 1}, ${formatShape(b)} axis ${j + 1})`);
  const out = [...a.filter((_, k) => k !== i), ...b.filter((_, k) => k !== j)];
  return out.length ? out : [1];
}

/**
 * Attention / AdditiveAttention on [query, value] or [query, value, key]: query [Tq, dim],
 * value [Tv, dv], key [Tv, dim]; output [Tq, dv], then the scores [Tq, Tv] when asked for.
 */
export function attentionOutputs(inputs: readonly Dims[], who: string, returnScores: boolean): Dims[] {
  if (inputs.length !== 2 && inputs.length !== 3) throw new Error(`${who} takes a list [query, value] or [query, value, key], got ${inputs.length} tensor(s)`);
  for (const s of inputs) if (s.length !== 2) throw new Error(`${who}: query, value and key must be sequences [batch, steps, features], got ${formatShape(s)}`);
  const [query, value] = inputs;
  const key = inputs[2] ?? value;
  sameDim(value[0], key[0], `${who}: value and key must have the same number of steps`);
  sameDim(query[1], key[1], `${who}: query and key must have the same feature size`);
  const output: Dims = [query[0], value[1]];
  return returnScores ? [output, [query[0], value[0]]] : [output];
}
