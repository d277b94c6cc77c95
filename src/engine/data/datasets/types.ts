// The shapes every `datasets.*` loader returns. Plain typed arrays with a shape (no engine or
// language types) so the engine, the kernel and tests can all use them; the kernel wraps each
// DataArray as the NdArray cells see.
import type { Tokenizer } from '../tokenizer';

export type DataDType = 'float32' | 'int32';

/** A dense row-major array: data.length equals the product of shape. */
export interface DataArray {
  readonly dtype: DataDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

/** Keras-style (x, y) pair. */
export type XY = readonly [x: DataArray, y: DataArray];

/** A word vocabulary: Keras `word_index` (every word seen, from 1) and the size an Embedding needs. */
export interface Vocabulary {
  readonly wordIndex: Readonly<Record<string, number>>;
  /** Indices in x are < size (num_words capped), so Embedding(input_dim=size) fits. */
  readonly size: number;
}

/** How to undo the scaling of a series: original = scaled * scale + offset. */
export interface Scaler {
  readonly kind: 'minmax' | 'standard' | 'none';
  readonly offset: number;
  readonly scale: number;
}

/** What a loader says about the data it returned: shown by the kernel as the value's summary. */
export interface DatasetInfo {
  readonly name: string;
  readonly description: string;
  /** Where the data came from, licence and credit, for real corpora. */
  readonly source?: string;
  readonly license?: string;
  readonly citation?: string;
  /** The arguments actually used (defaults filled in). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Loader-specific numbers (class balance, baseline losses, series length…). */
  readonly extra?: Readonly<Record<string, number | string | readonly number[]>>;
}

export interface Dataset {
  readonly train: XY;
  readonly test: XY;
  readonly vocabulary?: Vocabulary;
  readonly tokenizer?: Tokenizer;
  readonly scaler?: Scaler;
  /** Time series: the whole raw series, for plotting predictions against it. */
  readonly series?: DataArray;
  readonly info: DatasetInfo;
}

export function float32Array(shape: readonly number[], data?: Float32Array): DataArray {
  return checked({ dtype: 'float32', shape: [...shape], data: data ?? new Float32Array(product(shape)) });
}

export function int32Array(shape: readonly number[], data?: Int32Array): DataArray {
  return checked({ dtype: 'int32', shape: [...shape], data: data ?? new Int32Array(product(shape)) });
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checked(a: DataArray): DataArray {
  if (a.data.length !== product(a.shape)) {
    throw new Error(`dataset array of ${a.data.length} values does not fit shape [${a.shape.join(', ')}]`);
  }
  return a;
}
